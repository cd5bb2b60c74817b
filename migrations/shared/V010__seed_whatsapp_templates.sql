-- The templates the functions send. Each row must be registered in WhatsApp Manager with the
-- same name, language, category and body; approval_status mirrors Meta's decision and is
-- seeded 'approved' so the local stack and tests can send. Wording of reminders is neutral
-- (no "renew today and save"), so that Meta keeps them in the UTILITY category.
-- Parameters must be plain text without newlines or tabs (Meta #132018).

INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    -- Login one-time password. The code goes twice: body {{1}} and the copy-code button.
    ('otp_login', 'AUTHENTICATION', 'en',
     '{{1}} is your verification code. For your security, do not share this code.',
     1, '["code"]', '[{"type": "url", "index": 0, "parameter": "code"}]', 'approved'),
    ('otp_login', 'AUTHENTICATION', 'hi',
     '{{1}} आपका सत्यापन कोड है। अपनी सुरक्षा के लिए यह कोड किसी के साथ साझा न करें।',
     1, '["code"]', '[{"type": "url", "index": 0, "parameter": "code"}]', 'approved'),

    -- Password reset code for portal users (agents, staff).
    ('password_reset', 'AUTHENTICATION', 'en',
     '{{1}} is your password reset code. For your security, do not share this code.',
     1, '["code"]', '[{"type": "url", "index": 0, "parameter": "code"}]', 'approved'),

    ('premium_due_reminder', 'UTILITY', 'en',
     'Dear {{1}}, the premium due on {{2}} is {{3}} for your policy {{4}}. Please pay through your insurer''s official channels. Ignore this message if you have already paid.',
     4, '["customer_name", "due_date", "amount", "policy_number"]', '[]', 'approved'),
    ('premium_due_reminder', 'UTILITY', 'hi',
     'प्रिय {{1}}, {{2}} को देय प्रीमियम {{3}} है, पॉलिसी संख्या {{4}}। कृपया अपने बीमाकर्ता के आधिकारिक माध्यमों से भुगतान करें। यदि आप भुगतान कर चुके हैं तो इस संदेश को अनदेखा करें।',
     4, '["customer_name", "due_date", "amount", "policy_number"]', '[]', 'approved'),

    ('grace_period_notice', 'UTILITY', 'en',
     'Dear {{1}}, the premium of {{2}} for your policy {{3}} was due on {{4}}. Your policy is in its grace period until {{5}}. Please pay by then to keep your cover active.',
     5, '["customer_name", "amount", "policy_number", "due_date", "grace_end_date"]', '[]', 'approved'),
    ('grace_period_notice', 'UTILITY', 'hi',
     'प्रिय {{1}}, {{2}} का प्रीमियम आपकी पॉलिसी {{3}} के लिए {{4}} को देय था। आपकी पॉलिसी {{5}} तक अनुग्रह अवधि में है। अपना बीमा कवर जारी रखने के लिए कृपया तब तक भुगतान करें।',
     5, '["customer_name", "amount", "policy_number", "due_date", "grace_end_date"]', '[]', 'approved'),

    ('policy_lapse_notice', 'UTILITY', 'en',
     'Dear {{1}}, your policy {{2}} has lapsed because the premium due on {{3}} was not received within the grace period. Please contact your agent {{4}} to know about revival.',
     4, '["customer_name", "policy_number", "due_date", "agent_name"]', '[]', 'approved'),
    ('policy_lapse_notice', 'UTILITY', 'hi',
     'प्रिय {{1}}, आपकी पॉलिसी {{2}} व्यपगत (लैप्स) हो गई है क्योंकि {{3}} को देय प्रीमियम अनुग्रह अवधि में प्राप्त नहीं हुआ। पुनर्जीवन की जानकारी के लिए कृपया अपने एजेंट {{4}} से संपर्क करें।',
     4, '["customer_name", "policy_number", "due_date", "agent_name"]', '[]', 'approved'),

    -- To the customer: who will call back and by when.
    ('callback_assigned', 'UTILITY', 'en',
     'Dear {{1}}, your callback request {{2}} has been assigned to {{3}}. You will get a call by {{4}}.',
     4, '["customer_name", "request_reference", "agent_name", "due_at"]', '[]', 'approved'),
    ('callback_assigned', 'UTILITY', 'hi',
     'प्रिय {{1}}, आपका कॉलबैक अनुरोध {{2}} {{3}} को सौंपा गया है। आपको {{4}} तक कॉल मिलेगी।',
     4, '["customer_name", "request_reference", "agent_name", "due_at"]', '[]', 'approved'),

    ('callback_resolved', 'UTILITY', 'en',
     'Dear {{1}}, your callback request {{2}} has been resolved. Reply to this message if you need more help.',
     2, '["customer_name", "request_reference"]', '[]', 'approved'),
    ('callback_resolved', 'UTILITY', 'hi',
     'प्रिय {{1}}, आपका कॉलबैक अनुरोध {{2}} हल कर दिया गया है। और सहायता चाहिए तो इस संदेश का उत्तर दें।',
     2, '["customer_name", "request_reference"]', '[]', 'approved'),

    ('maturity_reminder', 'UTILITY', 'en',
     'Dear {{1}}, your policy {{2}} matures on {{3}}. Your agent {{4}} will help you with the maturity claim documents.',
     4, '["customer_name", "policy_number", "maturity_date", "agent_name"]', '[]', 'approved'),
    ('maturity_reminder', 'UTILITY', 'hi',
     'प्रिय {{1}}, आपकी पॉलिसी {{2}} {{3}} को परिपक्व हो रही है। परिपक्वता दावे के दस्तावेज़ों में आपके एजेंट {{4}} आपकी सहायता करेंगे।',
     4, '["customer_name", "policy_number", "maturity_date", "agent_name"]', '[]', 'approved'),

    -- Greetings are not transactional: Meta files them as MARKETING (needs marketing opt-in).
    ('birthday_greeting', 'MARKETING', 'en',
     'Happy birthday, {{1}}! Wishing you good health and happiness in the year ahead. Warm regards, {{2}}',
     2, '["customer_name", "agent_name"]', '[]', 'approved'),
    ('birthday_greeting', 'MARKETING', 'hi',
     'जन्मदिन की हार्दिक शुभकामनाएँ, {{1}}! आने वाला वर्ष आपके लिए अच्छे स्वास्थ्य और खुशियों से भरा हो। शुभकामनाओं सहित, {{2}}',
     2, '["customer_name", "agent_name"]', '[]', 'approved');
