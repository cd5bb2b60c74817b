-- Archival (issue 9): completed callbacks older than their retention leave callback_requests
-- together with their activities and SLA records (both cascade on delete). An archived
-- callback is one JSON object: the request's columns plus "activities" and "sla_records"
-- arrays; restoring loads it here, with the same columns and the two arrays.

CREATE TABLE ${tenant_schema}.callback_requests_restored
    (LIKE ${tenant_schema}.callback_requests INCLUDING DEFAULTS);
ALTER TABLE ${tenant_schema}.callback_requests_restored
    ADD COLUMN activities  jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN sla_records jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN restored_at timestamptz NOT NULL DEFAULT now(),
    ADD PRIMARY KEY (callback_request_id);
ALTER TABLE ${tenant_schema}.callback_requests_restored
    ADD CONSTRAINT callback_requests_restored_tenant CHECK (tenant_id = '${tenant_id}'::uuid);
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_requests_restored');

CREATE INDEX idx_callback_requests_completed_archive
    ON ${tenant_schema}.callback_requests (completed_at, callback_request_id)
    WHERE status = 'completed';
