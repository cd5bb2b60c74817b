-- Issue 19: the daily licence check warns an agent, and the agent's manager, 30 and 7 days before the agent's
-- licence expires (functions/admin LicenceExpiry). Register these in WhatsApp Manager with the same name,
-- language, category and body.
--
-- whatsapp_templates.quality_rating: the quality Meta reports for a template (GREEN, YELLOW, RED; UNKNOWN until it
-- has been rated), shown by GET /whatsapp/templates next to the approval status. Kept current by the template
-- sync (not yet written); NULL until then.
ALTER TABLE shared.whatsapp_templates ADD COLUMN IF NOT EXISTS quality_rating varchar(20)
    CHECK (quality_rating IN ('GREEN', 'YELLOW', 'RED', 'UNKNOWN'));

INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('agent_license_expiring', 'UTILITY', 'en',
     'Hello {{1}}, your licence {{2}} expires on {{3}}, in {{4}} days. Renew it in time to keep serving your customers.',
     4, '["agent_name", "license_number", "expiry_date", "days_left"]', '[]', 'approved'),
    ('agent_license_expiring', 'UTILITY', 'hi',
     'नमस्ते {{1}}, आपका लाइसेंस {{2}} {{3}} को, {{4}} दिनों में, समाप्त हो रहा है। अपने ग्राहकों की सेवा जारी रखने के लिए समय पर इसका नवीनीकरण कराएँ।',
     4, '["agent_name", "license_number", "expiry_date", "days_left"]', '[]', 'approved'),
    ('agent_license_expiring_manager', 'UTILITY', 'en',
     'Hello {{1}}, the licence {{2}} of your agent {{3}} expires on {{4}}, in {{5}} days.',
     5, '["manager_name", "license_number", "agent_name", "expiry_date", "days_left"]', '[]', 'approved'),
    ('agent_license_expiring_manager', 'UTILITY', 'hi',
     'नमस्ते {{1}}, आपके एजेंट {{3}} का लाइसेंस {{2}} {{4}} को, {{5}} दिनों में, समाप्त हो रहा है।',
     5, '["manager_name", "license_number", "agent_name", "expiry_date", "days_left"]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
