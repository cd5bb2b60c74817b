-- Customers in an agent's book (seed §2.3), including those who never log in: name and
-- contact columns live here, not only in users. user_id is set when the person first
-- logs in (WhatsApp OTP) and survives the deletion of that login (SET NULL).
-- Aadhaar: only the masked form and the last four digits, never the full number.

CREATE TABLE ${tenant_schema}.policyholders (
    policyholder_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                    uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                                 CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id                      uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    agent_id                     uuid          REFERENCES ${tenant_schema}.agents (agent_id),

    -- Identity and contact
    customer_id                  varchar(100),                  -- provider-specific customer id
    salutation                   varchar(10),
    first_name                   varchar(100)  NOT NULL,
    last_name                    varchar(100),
    full_name                    text          GENERATED ALWAYS AS
                                 (btrim(first_name || ' ' || coalesce(last_name, ''))) STORED,
    phone_number                 varchar(16)   CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'), -- E.164
    email                        varchar(255),
    date_of_birth                date,
    gender                       varchar(20)   CHECK (gender IN ('male', 'female', 'other', 'undisclosed')),
    pan_number                   varchar(10)   CHECK (pan_number ~ '^[A-Z]{5}[0-9]{4}[A-Z]$'),
    aadhaar_masked               varchar(14)   CHECK (aadhaar_masked ~ '^XXXX-XXXX-[0-9]{4}$'),
    aadhaar_last4                char(4)       CHECK (aadhaar_last4 ~ '^[0-9]{4}$'),
    address                      jsonb,
    marital_status               varchar(20),
    occupation                   varchar(100),
    annual_income                numeric(12,2),
    education_level              varchar(50),

    -- Risk profile and preferences
    risk_profile                 jsonb,
    investment_horizon           varchar(20),
    communication_preferences    jsonb,
    marketing_consent            boolean       NOT NULL DEFAULT true,

    -- WhatsApp opt-in per category (specs/whatsapp-cloud-api.md §4)
    whatsapp_utility_opt_in      boolean       NOT NULL DEFAULT false,
    whatsapp_marketing_opt_in    boolean       NOT NULL DEFAULT false,
    whatsapp_consent_updated_at  timestamptz,
    whatsapp_last_inbound_at     timestamptz,                   -- opens the 24 h service window

    -- Family information
    family_members               jsonb,
    nominee_details              jsonb,

    -- Financial information
    bank_details                 jsonb,                         -- encrypted by the application
    investment_portfolio         jsonb,

    -- Behavioural data
    preferred_contact_time       varchar(20)   CHECK (preferred_contact_time IN ('morning', 'afternoon', 'evening')),
    preferred_language           varchar(10)   NOT NULL DEFAULT 'en',
    digital_literacy_score       integer       CHECK (digital_literacy_score BETWEEN 1 AND 10),
    engagement_score             numeric(3,2),
    customer_value               varchar(20)   NOT NULL DEFAULT 'bronze'
                                 CHECK (customer_value IN ('bronze', 'silver', 'gold', 'platinum')),

    -- Status and lifecycle
    onboarding_status            varchar(50)   NOT NULL DEFAULT 'completed',
    churn_risk_score             numeric(3,2),
    last_interaction_at          timestamptz,
    total_interactions           integer       NOT NULL DEFAULT 0,

    created_at                   timestamptz   NOT NULL DEFAULT now(),
    updated_at                   timestamptz   NOT NULL DEFAULT now(),

    CONSTRAINT policyholders_aadhaar_consistent
        CHECK (aadhaar_masked IS NULL OR aadhaar_last4 IS NULL OR right(aadhaar_masked, 4) = aadhaar_last4)
);

-- A customer is one person per tenant, whichever agent serves them.
CREATE UNIQUE INDEX policyholders_phone_number_key ON ${tenant_schema}.policyholders (phone_number)
    WHERE phone_number IS NOT NULL;
CREATE UNIQUE INDEX policyholders_customer_id_key ON ${tenant_schema}.policyholders (customer_id)
    WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX policyholders_user_id_key ON ${tenant_schema}.policyholders (user_id)
    WHERE user_id IS NOT NULL;

CREATE INDEX idx_policyholders_agent ON ${tenant_schema}.policyholders (agent_id, created_at DESC);
CREATE INDEX idx_policyholders_date_of_birth ON ${tenant_schema}.policyholders
    (extract(month FROM date_of_birth), extract(day FROM date_of_birth));
CREATE INDEX idx_policyholders_email ON ${tenant_schema}.policyholders (lower(email)) WHERE email IS NOT NULL;

CREATE TRIGGER policyholders_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.policyholders
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.policyholders');

-- An agent sees (and may write) only the customers of the agents visible to them; a
-- policyholder only their own record; tenant-wide roles everything in the tenant.
CREATE POLICY agent_scope ON ${tenant_schema}.policyholders AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder' AND user_id = shared.current_user_id()))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder' AND user_id = shared.current_user_id()));
