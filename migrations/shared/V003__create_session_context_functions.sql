-- Readers of the per-transaction settings every request sets with set_config(..., true).
-- A missing or empty setting reads as NULL, and NULL matches no row in any policy.
-- Plain SQL, STABLE and without SET clauses so the planner can inline them into policies.

CREATE FUNCTION shared.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(pg_catalog.current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION shared.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(pg_catalog.current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION shared.current_app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT nullif(pg_catalog.current_setting('app.user_role', true), '') $$;

-- Roles that see every row of their tenant. 'system' is not a user_role_enum value: the
-- backend sets it for its own work (auth look-ups, schedulers, senders), never from a token.
CREATE FUNCTION shared.has_tenant_wide_access() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce(
        nullif(pg_catalog.current_setting('app.user_role', true), '')
            IN ('super_admin', 'insurance_provider_admin', 'support_staff', 'system'),
        false)
$$;

COMMENT ON FUNCTION shared.current_tenant_id() IS 'app.tenant_id of this transaction, NULL when unset';
COMMENT ON FUNCTION shared.current_user_id() IS 'app.user_id of this transaction, NULL when unset';
COMMENT ON FUNCTION shared.current_app_role() IS 'app.user_role of this transaction (a user_role_enum label or system), NULL when unset';
COMMENT ON FUNCTION shared.has_tenant_wide_access() IS 'true for super_admin, insurance_provider_admin, support_staff and system';
