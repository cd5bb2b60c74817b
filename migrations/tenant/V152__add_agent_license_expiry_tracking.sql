-- Issue 19: the daily licence check (AdminFunctions' licenceExpiry schedule, functions/admin).
--
-- agents.license_expired_at: when the check first saw the licence past its expiry date (NULL: not expired, or not
-- checked since). Set by the job, cleared when an administrator gives a new expiry date (PATCH /agents/{id}).
--
-- agents.approval_reason: why an administrator approved or rejected the agent (POST /agents/{id}/approval); the
-- decision itself is the status (active or rejected), approved_at and approved_by, and the audit log.
--
-- agent_license_notices: one row per warning queued (30 and 7 days before expiry, to the agent and to their
-- manager), keyed on the expiry date it was about, so a rerun on the same day, or the next day, never warns twice
-- and a renewed licence gets its own warnings. Written by the job as system; nobody else reads it.

ALTER TABLE ${tenant_schema}.agents ADD COLUMN license_expired_at timestamptz,
                                  ADD COLUMN approval_reason varchar(500);

CREATE TABLE ${tenant_schema}.agent_license_notices (
    notice_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                        CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id            uuid        NOT NULL REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    license_expiry_date date        NOT NULL,
    days_before         integer     NOT NULL CHECK (days_before IN (7, 30)),
    recipient           varchar(10) NOT NULL CHECK (recipient IN ('agent', 'manager')),
    recipient_agent_id  uuid        REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    queued_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agent_id, license_expiry_date, days_before, recipient)
);

CALL shared.enable_tenant_isolation('${tenant_schema}.agent_license_notices');

CREATE INDEX idx_agents_license_expiry ON ${tenant_schema}.agents (license_expiry_date)
    WHERE license_expiry_date IS NOT NULL;
