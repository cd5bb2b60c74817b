-- Issue 18: watch sessions of the content library (schema of record section 2.5 video_analytics), partitioned by
-- month (Asia/Kolkata) on started_at like user_events and session_analytics. The primary key includes the partition
-- key (PostgreSQL requires it). A session is reported by the player several times (POST /content/{id}/views with
-- the same sessionId): the row is found by (watch_session_id, recent started_at) under a transaction advisory lock
-- on the session id and updated, so a session is one row. Added to the seed's columns: user_id NOT NULL (the viewer
-- as the token named them), device and source (where the view came from: app, portal, share, ...), and
-- last_reported_at. Archival walks (started_at, analytics_id) and restores into video_analytics_restored.
--
-- Visible: the viewer's own rows, tenant-wide roles, and (to read) the owners of the item (its agent's scope) for
-- analytics. Written by the viewer (their own rows) and tenant-wide roles; deleted only by tenant-wide roles (archival).

CREATE TABLE ${tenant_schema}.video_analytics (
    analytics_id            uuid          NOT NULL DEFAULT gen_random_uuid(),
    tenant_id               uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                            CHECK (tenant_id = '${tenant_id}'::uuid),
    video_id                uuid          NOT NULL,
    user_id                 uuid          NOT NULL,

    -- Watch session
    watch_session_id        uuid          NOT NULL,
    started_at              timestamptz   NOT NULL DEFAULT now(),
    ended_at                timestamptz,
    last_reported_at        timestamptz   NOT NULL DEFAULT now(),
    watch_duration_seconds  integer       NOT NULL DEFAULT 0 CHECK (watch_duration_seconds BETWEEN 0 AND 86400),

    -- Engagement metrics
    completed               boolean       NOT NULL DEFAULT false,
    paused_count            integer       NOT NULL DEFAULT 0,
    seek_count              integer       NOT NULL DEFAULT 0,
    quality_changes         integer       NOT NULL DEFAULT 0,

    -- Device and context
    device                  varchar(30),
    source                  varchar(30),
    device_info             jsonb,
    network_type            varchar(50),
    playback_quality        varchar(20),

    PRIMARY KEY (analytics_id, started_at)
) PARTITION BY RANGE (started_at);

-- a session's later reports find its row
CREATE INDEX idx_video_analytics_session ON ${tenant_schema}.video_analytics (watch_session_id, started_at);
-- an item's analytics by time
CREATE INDEX idx_video_analytics_video ON ${tenant_schema}.video_analytics (video_id, started_at);
-- archival's (time, id) walk and the nightly roll-up's day
CREATE INDEX idx_video_analytics_archive_key ON ${tenant_schema}.video_analytics (started_at, analytics_id);

CALL shared.enable_tenant_isolation('${tenant_schema}.video_analytics');

CREATE POLICY sessions_read ON ${tenant_schema}.video_analytics AS RESTRICTIVE FOR SELECT
    USING (shared.has_tenant_wide_access()
           OR user_id = shared.current_user_id()
           OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.video_content c
                            WHERE c.video_id = video_analytics.video_id
                              AND c.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))));
CREATE POLICY sessions_insert ON ${tenant_schema}.video_analytics AS RESTRICTIVE FOR INSERT
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
CREATE POLICY sessions_update ON ${tenant_schema}.video_analytics AS RESTRICTIVE FOR UPDATE
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id())
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
CREATE POLICY sessions_delete ON ${tenant_schema}.video_analytics AS RESTRICTIVE FOR DELETE
    USING (shared.has_tenant_wide_access());

