-- Issue 13 (right to erasure, DPDP Act 2023 s.12): the audit trail records that a person was erased without storing
-- again what was erased. audit.record_changes() (V051) is unchanged but for one rule: an UPDATE that sets erased_at
-- on a row where it was empty (policyholders, users: tenant V100) is recorded with its changed column names and
-- {"erased_at": ...} only, no old image and no new image.
--
-- shared.redact_erased_audit(schema, table, record id) removes the personal fields from the images of the audit rows written
-- earlier about that record (policyholders, users, and the erased customer's callback_requests; live and archived), keeping each row, its action, columns changed, who and when. It acts
-- only on a record whose erased_at is set, so the application role (which may call it) cannot use it to rewrite the
-- trail of anyone not erased.

CREATE OR REPLACE FUNCTION audit.record_changes() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_pk_column text;
    v_ignored   text[] := '{}';
    v_secret    text[];
    v_user      text := nullif(current_setting('app.user_id', true), '');
    v_user_id   uuid;
    v_role      text := nullif(current_setting('app.user_role', true), '');
    v_old_by_key jsonb;
    v_rows      bigint;
BEGIN
    IF TG_LEVEL <> 'STATEMENT' OR TG_NARGS < 1 THEN
        RAISE EXCEPTION 'audit.record_changes() on %.% is a statement trigger with transition tables old_rows/new_rows'
            ' and the primary key column name as its first argument', TG_TABLE_SCHEMA, TG_TABLE_NAME;
    END IF;
    v_pk_column := TG_ARGV[0];
    IF TG_NARGS > 1 THEN
        v_ignored := TG_ARGV[1:TG_NARGS - 1];
    END IF;
    SELECT coalesce(array_agg(a.attname::text), '{}') INTO v_secret
      FROM pg_attribute a
     WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped
       AND (a.attname ~ '(_hash|_secret|_salt|_token)$' OR a.attname = 'bank_details');
    IF v_user ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        v_user_id := v_user::uuid;
    END IF;

    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit.audit_log (tenant_id, schema_name, table_name, record_id, action,
                                     old_values, new_values, changed_columns, changed_by, changed_by_role)
        SELECT CASE WHEN r.j ->> 'tenant_id' ~* '^[0-9a-f-]{36}$' THEN (r.j ->> 'tenant_id')::uuid END,
               TG_TABLE_SCHEMA, TG_TABLE_NAME, r.j ->> v_pk_column, 'INSERT',
               NULL, r.j - v_secret, NULL, v_user_id, v_role
          FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO audit.audit_log (tenant_id, schema_name, table_name, record_id, action,
                                     old_values, new_values, changed_columns, changed_by, changed_by_role)
        SELECT CASE WHEN r.j ->> 'tenant_id' ~* '^[0-9a-f-]{36}$' THEN (r.j ->> 'tenant_id')::uuid END,
               TG_TABLE_SCHEMA, TG_TABLE_NAME, r.j ->> v_pk_column, 'DELETE',
               r.j - v_secret, NULL, NULL, v_user_id, v_role
          FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT count(*) INTO v_rows FROM old_rows;
        IF v_rows <= 100 THEN
            -- a few rows (an API call, a status change): old images in a jsonb object by primary key, each new
            -- image with its old one; no join, so the cached plan costs no planning per statement
            SELECT jsonb_object_agg(r.j ->> v_pk_column, r.j) INTO v_old_by_key
              FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
            INSERT INTO audit.audit_log (tenant_id, schema_name, table_name, record_id, action,
                                         old_values, new_values, changed_columns, changed_by, changed_by_role)
            SELECT CASE WHEN p.n ->> 'tenant_id' ~* '^[0-9a-f-]{36}$' THEN (p.n ->> 'tenant_id')::uuid END,
                   TG_TABLE_SCHEMA, TG_TABLE_NAME, p.n ->> v_pk_column, 'UPDATE',
                   CASE WHEN p.erasure THEN NULL ELSE p.o - v_secret END,
                   CASE WHEN p.erasure THEN jsonb_build_object('erased_at', p.n -> 'erased_at') ELSE p.n - v_secret END,
                   c.changed, v_user_id, v_role
              FROM (SELECT q.n, q.o, (q.n ->> 'erased_at') IS NOT NULL AND (q.o ->> 'erased_at') IS NULL AS erasure
                      FROM (SELECT r.j AS n, v_old_by_key -> (r.j ->> v_pk_column) AS o
                              FROM (SELECT to_jsonb(x) AS j FROM new_rows x) r
                            OFFSET 0) q) p  -- each image converted once: flattened, it would be converted again per key
             CROSS JOIN LATERAL (SELECT array_agg(e.key ORDER BY e.key) AS changed
                                   FROM jsonb_each(p.n) AS e
                                  WHERE e.value IS DISTINCT FROM p.o -> e.key) c
             WHERE c.changed IS NOT NULL
               AND NOT c.changed <@ v_ignored;
        ELSE
            -- many rows (a bulk update): old and new images joined on the primary key, planned for this statement's
            -- row counts (a hash join), and no single jsonb value holding them all (jsonb stops at 256 MB)
            EXECUTE format($q$
                INSERT INTO audit.audit_log (tenant_id, schema_name, table_name, record_id, action,
                                             old_values, new_values, changed_columns, changed_by, changed_by_role)
                SELECT CASE WHEN p.n ->> 'tenant_id' ~* '^[0-9a-f-]{36}$' THEN (p.n ->> 'tenant_id')::uuid END,
                       $1, $2, p.n ->> $3, 'UPDATE',
                       CASE WHEN p.erasure THEN NULL ELSE p.o - $4 END,
                       CASE WHEN p.erasure THEN jsonb_build_object('erased_at', p.n -> 'erased_at') ELSE p.n - $4 END,
                       c.changed, $5, $6
                  FROM (SELECT q.o, q.n, (q.n ->> 'erased_at') IS NOT NULL AND (q.o ->> 'erased_at') IS NULL AS erasure
                          FROM (SELECT to_jsonb(o) AS o, to_jsonb(n) AS n
                                  FROM old_rows o JOIN new_rows n ON n.%1$I = o.%1$I
                                OFFSET 0) q) p
                 CROSS JOIN LATERAL (SELECT array_agg(e.key ORDER BY e.key) AS changed
                                       FROM jsonb_each(p.n) AS e
                                      WHERE e.value IS DISTINCT FROM p.o -> e.key) c
                 WHERE c.changed IS NOT NULL
                   AND NOT c.changed <@ $7$q$, v_pk_column)
            USING TG_TABLE_SCHEMA, TG_TABLE_NAME, v_pk_column, v_secret, v_user_id, v_role, v_ignored;
        END IF;
    END IF;
    RETURN NULL;
END
$$;


CREATE FUNCTION shared.redact_erased_audit(p_schema text, p_table text, p_record_id uuid) RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_personal text[];
    v_pk       text;
    v_erased   timestamptz;
    v_rows     bigint;
    v_archived bigint;
BEGIN
    IF p_table = 'policyholders' THEN
        v_pk := 'policyholder_id';
        v_personal := ARRAY['salutation', 'first_name', 'last_name', 'full_name', 'phone_number', 'email',
            'date_of_birth', 'gender', 'pan_number', 'aadhaar_masked', 'aadhaar_last4', 'address', 'marital_status',
            'occupation', 'annual_income', 'education_level', 'risk_profile', 'communication_preferences',
            'family_members', 'nominee_details', 'bank_details', 'investment_portfolio'];
    ELSIF p_table = 'users' THEN
        v_pk := 'user_id';
        v_personal := ARRAY['email', 'phone_number', 'username', 'first_name', 'last_name', 'display_name',
            'avatar_url', 'date_of_birth', 'gender', 'address', 'emergency_contact'];
    ELSIF p_table = 'callback_requests' THEN
        v_pk := 'callback_request_id';
        v_personal := ARRAY['customer_name', 'customer_phone', 'customer_email', 'description'];
    ELSE
        RAISE EXCEPTION 'shared.redact_erased_audit() knows policyholders, users and callback_requests, not %', p_table;
    END IF;
    IF p_schema !~ '^[a-z][a-z0-9_]*_schema$' THEN
        RAISE EXCEPTION 'not a tenant schema: %', p_schema;
    END IF;
    IF p_table = 'callback_requests' THEN
        -- a callback is erased with its customer
        EXECUTE format('SELECT p.erased_at FROM %I.callback_requests c JOIN %I.policyholders p'
                       ' ON p.policyholder_id = c.customer_id WHERE c.callback_request_id = $1', p_schema, p_schema)
           INTO v_erased USING p_record_id;
    ELSE
        EXECUTE format('SELECT erased_at FROM %I.%I WHERE %I = $1', p_schema, p_table, v_pk)
           INTO v_erased USING p_record_id;
    END IF;
    IF v_erased IS NULL THEN
        RAISE EXCEPTION 'only the audit trail of an erased record can be redacted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE audit.audit_log
       SET old_values = old_values - v_personal, new_values = new_values - v_personal
     WHERE table_name = p_table AND record_id = p_record_id::text AND schema_name = p_schema
       AND (old_values ?| v_personal OR new_values ?| v_personal);
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    UPDATE audit.audit_log_archive
       SET old_values = old_values - v_personal, new_values = new_values - v_personal
     WHERE table_name = p_table AND record_id = p_record_id::text AND schema_name = p_schema
       AND (old_values ?| v_personal OR new_values ?| v_personal);
    GET DIAGNOSTICS v_archived = ROW_COUNT;
    RETURN v_rows + v_archived;
END
$$;

REVOKE EXECUTE ON FUNCTION shared.redact_erased_audit(text, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shared.redact_erased_audit(text, text, uuid) TO agent_mitra_app;
