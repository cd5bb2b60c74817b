-- Moves audit rows older than p_before into audit.audit_log_archive, at most p_batch_size
-- rows per call (call again until it returns 0). Lives in schema shared so that the
-- monthly archival function can call it without any privilege on schema audit; it runs as
-- the owner (SECURITY DEFINER). Returns the number of rows moved.
CREATE FUNCTION shared.archive_audit_log(p_before timestamptz, p_batch_size integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_moved bigint;
BEGIN
    IF p_before IS NULL OR p_before > now() - interval '30 days' THEN
        RAISE EXCEPTION 'archive_audit_log: cut-off % must be at least 30 days in the past', p_before;
    END IF;

    WITH victims AS (
        SELECT id
          FROM audit.audit_log
         WHERE changed_at < p_before
         ORDER BY id
         LIMIT greatest(p_batch_size, 1)
         FOR UPDATE SKIP LOCKED
    ), moved AS (
        DELETE FROM audit.audit_log AS a
         USING victims AS v
         WHERE a.id = v.id
        RETURNING a.*
    )
    INSERT INTO audit.audit_log_archive (id, tenant_id, schema_name, table_name, record_id, action,
                                         old_values, new_values, changed_columns, changed_by,
                                         changed_by_role, changed_at)
    SELECT id, tenant_id, schema_name, table_name, record_id, action,
           old_values, new_values, changed_columns, changed_by, changed_by_role, changed_at
      FROM moved
        ON CONFLICT (id) DO NOTHING;

    GET DIAGNOSTICS v_moved = ROW_COUNT;
    RETURN v_moved;
END
$$;

REVOKE EXECUTE ON FUNCTION shared.archive_audit_log(timestamptz, integer) FROM PUBLIC;

COMMENT ON FUNCTION shared.archive_audit_log(timestamptz, integer) IS
    'Moves audit.audit_log rows older than the cut-off into audit.audit_log_archive (batch); returns rows moved';