CREATE TABLE ${tenant_schema}.video_analytics_restored
    (LIKE ${tenant_schema}.video_analytics INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE ${tenant_schema}.video_analytics_restored ADD COLUMN restored_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE ${tenant_schema}.video_analytics_restored ADD PRIMARY KEY (analytics_id, started_at);
CALL shared.enable_tenant_isolation('${tenant_schema}.video_analytics_restored');

-- The DEFAULT partition and monthly (Asia/Kolkata) partitions of video_analytics, current month .. +months_ahead;
-- idempotent; rows that landed in DEFAULT for a month being created are moved into it. The content roll-up calls it
-- every night. Same rules as create_monthly_partitions (V020): owner rights, partitions reached only through the
-- parent, each with row level security.
CREATE FUNCTION ${tenant_schema}.create_video_analytics_partitions(months_ahead integer DEFAULT 3)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_schema  CONSTANT text := '${tenant_schema}';
    c_parent  CONSTANT text := 'video_analytics';
    v_default text := 'video_analytics_default';
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
        RAISE EXCEPTION 'create_video_analytics_partitions: months_ahead must be between 0 and 60, got %', months_ahead;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(c_schema || '.create_monthly_partitions'));
    PERFORM set_config('app.tenant_id', '${tenant_id}', true),
            set_config('app.user_role', 'system', true);

    v_first := date_trunc('month', now() AT TIME ZONE 'Asia/Kolkata')::date;

    IF to_regclass(format('%I.%I', c_schema, v_default)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I DEFAULT', c_schema, v_default, c_schema, c_parent);
        CALL shared.enable_tenant_isolation(format('%I.%I', c_schema, v_default)::regclass);
        EXECUTE format('REVOKE ALL ON %I.%I FROM agent_mitra_app', c_schema, v_default);
        v_created := v_created + 1;
    END IF;

    FOR i IN 0 .. months_ahead LOOP
        v_month := (v_first + make_interval(months => i))::date;
        v_name := c_parent || '_p' || to_char(v_month, 'YYYY_MM');
        CONTINUE WHEN to_regclass(format('%I.%I', c_schema, v_name)) IS NOT NULL;

        v_from := v_month::timestamp AT TIME ZONE 'Asia/Kolkata';
        v_to := (v_month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Kolkata';

        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE started_at >= $1 AND started_at < $2)',
                       c_schema, v_default)
           INTO v_has_old USING v_from, v_to;

        IF v_has_old THEN
            EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                           c_schema, v_name, c_schema, c_parent);
            EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE started_at >= $1 AND started_at < $2 RETURNING *)'
                           ' INSERT INTO %I.%I SELECT * FROM moved',
                           c_schema, v_default, c_schema, v_name)
               USING v_from, v_to;
            EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                           c_schema, c_parent, c_schema, v_name, v_from, v_to);
        ELSE
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                           c_schema, v_name, c_schema, c_parent, v_from, v_to);
        END IF;

        CALL shared.enable_tenant_isolation(format('%I.%I', c_schema, v_name)::regclass);
        EXECUTE format('REVOKE ALL ON %I.%I FROM agent_mitra_app', c_schema, v_name);
        v_created := v_created + 1;
    END LOOP;

    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
    RETURN v_created;
END
$$;

-- Partition upkeep after archival: drops monthly partitions of video_analytics that ended more than keep_months ago
-- and hold no row any more (archived and deleted). Never drops data.
CREATE FUNCTION ${tenant_schema}.drop_empty_video_analytics_partitions_before(keep_months integer)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c_schema  CONSTANT text := '${tenant_schema}';
    v_oldest  date;
    v_name    text;
    v_has_row boolean;
    v_dropped integer := 0;
BEGIN
    IF keep_months IS NULL OR keep_months < 1 THEN
        RAISE EXCEPTION 'drop_empty_video_analytics_partitions_before: keep_months must be at least 1, got %', keep_months;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext(c_schema || '.create_monthly_partitions'));
    v_oldest := (date_trunc('month', now() AT TIME ZONE 'Asia/Kolkata') - make_interval(months => keep_months))::date;
    FOR v_name IN
        SELECT c.relname
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class parent ON parent.oid = i.inhparent
         WHERE parent.relnamespace = c_schema::regnamespace
           AND parent.relname = 'video_analytics'
           AND c.relname ~ '_p[0-9]{4}_[0-9]{2}$'
           AND to_date(right(c.relname, 7), 'YYYY_MM') < v_oldest
         ORDER BY c.relname
    LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', c_schema, v_name) INTO v_has_row;
        IF NOT v_has_row THEN
            EXECUTE format('ALTER TABLE %I.video_analytics DETACH PARTITION %I.%I', c_schema, c_schema, v_name);
            EXECUTE format('DROP TABLE %I.%I', c_schema, v_name);
            v_dropped := v_dropped + 1;
        END IF;
    END LOOP;
    RETURN v_dropped;
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.create_video_analytics_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.create_video_analytics_partitions(integer) TO agent_mitra_app;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.drop_empty_video_analytics_partitions_before(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.drop_empty_video_analytics_partitions_before(integer) TO agent_mitra_app;

SELECT ${tenant_schema}.create_video_analytics_partitions(3);
