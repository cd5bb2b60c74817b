-- Issue 9: WhatsApp messages the daily reminders job decided to send (premium due and grace
-- reminders, lapse notices, maturity reminders, birthday greetings). A message is claimed here
-- first, keyed by its idempotency key (e.g. premium-reminder:<policy>:<due date>:<step>), then
-- put on the whatsapp-outbound queue and marked queued. A rerun or an overlapping run meets the
-- unique key and claims nothing; a claim whose enqueue failed (or whose run died) stays pending
-- and is sent by the next run once its lease (sending_until) has passed, under the same key.
-- status: pending (to queue), queued (on the queue), skipped (customer not opted in, or no
-- phone: recorded so the step is counted once and never sent), expired (its day has passed
-- before it could be queued), cancelled (the premium was paid or the policy left active first).

CREATE TABLE ${tenant_schema}.scheduled_messages (
    message_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                    CHECK (tenant_id = '${tenant_id}'::uuid),
    idempotency_key varchar(200) NOT NULL UNIQUE,
    kind            varchar(30)  NOT NULL
                    CHECK (kind IN ('premium_due', 'grace_period', 'lapse_customer', 'lapse_agent',
                                    'maturity', 'birthday')),
    policy_id       uuid         REFERENCES ${tenant_schema}.insurance_policies (policy_id) ON DELETE CASCADE,
    policyholder_id uuid         REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE CASCADE,
    agent_id        uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    due_date        date,                                  -- the premium's (or maturity's) date, if any
    step            varchar(30),                           -- due-15, due-7, due-1, grace+1, grace-end-7, ...
    recipient       varchar(16)  CHECK (recipient ~ '^\+[1-9][0-9]{6,14}$'),
    language        varchar(10)  NOT NULL DEFAULT 'en',
    details         jsonb        NOT NULL DEFAULT '{}',    -- the template's values, formatted when queued
    status          varchar(20)  NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'queued', 'skipped', 'expired', 'cancelled')),
    skip_reason     varchar(50),
    expires_on      date         NOT NULL,                 -- never queued after this business day
    sending_until   timestamptz,                           -- lease of the run queueing it
    attempts        integer      NOT NULL DEFAULT 0,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    queued_at       timestamptz,
    CONSTRAINT scheduled_messages_pending_has_recipient CHECK (status <> 'pending' OR recipient IS NOT NULL)
);

CREATE INDEX idx_scheduled_messages_pending ON ${tenant_schema}.scheduled_messages (created_at)
    WHERE status = 'pending';
CREATE INDEX idx_scheduled_messages_policy ON ${tenant_schema}.scheduled_messages (policy_id, due_date);

CALL shared.enable_tenant_isolation('${tenant_schema}.scheduled_messages');

-- Customer data: the agents who may see the policy's agent, and tenant-wide roles (the job runs as system).
CREATE POLICY agent_scope ON ${tenant_schema}.scheduled_messages AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
