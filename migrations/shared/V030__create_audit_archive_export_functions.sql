-- The monthly archival function moves audit rows older than the retention period to S3.
-- The application role has no privilege on schema audit (it must not read or rewrite the
-- trail), so it reaches exactly these three owner-rights operations, each limited to one
-- tenant and to rows at least one year old:
--   shared.audit_rows_to_archive   reads a batch (keyset by id) as JSON, for the archive object
--   shared.delete_archived_audit_rows deletes a verified, archived id range
--   shared.restore_audit_rows      loads an archived part into audit.audit_log_restored
-- (issue 9; the retention default of 7 years comes from tenant config, see the archival module)

CREATE TABLE audit.audit_log_restored (LIKE audit.audit_log INCLUDING DEFAULTS);
ALTER TABLE audit.audit_log_restored ALTER COLUMN id DROP IDENTITY IF EXISTS;
ALTER TABLE audit.audit_log_restored ADD COLUMN restored_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE audit.audit_log_restored ADD PRIMARY KEY (id);
CREATE INDEX idx_audit_log_restored_tenant_time ON audit.audit_log_restored (tenant_id, changed_at);

CREATE FUNCTION shared.audit_rows_to_archive(p_tenant uuid, p_before timestamptz, p_from timestamptz,
                                             p_after_id bigint, p_limit integer)
    RETURNS TABLE (id bigint, changed_at timestamptz, entry jsonb)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_before IS NULL OR p_before > now() - interval '1 year' THEN
        RAISE EXCEPTION 'audit_rows_to_archive: cut-off % must be at least one year in the past', p_before;
    END IF;
    RETURN QUERY
        SELECT a.id, a.changed_at, to_jsonb(a)
          FROM audit.audit_log AS a
         WHERE a.tenant_id = p_tenant
           AND a.changed_at >= p_from
           AND a.changed_at < p_before
           AND a.id > coalesce(p_after_id, 0)
         ORDER BY a.id
         LIMIT greatest(p_limit, 1);
END
$$;

CREATE FUNCTION shared.delete_archived_audit_rows(p_tenant uuid, p_before timestamptz, p_from timestamptz,
                                                  p_first_id bigint, p_last_id bigint)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_deleted bigint;
BEGIN
    IF p_before IS NULL OR p_before > now() - interval '1 year' THEN
        RAISE EXCEPTION 'delete_archived_audit_rows: cut-off % must be at least one year in the past', p_before;
    END IF;
    DELETE FROM audit.audit_log AS a
     WHERE a.tenant_id = p_tenant
       AND a.changed_at >= p_from
       AND a.changed_at < p_before
       AND a.id BETWEEN p_first_id AND p_last_id;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
END
$$;

CREATE FUNCTION shared.restore_audit_rows(p_tenant uuid, p_rows jsonb)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_restored bigint;
BEGIN
    INSERT INTO audit.audit_log_restored (id, tenant_id, schema_name, table_name, record_id, action,
                                          old_values, new_values, changed_columns, changed_by,
                                          changed_by_role, changed_at)
    SELECT r.id, r.tenant_id, r.schema_name, r.table_name, r.record_id, r.action,
           r.old_values, r.new_values, r.changed_columns, r.changed_by, r.changed_by_role, r.changed_at
      FROM jsonb_populate_recordset(NULL::audit.audit_log, p_rows) AS r
     WHERE r.tenant_id = p_tenant
        ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS v_restored = ROW_COUNT;
    RETURN v_restored;
END
$$;

REVOKE EXECUTE ON FUNCTION shared.audit_rows_to_archive(uuid, timestamptz, timestamptz, bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION shared.delete_archived_audit_rows(uuid, timestamptz, timestamptz, bigint, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION shared.restore_audit_rows(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shared.audit_rows_to_archive(uuid, timestamptz, timestamptz, bigint, integer) TO agent_mitra_app;
GRANT EXECUTE ON FUNCTION shared.delete_archived_audit_rows(uuid, timestamptz, timestamptz, bigint, bigint) TO agent_mitra_app;
GRANT EXECUTE ON FUNCTION shared.restore_audit_rows(uuid, jsonb) TO agent_mitra_app;
