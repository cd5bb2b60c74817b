-- Behaviour analytics (seed §2.2 session_analytics, §2.6 user_events), partitioned by month
-- on their time column. The primary key includes the partition key (PostgreSQL requires it;
-- the seed's single-column keys cannot exist on a partitioned table). Monthly partitions and
-- the DEFAULT partition are created by V020.

CREATE TABLE ${tenant_schema}.user_events (
    event_id         uuid          NOT NULL DEFAULT gen_random_uuid(),
    tenant_id        uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                     CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id          uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    session_id       uuid          REFERENCES ${tenant_schema}.user_sessions (session_id) ON DELETE SET NULL,

    -- Event details
    event_type       varchar(100)  NOT NULL,
    event_category   varchar(50),              -- navigation, interaction, conversion, error
    event_action     varchar(100),
    event_label      varchar(255),

    -- Event data
    event_properties jsonb,
    event_value      numeric(10,2),

    -- Context
    page_url         varchar(500),
    referrer_url     varchar(500),
    device_info      jsonb,
    location_info    jsonb,

    occurred_at      timestamptz   NOT NULL DEFAULT now(),

    PRIMARY KEY (event_id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX idx_user_events_user_time ON ${tenant_schema}.user_events (user_id, occurred_at DESC);
CREATE INDEX idx_user_events_type_time ON ${tenant_schema}.user_events (event_type, occurred_at DESC);
CREATE INDEX idx_user_events_properties ON ${tenant_schema}.user_events USING gin (event_properties);

CREATE TABLE ${tenant_schema}.session_analytics (
    analytics_id uuid        NOT NULL DEFAULT gen_random_uuid(),
    tenant_id    uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                 CHECK (tenant_id = '${tenant_id}'::uuid),
    session_id   uuid        REFERENCES ${tenant_schema}.user_sessions (session_id) ON DELETE SET NULL,
    user_id      uuid        REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    event_type   varchar(50) NOT NULL CHECK (event_type IN ('login', 'logout', 'refresh', 'activity', 'error')),
    event_data   jsonb,
    occurred_at  timestamptz NOT NULL DEFAULT now(),

    PRIMARY KEY (analytics_id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX idx_session_analytics_user_time ON ${tenant_schema}.session_analytics (user_id, occurred_at DESC);
CREATE INDEX idx_session_analytics_session ON ${tenant_schema}.session_analytics (session_id);

CALL shared.enable_tenant_isolation('${tenant_schema}.user_events');
CALL shared.enable_tenant_isolation('${tenant_schema}.session_analytics');

-- Behaviour data of a person: that person and tenant-wide roles (the backend writes it as system).
CREATE POLICY own_events ON ${tenant_schema}.user_events AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id())
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
CREATE POLICY own_events ON ${tenant_schema}.session_analytics AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id())
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
