-- Creates the missing monthly partitions of user_events and session_analytics, from the
-- current month up to months_ahead months ahead, plus each table's DEFAULT partition.
-- Months are business months (Asia/Kolkata). Idempotent: existing partitions are skipped.
-- Rows that already landed in the DEFAULT partition for a month being created are moved
-- into the new partition, so the call never fails on them. Returns how many partitions it
-- created. SECURITY DEFINER (owner): the scheduled metrics function calls it as the
-- application role, which owns no table. Partitions are reached only through their parent:
-- the application role gets no privilege on them, and each also gets RLS.
CREATE FUNCTION ${tenant_schema}.create_monthly_partitions(months_ahead integer DEFAULT 3)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_schema  CONSTANT text := '${tenant_schema}';
    v_parent  text;
    v_default text;
    v_name    text;
    v_first   date;
    v_month   date;
    v_from    timestamptz;
    v_to      timestamptz;
    v_has_old boolean;
    v_created integer := 0;
    v_caller_tenant text := current_setting('app.tenant_id', true);
    v_caller_role   text := current_setting('app.user_role', true);
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 60 THEN
        RAISE EXCEPTION 'create_monthly_partitions: months_ahead must be between 0 and 60, got %', months_ahead;
    END IF;

    -- One caller at a time per tenant schema.
    PERFORM pg_advisory_xact_lock(hashtext(c_schema || '.create_monthly_partitions'));

    -- Row level security is forced on the partitions for the owner too: act as this
    -- tenant's system role while moving rows, and give the caller its settings back after.
    -- (A function-level SET of app.* is refused to non-superusers such as Aurora's master.)
    PERFORM set_config('app.tenant_id', '${tenant_id}', true),
            set_config('app.user_role', 'system', true);

    v_first := date_trunc('month', now() AT TIME ZONE 'Asia/Kolkata')::date;

    FOREACH v_parent IN ARRAY ARRAY['user_events', 'session_analytics'] LOOP
        v_default := v_parent || '_default';
        IF to_regclass(format('%I.%I', c_schema, v_default)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I DEFAULT',
                           c_schema, v_default, c_schema, v_parent);
            CALL shared.enable_tenant_isolation(format('%I.%I', c_schema, v_default)::regclass);
            EXECUTE format('REVOKE ALL ON %I.%I FROM agent_mitra_app', c_schema, v_default);
            v_created := v_created + 1;
        END IF;

        FOR i IN 0 .. months_ahead LOOP
            v_month := (v_first + make_interval(months => i))::date;
            v_name := v_parent || '_p' || to_char(v_month, 'YYYY_MM');
            CONTINUE WHEN to_regclass(format('%I.%I', c_schema, v_name)) IS NOT NULL;

            v_from := v_month::timestamp AT TIME ZONE 'Asia/Kolkata';
            v_to := (v_month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Kolkata';

            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE occurred_at >= $1 AND occurred_at < $2)',
                           c_schema, v_default)
               INTO v_has_old USING v_from, v_to;

            IF v_has_old THEN
                EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                               c_schema, v_name, c_schema, v_parent);
                EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)'
                               ' INSERT INTO %I.%I SELECT * FROM moved',
                               c_schema, v_default, c_schema, v_name)
                   USING v_from, v_to;
                EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                               c_schema, v_parent, c_schema, v_name, v_from, v_to);
            ELSE
                EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                               c_schema, v_name, c_schema, v_parent, v_from, v_to);
            END IF;

            CALL shared.enable_tenant_isolation(format('%I.%I', c_schema, v_name)::regclass);
            EXECUTE format('REVOKE ALL ON %I.%I FROM agent_mitra_app', c_schema, v_name);
            v_created := v_created + 1;
        END LOOP;
    END LOOP;

    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
    RETURN v_created;
END
$$;

COMMENT ON FUNCTION ${tenant_schema}.create_monthly_partitions(integer) IS
    'Creates missing monthly (Asia/Kolkata) partitions of user_events and session_analytics, current month .. +months_ahead, and the DEFAULT partitions; idempotent; returns the number created';

-- Retention: drops the monthly partitions of user_events and session_analytics whose month
-- ended more than keep_months months before the current month (Asia/Kolkata); the seed
-- keeps user events two years (keep_months = 24). Rows still in the DEFAULT partition are
-- not touched. Returns how many partitions it dropped. SECURITY DEFINER like the above.
CREATE FUNCTION ${tenant_schema}.drop_monthly_partitions_before(keep_months integer DEFAULT 24)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_schema  CONSTANT text := '${tenant_schema}';
    v_oldest  date;
    v_name    text;
    v_dropped integer := 0;
BEGIN
    IF keep_months IS NULL OR keep_months < 1 THEN
        RAISE EXCEPTION 'drop_monthly_partitions_before: keep_months must be at least 1, got %', keep_months;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(c_schema || '.create_monthly_partitions'));

    v_oldest := (date_trunc('month', now() AT TIME ZONE 'Asia/Kolkata') - make_interval(months => keep_months))::date;

    FOR v_name IN
        SELECT c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class parent ON parent.oid = i.inhparent
         WHERE parent.relnamespace = c_schema::regnamespace
           AND parent.relname IN ('user_events', 'session_analytics')
           AND c.relname ~ '_p[0-9]{4}_[0-9]{2}$'
           AND to_date(right(c.relname, 7), 'YYYY_MM') < v_oldest
         ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE %I.%I', c_schema, v_name);
        v_dropped := v_dropped + 1;
    END LOOP;

    RETURN v_dropped;
END
$$;

COMMENT ON FUNCTION ${tenant_schema}.drop_monthly_partitions_before(integer) IS
    'Drops monthly partitions of user_events and session_analytics older than keep_months months; returns the number dropped';

-- The current month and three ahead; the metrics function keeps calling it monthly.
SELECT ${tenant_schema}.create_monthly_partitions(3);
