-- Insurance policies (seed §2.3). Premium due dates are calendar dates of the business day
-- (Asia/Kolkata), hence DATE.

CREATE TABLE ${tenant_schema}.insurance_policies (
    policy_id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id             uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                          CHECK (tenant_id = '${tenant_id}'::uuid),
    policy_number         varchar(100)  NOT NULL UNIQUE,
    provider_policy_id    varchar(100),

    -- Relationships
    policyholder_id       uuid          NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id),
    agent_id              uuid          REFERENCES ${tenant_schema}.agents (agent_id),
    provider_id           uuid          REFERENCES shared.insurance_providers (provider_id),

    -- Policy details
    policy_type           varchar(100)  NOT NULL,                -- term_life, whole_life, endowment, ulip, ...
    plan_name             varchar(255)  NOT NULL,
    plan_code             varchar(50),
    category              varchar(50),                           -- life, health, general

    -- Financial details
    sum_assured           numeric(15,2) NOT NULL CHECK (sum_assured >= 0),
    premium_amount        numeric(12,2) NOT NULL CHECK (premium_amount >= 0),
    premium_frequency     varchar(20)   NOT NULL
                          CHECK (premium_frequency IN ('monthly', 'quarterly', 'half_yearly', 'annual', 'single')),
    premium_mode          varchar(20)   CHECK (premium_mode IN ('regular', 'single', 'limited_pay')),

    -- Dates
    application_date      date          NOT NULL,
    approval_date         date,
    start_date            date          NOT NULL,
    maturity_date         date,
    renewal_date          date,

    -- Status and lifecycle
    status                shared.policy_status_enum NOT NULL DEFAULT 'pending_approval',
    sub_status            varchar(50),
    payment_status        varchar(50)   NOT NULL DEFAULT 'pending',

    -- Coverage details
    coverage_details      jsonb,
    exclusions            jsonb,
    terms_and_conditions  jsonb,

    -- Documents
    policy_document_url   varchar(500),
    application_form_url  varchar(500),
    medical_reports       jsonb,

    -- Beneficiaries
    nominee_details       jsonb,
    assignee_details      jsonb,

    -- Audit and tracking
    created_by            uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    approved_by           uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    last_payment_date     date,
    next_payment_date     date,
    total_payments        integer       NOT NULL DEFAULT 0,
    outstanding_amount    numeric(12,2) NOT NULL DEFAULT 0,

    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now()
);

-- seed §3.1
CREATE INDEX idx_policies_policyholder_status ON ${tenant_schema}.insurance_policies (policyholder_id, status);
CREATE INDEX idx_policies_agent_provider ON ${tenant_schema}.insurance_policies (agent_id, provider_id);
CREATE INDEX idx_policies_status_dates ON ${tenant_schema}.insurance_policies (status, start_date, maturity_date);
CREATE INDEX idx_policies_premium ON ${tenant_schema}.insurance_policies (premium_amount) WHERE status = 'active';
CREATE INDEX idx_policies_comprehensive ON ${tenant_schema}.insurance_policies
    (provider_id, agent_id, status, premium_amount, maturity_date)
    WHERE status IN ('active', 'pending_approval');
CREATE INDEX idx_policies_coverage_riders ON ${tenant_schema}.insurance_policies USING gin (coverage_details);
-- Reminder and lapse sweeps: active policies by next due date.
CREATE INDEX idx_policies_next_payment ON ${tenant_schema}.insurance_policies (next_payment_date)
    WHERE status = 'active';
CREATE INDEX idx_policies_maturity ON ${tenant_schema}.insurance_policies (maturity_date)
    WHERE status = 'active';

CREATE TRIGGER insurance_policies_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.insurance_policies
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.insurance_policies');

CREATE POLICY agent_scope ON ${tenant_schema}.insurance_policies AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND policyholder_id IN (SELECT p.policyholder_id
                                         FROM ${tenant_schema}.policyholders p
                                        WHERE p.user_id = shared.current_user_id())))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND policyholder_id IN (SELECT p.policyholder_id
                                         FROM ${tenant_schema}.policyholders p
                                        WHERE p.user_id = shared.current_user_id())));
