-- Issue 9: the agent is told when a policy of theirs lapses. policy_lapse_notice (V010) is worded
-- for the customer, so the agent gets policy_lapsed_agent. Register it in WhatsApp Manager with the
-- same name, language, category and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('policy_lapsed_agent', 'UTILITY', 'en',
     'Hello {{1}}, policy {{2}} of {{3}} has lapsed: the premium due on {{4}} was not received within the grace period. It can be revived until {{5}}.',
     5, '["agent_name", "policy_number", "customer_name", "due_date", "revival_deadline"]', '[]', 'approved'),
    ('policy_lapsed_agent', 'UTILITY', 'hi',
     'नमस्ते {{1}}, {{3}} की पॉलिसी {{2}} व्यपगत (लैप्स) हो गई है: {{4}} को देय प्रीमियम अनुग्रह अवधि में प्राप्त नहीं हुआ। इसे {{5}} तक पुनर्जीवित किया जा सकता है।',
     5, '["agent_name", "policy_number", "customer_name", "due_date", "revival_deadline"]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
