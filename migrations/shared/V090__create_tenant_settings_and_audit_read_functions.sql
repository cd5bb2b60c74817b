-- Issue 19: administrators change their tenant's settings and read its audit trail through the API, without SQL.
-- The application role may only read shared.tenant_config and may not touch audit at all (V014); these two
-- functions are the narrow doors, each checking who asks (app.user_role, app.tenant_id of the transaction).
--
-- shared.set_tenant_setting(key, value): an administrator of the tenant (insurance_provider_admin, super_admin)
-- writes one of the settings the jobs read, for their own tenant only. The value's shape is checked by the API
-- (functions/admin TenantSettings); here only the key and the caller.
--
-- shared.tenant_audit_log(...): an administrator reads their own tenant's audit rows, newest first, one keyset page
-- at a time (at most 100 rows). Secret keys (names ending in _hash, _secret, _salt, _token, and bank_details) are
-- removed again on the way out, whatever an older row holds.

CREATE FUNCTION shared.set_tenant_setting(p_key varchar, p_value jsonb) RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant uuid := shared.current_tenant_id();
BEGIN
    IF v_tenant IS NULL OR coalesce(shared.current_app_role(), '') NOT IN ('insurance_provider_admin', 'super_admin') THEN
        RAISE EXCEPTION 'only an administrator of the tenant changes its settings' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_key NOT IN ('premium_grace_period_days', 'premium_reminder_steps', 'maturity_reminder_days',
                     'archival_retention', 'business_hours', 'quiet_hours', 'default_language') THEN
        RAISE EXCEPTION 'not a tenant setting: %', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        DELETE FROM shared.tenant_config WHERE tenant_id = v_tenant AND config_key = p_key;
        RETURN;
    END IF;
    INSERT INTO shared.tenant_config (tenant_id, config_key, config_value, config_type)
    VALUES (v_tenant, p_key, p_value,
            CASE jsonb_typeof(p_value) WHEN 'string' THEN 'string' WHEN 'number' THEN 'number'
                                       WHEN 'boolean' THEN 'boolean' ELSE 'json' END)
    ON CONFLICT (tenant_id, config_key) DO UPDATE
        SET config_value = EXCLUDED.config_value, config_type = EXCLUDED.config_type;
END
$$;

CREATE FUNCTION shared.tenant_audit_log(p_table text, p_record text, p_actor uuid, p_from timestamptz,
        p_to timestamptz, p_before_at timestamptz, p_before_id bigint, p_limit integer)
    RETURNS TABLE (id bigint, table_name text, record_id text, action text, old_values jsonb, new_values jsonb,
                   changed_columns text[], changed_by uuid, changed_by_role text, changed_at timestamptz)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant uuid := shared.current_tenant_id();
BEGIN
    IF v_tenant IS NULL OR coalesce(shared.current_app_role(), '') NOT IN ('insurance_provider_admin', 'super_admin') THEN
        RAISE EXCEPTION 'only an administrator of the tenant reads its audit trail' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT l.id, l.table_name, l.record_id, l.action::text,
           (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(l.old_values) e
             WHERE NOT (e.key ~ '(_hash|_secret|_salt|_token)$' OR e.key = 'bank_details')),
           (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(l.new_values) e
             WHERE NOT (e.key ~ '(_hash|_secret|_salt|_token)$' OR e.key = 'bank_details')),
           l.changed_columns, l.changed_by, l.changed_by_role, l.changed_at
      FROM audit.audit_log l
     WHERE l.tenant_id = v_tenant
       AND (p_table IS NULL OR l.table_name = p_table)
       AND (p_record IS NULL OR l.record_id = p_record)
       AND (p_actor IS NULL OR l.changed_by = p_actor)
       AND (p_from IS NULL OR l.changed_at >= p_from)
       AND (p_to IS NULL OR l.changed_at < p_to)
       AND (p_before_at IS NULL OR (l.changed_at, l.id) < (p_before_at, p_before_id))
     ORDER BY l.changed_at DESC, l.id DESC
     LIMIT least(greatest(coalesce(p_limit, 50), 1), 100);
END
$$;

REVOKE ALL ON FUNCTION shared.set_tenant_setting(varchar, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION shared.tenant_audit_log(text, text, uuid, timestamptz, timestamptz, timestamptz, bigint, integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shared.set_tenant_setting(varchar, jsonb) TO agent_mitra_app;
GRANT EXECUTE ON FUNCTION shared.tenant_audit_log(text, text, uuid, timestamptz, timestamptz, timestamptz, bigint, integer)
    TO agent_mitra_app;

CREATE INDEX audit_log_tenant_table_record_idx ON audit.audit_log (tenant_id, table_name, record_id, changed_at DESC);

-- A settings change is audited like a change of users or agents (entity tenant_config in GET /audit): the row holds
-- its tenant_id, so audit.record_changes files it under that tenant.
CREATE TRIGGER audit_tenant_config_insert
    AFTER INSERT ON shared.tenant_config
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('config_id');
CREATE TRIGGER audit_tenant_config_update
    AFTER UPDATE ON shared.tenant_config
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('config_id', 'updated_at');
CREATE TRIGGER audit_tenant_config_delete
    AFTER DELETE ON shared.tenant_config
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('config_id');
