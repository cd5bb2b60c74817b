-- Excel imports of an agent's book (seed §6 import_jobs, import_records, excel_templates),
-- in the tenant schema; the seed's portal_users references become agents / users.
-- file_path is the S3 key the upload went to: unique, so a repeated S3 event finds the job
-- it already has. (import_job_id, row_number) is unique, so a re-run of the same file
-- updates rows instead of duplicating them.

CREATE TABLE ${tenant_schema}.excel_templates (
    template_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                     CHECK (tenant_id = '${tenant_id}'::uuid),
    template_name    varchar(200) NOT NULL UNIQUE,
    description      text,
    column_mapping   jsonb        NOT NULL,     -- Excel header -> target field
    required_columns text[]       NOT NULL DEFAULT '{}',
    optional_columns text[]       NOT NULL DEFAULT '{}',
    validation_rules jsonb        NOT NULL DEFAULT '{}',
    is_active        boolean      NOT NULL DEFAULT true,
    created_by       uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.import_jobs (
    import_job_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id          uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                       CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id           uuid          REFERENCES ${tenant_schema}.agents (agent_id),   -- whose book
    template_id        uuid          REFERENCES ${tenant_schema}.excel_templates (template_id),
    uploaded_by        uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    file_name          varchar(500)  NOT NULL,
    file_path          varchar(1000) UNIQUE,        -- S3 key
    file_size_bytes    bigint,
    file_etag          varchar(200),
    import_type        varchar(50)   NOT NULL DEFAULT 'excel'
                       CHECK (import_type IN ('excel', 'lic_api', 'bulk_update')),
    total_records      integer       NOT NULL DEFAULT 0,
    processed_records  integer       NOT NULL DEFAULT 0,
    successful_records integer       NOT NULL DEFAULT 0,
    failed_records     integer       NOT NULL DEFAULT 0,
    status             shared.import_status_enum NOT NULL DEFAULT 'pending',
    error_message      text,
    error_report_path  varchar(1000),               -- S3 key of the error report
    created_at         timestamptz   NOT NULL DEFAULT now(),
    started_at         timestamptz,
    completed_at       timestamptz,
    updated_at         timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.import_records (
    import_record_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                      CHECK (tenant_id = '${tenant_id}'::uuid),
    import_job_id     uuid        NOT NULL REFERENCES ${tenant_schema}.import_jobs (import_job_id) ON DELETE CASCADE,
    row_number        integer     NOT NULL,
    data              jsonb       NOT NULL,       -- the row as read
    processed_data    jsonb,                      -- the row as cleaned
    status            shared.import_record_status_enum NOT NULL DEFAULT 'pending',
    error_message     text,
    validation_errors jsonb,                      -- [{"field": ..., "message": ...}]
    customer_id       uuid        REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE SET NULL,
    policy_id         uuid        REFERENCES ${tenant_schema}.insurance_policies (policy_id) ON DELETE SET NULL,
    processed_at      timestamptz DEFAULT now(),
    UNIQUE (import_job_id, row_number)
);

CREATE INDEX idx_import_jobs_tenant_agent ON ${tenant_schema}.import_jobs (tenant_id, agent_id);
CREATE INDEX idx_import_jobs_status ON ${tenant_schema}.import_jobs (status);
CREATE INDEX idx_import_jobs_agent_created ON ${tenant_schema}.import_jobs (agent_id, created_at DESC);
CREATE INDEX idx_import_records_job_status ON ${tenant_schema}.import_records (import_job_id, status);

CREATE TRIGGER excel_templates_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.excel_templates
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
CREATE TRIGGER import_jobs_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.import_jobs
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.excel_templates');
CALL shared.enable_tenant_isolation('${tenant_schema}.import_jobs');
CALL shared.enable_tenant_isolation('${tenant_schema}.import_records');

-- Imported rows are customers' personal data: an import is visible to the agents who may
-- see the book it was loaded into, and to tenant-wide roles.
CREATE POLICY agent_scope ON ${tenant_schema}.import_jobs AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
CREATE POLICY agent_scope ON ${tenant_schema}.import_records AS RESTRICTIVE FOR ALL
    USING (import_job_id IN (SELECT j.import_job_id FROM ${tenant_schema}.import_jobs j))
    WITH CHECK (import_job_id IN (SELECT j.import_job_id FROM ${tenant_schema}.import_jobs j));
