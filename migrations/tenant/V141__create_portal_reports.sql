-- Issue 17: report files an agent, manager or staff member asked for (schema of record, portal section,
-- portal_reports), written to S3 by the reports writer from a queue. generated_by is the requester's user id as
-- the token named it (no foreign key: a support user of the portal may have no users row); the role and agent row
-- are kept so the writer reads exactly what the requester may see, as the requester. A row is the requester's
-- alone (and tenant-wide roles'); the expiry sweeper works as system.
CREATE TABLE ${tenant_schema}.portal_reports (
    report_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                        CHECK (tenant_id = '${tenant_id}'::uuid),
    report_type         varchar(100)  NOT NULL CHECK (report_type IN ('premium_due', 'policy_register',
                        'agent_productivity', 'callback_sla', 'customer_summary')),
    report_name         varchar(200)  NOT NULL,
    file_format         varchar(10)   NOT NULL CHECK (file_format IN ('xlsx', 'csv')),
    language            varchar(10)   NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'hi')),
    parameters          jsonb         NOT NULL DEFAULT '{}',
    status              varchar(20)   NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
    generated_by        uuid          NOT NULL,
    generated_by_role   varchar(30)   NOT NULL,
    generated_by_agent  uuid,
    requested_at        timestamptz   NOT NULL DEFAULT now(),
    generated_at        timestamptz,
    row_count           integer       CHECK (row_count >= 0),
    file_path           varchar(1000),
    file_size           bigint        CHECK (file_size >= 0),
    download_count      integer       NOT NULL DEFAULT 0 CHECK (download_count >= 0),
    expires_at          timestamptz,
    failure             varchar(500),
    started_at          timestamptz,
    CONSTRAINT portal_reports_ready_has_file CHECK (status <> 'ready' OR (file_path IS NOT NULL AND expires_at IS NOT NULL))
);

-- GET /reports: the requester's newest first (keyset on requested_at, report_id)
CREATE INDEX idx_portal_reports_requester ON ${tenant_schema}.portal_reports (generated_by, requested_at DESC, report_id DESC);
-- the expiry sweeper
CREATE INDEX idx_portal_reports_expiry ON ${tenant_schema}.portal_reports (expires_at) WHERE status = 'ready';

CALL shared.enable_tenant_isolation('${tenant_schema}.portal_reports');

CREATE POLICY own_reports ON ${tenant_schema}.portal_reports AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR generated_by = shared.current_user_id())
    WITH CHECK (shared.has_tenant_wide_access() OR generated_by = shared.current_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON ${tenant_schema}.portal_reports TO agent_mitra_app;
