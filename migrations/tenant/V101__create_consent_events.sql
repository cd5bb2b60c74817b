-- Issue 13: the consent ledger. Every statement a customer made about WhatsApp messages, per purpose, with where
-- it came from, the evidence and the notice it was given on (shared.consent_notices), when the customer made it
-- (said_at) and who recorded it. Append-only: the application role may insert and read, never change or delete
-- (a consent record is the proof DPDP Act 2023 s.6(10) asks the business to keep, and is kept after an erasure,
-- pointing at the pseudonymised customer). The current state lives on policyholders (V100), changed by
-- record_consent() (V102) in the same transaction.
--
-- applied: whether the statement became the current one when it was recorded (false: the customer had already
-- said something later, or an import's "no" met a "yes" the customer gave elsewhere).

CREATE TABLE ${tenant_schema}.consent_events (
    consent_event_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                      CHECK (tenant_id = '${tenant_id}'::uuid),
    policyholder_id   uuid         NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id),
    purpose           varchar(30)  NOT NULL CHECK (purpose IN ('whatsapp_utility', 'whatsapp_marketing')),
    granted           boolean      NOT NULL,
    source            varchar(30)  NOT NULL CHECK (source IN ('agent_recorded', 'import', 'app', 'whatsapp_reply')),
    evidence          varchar(1000),
    notice_version    varchar(40)  REFERENCES shared.consent_notices (notice_version),
    said_at           timestamptz  NOT NULL,
    recorded_at       timestamptz  NOT NULL DEFAULT now(),
    recorded_by       uuid,                                  -- app.user_id; NULL for the backend's own work
    recorded_by_role  varchar(30),                           -- app.user_role
    import_id         uuid,                                  -- the import that carried it (source import)
    applied           boolean      NOT NULL,
    CONSTRAINT consent_events_import_has_id CHECK ((source = 'import') = (import_id IS NOT NULL))
);

CREATE INDEX idx_consent_events_policyholder ON ${tenant_schema}.consent_events
    (policyholder_id, said_at DESC, recorded_at DESC);

CALL shared.enable_tenant_isolation('${tenant_schema}.consent_events');

-- Visible and writable exactly where the customer is (policyholders' own policy decides).
CREATE POLICY customer_scope ON ${tenant_schema}.consent_events AS RESTRICTIVE FOR ALL
    USING (EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p WHERE p.policyholder_id = consent_events.policyholder_id))
    WITH CHECK (EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                         WHERE p.policyholder_id = consent_events.policyholder_id));

REVOKE UPDATE, DELETE, TRUNCATE ON ${tenant_schema}.consent_events FROM agent_mitra_app;

CREATE TRIGGER audit_consent_events_insert
    AFTER INSERT ON ${tenant_schema}.consent_events
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('consent_event_id');
