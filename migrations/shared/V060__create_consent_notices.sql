-- Issue 13: the consent notices customers are shown, by version. DPDP Act 2023 s.5-6: consent is given on a
-- notice that names the business and what it will send; every consent event names the notice it was given on
-- (tenant consent_events.notice_version). A notice is never edited once published: new wording is a new version.
-- The texts name the business through {{business}} (the tenant's display name), filled when shown.

CREATE TABLE shared.consent_notices (
    notice_version  varchar(40)  PRIMARY KEY CHECK (notice_version ~ '^[a-z0-9][a-z0-9.-]{1,39}$'),
    purpose         varchar(30)  NOT NULL CHECK (purpose IN ('whatsapp_utility', 'whatsapp_marketing')),
    language        varchar(10)  NOT NULL REFERENCES shared.languages (language_code),
    body            text         NOT NULL,
    published_at    timestamptz  NOT NULL DEFAULT now(),
    is_current      boolean      NOT NULL DEFAULT true
);

-- one current notice per purpose and language
CREATE UNIQUE INDEX consent_notices_current_key ON shared.consent_notices (purpose, language) WHERE is_current;

INSERT INTO shared.consent_notices (notice_version, purpose, language, body) VALUES
    ('wa-utility-2026-12-en', 'whatsapp_utility', 'en',
     '{{business}} and your agent will send you premium reminders, grace and lapse notices, maturity notices and'
     || ' updates on your callback requests on WhatsApp. You can stop them at any time in the app or by asking'
     || ' your agent.'),
    ('wa-utility-2026-12-hi', 'whatsapp_utility', 'hi',
     '{{business}} और आपके एजेंट आपको WhatsApp पर प्रीमियम रिमाइंडर, अनुग्रह अवधि और व्यपगत सूचनाएँ, परिपक्वता'
     || ' सूचनाएँ और आपके कॉलबैक अनुरोधों की जानकारी भेजेंगे। आप इन्हें कभी भी ऐप में या अपने एजेंट से कहकर बंद'
     || ' कर सकते हैं।'),
    ('wa-marketing-2026-12-en', 'whatsapp_marketing', 'en',
     '{{business}} and your agent may send you greetings and offers on WhatsApp. Reply STOP at any time to stop'
     || ' them.'),
    ('wa-marketing-2026-12-hi', 'whatsapp_marketing', 'hi',
     '{{business}} और आपके एजेंट आपको WhatsApp पर शुभकामनाएँ और ऑफ़र भेज सकते हैं। इन्हें रोकने के लिए कभी भी'
     || ' STOP लिखकर भेजें।');

GRANT SELECT ON shared.consent_notices TO agent_mitra_app;
