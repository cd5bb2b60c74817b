-- Approved WhatsApp message templates (seed §2.5), shared by all tenants.
-- A template is identified by (template_name, language): Meta approves each language
-- separately and a send must name both (specs/whatsapp-cloud-api.md §1).
-- content holds the body with positional {{1}}, {{2}} ... parameters; parameter_count is
-- how many body parameters a send must pass (a mismatch fails with Meta error 132000).

CREATE TABLE shared.whatsapp_templates (
    template_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    template_name        varchar(100) NOT NULL,
    category             varchar(50)  NOT NULL
                         CHECK (category IN ('AUTHENTICATION', 'UTILITY', 'MARKETING')),
    language             varchar(10)  NOT NULL DEFAULT 'en',
    content              text         NOT NULL,
    parameter_count      integer      NOT NULL DEFAULT 0 CHECK (parameter_count BETWEEN 0 AND 20),
    variables            jsonb        NOT NULL DEFAULT '[]'::jsonb, -- names of {{1}}..{{n}}, in order
    buttons              jsonb        NOT NULL DEFAULT '[]'::jsonb, -- e.g. the OTP copy-code button
    approval_status      varchar(50)  NOT NULL DEFAULT 'pending'
                         CHECK (approval_status IN ('pending', 'approved', 'rejected', 'paused', 'disabled')),
    whatsapp_template_id varchar(255),                              -- Meta's id once created
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT whatsapp_templates_name_language_key UNIQUE (template_name, language),
    CONSTRAINT whatsapp_templates_language_fkey FOREIGN KEY (language)
        REFERENCES shared.languages (language_code),
    CONSTRAINT whatsapp_templates_variables_match
        CHECK (jsonb_typeof(variables) = 'array' AND jsonb_array_length(variables) = parameter_count)
);

CREATE TRIGGER whatsapp_templates_set_updated_at
    BEFORE UPDATE ON shared.whatsapp_templates
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
