-- Archival (issue 9): an archived table-month can be loaded back into <table>_restored to
-- prove the archive is usable. Same columns as the source (LIKE), not partitioned, tenant
-- isolated like every tenant table. The application role writes them (default privileges).
-- Keyed like their sources, so restoring the same part twice adds nothing.

CREATE TABLE ${tenant_schema}.user_events_restored (LIKE ${tenant_schema}.user_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE ${tenant_schema}.user_events_restored ADD COLUMN restored_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE ${tenant_schema}.user_events_restored ADD PRIMARY KEY (event_id, occurred_at);
CALL shared.enable_tenant_isolation('${tenant_schema}.user_events_restored');

CREATE TABLE ${tenant_schema}.session_analytics_restored (LIKE ${tenant_schema}.session_analytics INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE ${tenant_schema}.session_analytics_restored ADD COLUMN restored_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE ${tenant_schema}.session_analytics_restored ADD PRIMARY KEY (analytics_id, occurred_at);
CALL shared.enable_tenant_isolation('${tenant_schema}.session_analytics_restored');

-- message bodies only: the metadata rows never leave whatsapp_messages
CREATE TABLE ${tenant_schema}.whatsapp_messages_restored (
    message_id          uuid         PRIMARY KEY,
    tenant_id           uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    created_at          timestamptz  NOT NULL,
    content             text,
    media_url           varchar(500),
    template_parameters jsonb,
    restored_at         timestamptz  NOT NULL DEFAULT now()
);
CALL shared.enable_tenant_isolation('${tenant_schema}.whatsapp_messages_restored');

-- Partition upkeep after archival: drops monthly partitions of user_events and
-- session_analytics that ended more than keep_months ago AND hold no row any more (their rows
-- were archived and deleted). Unlike drop_monthly_partitions_before, it never drops data.
CREATE FUNCTION ${tenant_schema}.drop_empty_partitions_before(keep_months integer)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_schema  CONSTANT text := '${tenant_schema}';
    v_oldest  date;
    v_name    text;
    v_parent  text;
    v_has_row boolean;
    v_dropped integer := 0;
BEGIN
    IF keep_months IS NULL OR keep_months < 1 THEN
        RAISE EXCEPTION 'drop_empty_partitions_before: keep_months must be at least 1, got %', keep_months;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(c_schema || '.create_monthly_partitions'));
    v_oldest := (date_trunc('month', now() AT TIME ZONE 'Asia/Kolkata') - make_interval(months => keep_months))::date;
    FOR v_parent, v_name IN
        SELECT parent.relname, c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class parent ON parent.oid = i.inhparent
         WHERE parent.relnamespace = c_schema::regnamespace
           AND parent.relname IN ('user_events', 'session_analytics')
           AND c.relname ~ '_p[0-9]{4}_[0-9]{2}$'
           AND to_date(right(c.relname, 7), 'YYYY_MM') < v_oldest
         ORDER BY c.relname
    LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', c_schema, v_name) INTO v_has_row;
        IF NOT v_has_row THEN
            EXECUTE format('ALTER TABLE %I.%I DETACH PARTITION %I.%I', c_schema, v_parent, c_schema, v_name);
            EXECUTE format('DROP TABLE %I.%I', c_schema, v_name);
            v_dropped := v_dropped + 1;
        END IF;
    END LOOP;
    RETURN v_dropped;
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.drop_empty_partitions_before(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.drop_empty_partitions_before(integer) TO agent_mitra_app;
