-- Issue 17: the portal's widget layout and filters per user (schema of record, portal section,
-- dashboard_preferences), read and replaced by GET/PUT /me/dashboard. user_id is the signed-in user as the token
-- names it (no foreign key: a support user of the portal may have no users row). A row is its user's alone.
CREATE TABLE ${tenant_schema}.dashboard_preferences (
    preference_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                      CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id           uuid         NOT NULL UNIQUE,
    layout_config     jsonb        NOT NULL DEFAULT '{}',
    visible_widgets   text[]       NOT NULL DEFAULT '{}',
    chart_preferences jsonb        NOT NULL DEFAULT '{}',
    refresh_interval  integer      NOT NULL DEFAULT 300 CHECK (refresh_interval BETWEEN 30 AND 3600),
    theme             varchar(20)  NOT NULL DEFAULT 'light' CHECK (theme IN ('light', 'dark', 'auto')),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now()
);

CREATE TRIGGER dashboard_preferences_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.dashboard_preferences
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.dashboard_preferences');

CREATE POLICY own_preferences ON ${tenant_schema}.dashboard_preferences AS RESTRICTIVE FOR ALL
    USING (user_id = shared.current_user_id())
    WITH CHECK (user_id = shared.current_user_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON ${tenant_schema}.dashboard_preferences TO agent_mitra_app;
