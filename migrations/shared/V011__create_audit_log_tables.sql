-- Change history of tenant tables (written only by audit.record_change(), V012) and its
-- archive. The application role has no privilege on schema audit or on these tables.

CREATE TABLE audit.audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid,
    schema_name     text        NOT NULL,
    table_name      text        NOT NULL,
    record_id       text        NOT NULL,           -- primary key value of the changed row, as text
    action          varchar(6)  NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    old_values      jsonb,                          -- secrets stripped (password_hash, tokens, ...)
    new_values      jsonb,
    changed_columns text[],                         -- UPDATE only
    changed_by      uuid,                           -- app.user_id
    changed_by_role text,                           -- app.user_role
    changed_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_table_record_idx ON audit.audit_log (table_name, record_id);
CREATE INDEX audit_log_changed_at_idx ON audit.audit_log (changed_at);
CREATE INDEX audit_log_tenant_changed_at_idx ON audit.audit_log (tenant_id, changed_at);

CREATE TABLE audit.audit_log_archive (
    id              bigint      PRIMARY KEY,
    tenant_id       uuid,
    schema_name     text        NOT NULL,
    table_name      text        NOT NULL,
    record_id       text        NOT NULL,
    action          varchar(6)  NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    old_values      jsonb,
    new_values      jsonb,
    changed_columns text[],
    changed_by      uuid,
    changed_by_role text,
    changed_at      timestamptz NOT NULL,
    archived_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_archive_table_record_idx ON audit.audit_log_archive (table_name, record_id);
CREATE INDEX audit_log_archive_changed_at_idx ON audit.audit_log_archive (changed_at);

REVOKE ALL ON audit.audit_log, audit.audit_log_archive FROM PUBLIC;
