-- Issue 13: every message to a person goes in their preferred language where an approved template exists in it,
-- else English. The sign-in code (otp_login), reminders, notices and callback messages already have Hindi; the
-- password reset code did not. Register it in WhatsApp Manager with the same name, language, category and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('password_reset', 'AUTHENTICATION', 'hi',
     '{{1}} आपका पासवर्ड रीसेट कोड है। अपनी सुरक्षा के लिए यह कोड किसी के साथ साझा न करें।',
     1, '["code"]', '[{"type": "url", "index": 0, "parameter": "code"}]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
