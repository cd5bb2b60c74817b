-- Generic audit trigger: AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW
--   EXECUTE FUNCTION audit.record_change('<primary key column>')
-- Runs as the owner (SECURITY DEFINER) because the application role cannot write audit.
-- Secret columns never reach the log: any key ending in _hash, _secret, _salt or _token,
-- plus bank_details, is removed from old_values and new_values (changed_columns still
-- names them, so "password changed" stays visible without the value).
CREATE FUNCTION audit.record_change() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_pk_column text;
    v_old       jsonb;
    v_new       jsonb;
    v_row       jsonb;
    v_changed   text[];
    v_user      text := nullif(current_setting('app.user_id', true), '');
    v_user_id   uuid;
BEGIN
    IF TG_NARGS < 1 THEN
        RAISE EXCEPTION 'audit.record_change() on %.% needs the primary key column name as its argument',
            TG_TABLE_SCHEMA, TG_TABLE_NAME;
    END IF;
    v_pk_column := TG_ARGV[0];

    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        v_old := to_jsonb(OLD);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new := to_jsonb(NEW);
    END IF;
    v_row := coalesce(v_new, v_old);

    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key)
          INTO v_changed
          FROM jsonb_each(v_new) AS n
         WHERE n.value IS DISTINCT FROM v_old -> n.key;
        IF v_changed IS NULL THEN
            RETURN NULL;  -- nothing changed: nothing to record
        END IF;
    END IF;

    SELECT jsonb_object_agg(e.key, e.value) INTO v_old
      FROM jsonb_each(v_old) AS e
     WHERE NOT (e.key ~ '(_hash|_secret|_salt|_token)$' OR e.key = 'bank_details');
    SELECT jsonb_object_agg(e.key, e.value) INTO v_new
      FROM jsonb_each(v_new) AS e
     WHERE NOT (e.key ~ '(_hash|_secret|_salt|_token)$' OR e.key = 'bank_details');

    -- A malformed app.user_id must not block the business write: it is recorded as NULL.
    IF v_user ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        v_user_id := v_user::uuid;
    END IF;

    INSERT INTO audit.audit_log (tenant_id, schema_name, table_name, record_id, action,
                                 old_values, new_values, changed_columns, changed_by, changed_by_role)
    VALUES (CASE WHEN v_row ->> 'tenant_id' ~* '^[0-9a-f-]{36}$' THEN (v_row ->> 'tenant_id')::uuid END,
            TG_TABLE_SCHEMA, TG_TABLE_NAME, v_row ->> v_pk_column, TG_OP,
            v_old, v_new, v_changed, v_user_id,
            nullif(current_setting('app.user_role', true), ''));

    RETURN NULL;  -- AFTER trigger: the result is ignored
END
$$;

REVOKE EXECUTE ON FUNCTION audit.record_change() FROM PUBLIC;

COMMENT ON FUNCTION audit.record_change() IS
    'AFTER row trigger writing audit.audit_log; argument: primary key column name';
