-- Issue 6: WhatsApp notices for agents and their managers about callbacks. callback_assigned (V010) is worded for
-- the customer ("your callback request ... has been assigned to {{3}}"), so the assigned agent gets
-- callback_assigned_agent, and the agent's manager gets callback_escalated when an escalation rule says so.
-- Register each in WhatsApp Manager with the same name, language, category and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('callback_assigned_agent', 'UTILITY', 'en',
     'Hello {{1}}, callback request {{2}} from {{3}} is assigned to you ({{4}} priority). Please call by {{5}}.',
     5, '["agent_name", "request_reference", "customer_name", "priority", "due_at"]', '[]', 'approved'),
    ('callback_assigned_agent', 'UTILITY', 'hi',
     'नमस्ते {{1}}, {{3}} का कॉलबैक अनुरोध {{2}} आपको सौंपा गया है ({{4}} प्राथमिकता)। कृपया {{5}} तक कॉल करें।',
     5, '["agent_name", "request_reference", "customer_name", "priority", "due_at"]', '[]', 'approved'),
    ('callback_escalated', 'UTILITY', 'en',
     'Hello {{1}}, callback request {{2}} from {{3}}, assigned to {{4}}, was due by {{5}} and is escalated to you.',
     5, '["manager_name", "request_reference", "customer_name", "agent_name", "due_at"]', '[]', 'approved'),
    ('callback_escalated', 'UTILITY', 'hi',
     'नमस्ते {{1}}, {{3}} का कॉलबैक अनुरोध {{2}}, जो {{4}} को सौंपा गया था, {{5}} तक होना था और अब आपको एस्केलेट किया गया है।',
     5, '["manager_name", "request_reference", "customer_name", "agent_name", "due_at"]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
