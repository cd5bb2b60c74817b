-- Premium payment status (seed §2.4). Agent Mitra takes no money: premiums are paid through
-- the insurer's official channels, and this table tracks what is due and what was paid.
-- receipt_number (the insurer's receipt) is unique per policy, so recording the same
-- payment twice is a no-op (INSERT ... ON CONFLICT DO NOTHING).

CREATE TABLE ${tenant_schema}.premium_payments (
    payment_id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id              uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                           CHECK (tenant_id = '${tenant_id}'::uuid),
    policy_id              uuid          NOT NULL REFERENCES ${tenant_schema}.insurance_policies (policy_id),
    policyholder_id        uuid          REFERENCES ${tenant_schema}.policyholders (policyholder_id),

    -- Payment details
    amount                 numeric(12,2) NOT NULL CHECK (amount >= 0),
    currency               varchar(3)    NOT NULL DEFAULT 'INR',
    payment_date           timestamptz,                      -- when it was paid; NULL while due
    due_date               date,                             -- business date (Asia/Kolkata)
    grace_period_days      integer       NOT NULL DEFAULT 30 CHECK (grace_period_days >= 0),
    receipt_number         varchar(100),                     -- the insurer's premium receipt
    recorded_by            uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    source                 varchar(30)   NOT NULL DEFAULT 'agent'
                           CHECK (source IN ('agent', 'policyholder', 'import', 'provider_sync', 'system')),

    -- Payment method (as reported; informational)
    payment_method         varchar(50),
    payment_gateway        varchar(50),
    gateway_transaction_id varchar(255),
    gateway_response       jsonb,

    -- Status tracking
    status                 shared.payment_status_enum NOT NULL DEFAULT 'pending',
    failure_reason         text,
    retry_count            integer       NOT NULL DEFAULT 0,

    -- Reconciliation
    reconciled             boolean       NOT NULL DEFAULT false,
    reconciled_at          timestamptz,
    reconciled_by          uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,

    -- Additional metadata
    ip_address             inet,
    user_agent             text,
    device_info            jsonb,

    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX premium_payments_policy_receipt_key ON ${tenant_schema}.premium_payments (policy_id, receipt_number)
    WHERE receipt_number IS NOT NULL;

-- seed §3.1
CREATE INDEX idx_payments_policy_status ON ${tenant_schema}.premium_payments (policy_id, status);
CREATE INDEX idx_payments_date_amount ON ${tenant_schema}.premium_payments (payment_date DESC, amount);
CREATE INDEX idx_payments_gateway ON ${tenant_schema}.premium_payments (payment_gateway, status);
CREATE INDEX idx_pending_payments ON ${tenant_schema}.premium_payments (due_date, policy_id)
    WHERE status = 'pending';
CREATE INDEX idx_payments_policyholder ON ${tenant_schema}.premium_payments (policyholder_id);

CREATE TRIGGER premium_payments_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.premium_payments
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.premium_payments');

-- A payment is visible exactly when its policy is: the subquery reads insurance_policies
-- under that table's own policies (agent scope, policyholder's own policies).
CREATE POLICY agent_scope ON ${tenant_schema}.premium_payments AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR policy_id IN (SELECT ip.policy_id FROM ${tenant_schema}.insurance_policies ip))
    WITH CHECK (shared.has_tenant_wide_access()
           OR policy_id IN (SELECT ip.policy_id FROM ${tenant_schema}.insurance_policies ip));
