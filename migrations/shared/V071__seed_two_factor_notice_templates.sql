-- Issue 15: every change to a user's two-factor sign-in is told to them on WhatsApp, so a change they did not make
-- (a stolen password and session, a rogue administrator) does not go unnoticed. One template per change, in English
-- and Hindi, no parameters (nothing secret travels). The auth function sends them (purpose security_notice) to the
-- phone on the user's login, in the user's language. Register each in WhatsApp Manager with the same name,
-- language, category and body.
INSERT INTO shared.whatsapp_templates
    (template_name, category, language, content, parameter_count, variables, buttons, approval_status)
VALUES
    ('mfa_enabled_notice', 'UTILITY', 'en',
     'Two-factor sign-in was turned on for your Agent Mitra account. If this was not you, contact your administrator now.',
     0, '[]', '[]', 'approved'),
    ('mfa_enabled_notice', 'UTILITY', 'hi',
     'आपके एजेंट मित्र खाते के लिए दो-चरणीय साइन-इन चालू किया गया। यदि यह आपने नहीं किया, तो तुरंत अपने व्यवस्थापक से संपर्क करें।',
     0, '[]', '[]', 'approved'),
    ('mfa_disabled_notice', 'UTILITY', 'en',
     'Two-factor sign-in was turned off for your Agent Mitra account. If this was not you, contact your administrator now.',
     0, '[]', '[]', 'approved'),
    ('mfa_disabled_notice', 'UTILITY', 'hi',
     'आपके एजेंट मित्र खाते के लिए दो-चरणीय साइन-इन बंद किया गया। यदि यह आपने नहीं किया, तो तुरंत अपने व्यवस्थापक से संपर्क करें।',
     0, '[]', '[]', 'approved'),
    ('mfa_reset_notice', 'UTILITY', 'en',
     'An administrator reset two-factor sign-in for your Agent Mitra account. Set it up again after you sign in. If you did not ask for this, contact your administrator now.',
     0, '[]', '[]', 'approved'),
    ('mfa_reset_notice', 'UTILITY', 'hi',
     'एक व्यवस्थापक ने आपके एजेंट मित्र खाते का दो-चरणीय साइन-इन रीसेट किया। साइन इन करने के बाद इसे फिर से सेट करें। यदि आपने यह नहीं माँगा, तो तुरंत अपने व्यवस्थापक से संपर्क करें।',
     0, '[]', '[]', 'approved'),
    ('mfa_recovery_codes_notice', 'UTILITY', 'en',
     'New recovery codes were made for your Agent Mitra account; the old ones no longer work. If this was not you, contact your administrator now.',
     0, '[]', '[]', 'approved'),
    ('mfa_recovery_codes_notice', 'UTILITY', 'hi',
     'आपके एजेंट मित्र खाते के लिए नए रिकवरी कोड बनाए गए; पुराने कोड अब काम नहीं करेंगे। यदि यह आपने नहीं किया, तो तुरंत अपने व्यवस्थापक से संपर्क करें।',
     0, '[]', '[]', 'approved')
ON CONFLICT (template_name, language) DO NOTHING;
