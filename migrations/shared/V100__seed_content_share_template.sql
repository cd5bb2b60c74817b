-- Issue 18: an agent shares a content-library item with customers (POST /content/{id}/share). A MARKETING template
-- (the sender checks the customer's marketing opt-in again when it sends), English and Hindi: the agent's name,
-- the item's title and its link in the app. Register it in WhatsApp Manager with the same name, language, category
-- and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('content_share', 'MARKETING', 'en',
     '{{1}} shared a short explainer with you: "{{2}}". Watch it in Agent Mitra: {{3}}',
     3, '["agent_name", "title", "link"]', '[]', 'approved'),
    ('content_share', 'MARKETING', 'hi',
     '{{1}} ने आपके साथ एक छोटा वीडियो साझा किया है: "{{2}}"। Agent Mitra में देखें: {{3}}',
     3, '["agent_name", "title", "link"]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
