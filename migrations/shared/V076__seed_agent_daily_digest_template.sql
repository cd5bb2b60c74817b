-- Issue 21: an agent is told about their book once a day, in one message, never once per policy (an agent who
-- imported a 100,000-row book got 48,618 lapse notices, one per policy, on their own phone). The daily reminders
-- job queues agent_daily_digest to each agent with policies lapsed that day: how many lapsed today and how many
-- premiums fall due in the coming week; the detail is in the portal. policy_lapsed_agent (V050) stays for notices
-- claimed before the digest. Register it in WhatsApp Manager with the same name, language, category and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('agent_daily_digest', 'UTILITY', 'en',
     'Hello {{1}}, {{2}} of your policies lapsed today and {{3}} premiums are due this week. See the details in the Agent Mitra portal.',
     3, '["agent_name", "lapsed_today", "due_this_week"]', '[]', 'approved'),
    ('agent_daily_digest', 'UTILITY', 'hi',
     'नमस्ते {{1}}, आज आपकी {{2}} पॉलिसियाँ व्यपगत (लैप्स) हुईं और इस सप्ताह {{3}} प्रीमियम देय हैं। पूरा विवरण Agent Mitra पोर्टल पर देखें।',
     3, '["agent_name", "lapsed_today", "due_this_week"]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
