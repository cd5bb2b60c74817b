-- The agents whose books the caller may see (used by the agent-scoped RLS policies):
--   super_admin, insurance_provider_admin, support_staff, system: every agent of the tenant;
--   senior_agent, junior_agent: their own agent row (agents.user_id = app.user_id) and all
--     its descendants through parent_agent_id, at any depth;
--   regional_manager: their own agent row, every agent sharing its territory or any of its
--     operating_regions, and all descendants of those;
--   policyholder, guest, unset: none.
-- Runs as the caller (no SECURITY DEFINER): agents is readable inside the tenant, and the
-- tenant isolation policy on agents still applies. UNION (not UNION ALL) stops cycles.
CREATE FUNCTION ${tenant_schema}.visible_agent_ids() RETURNS SETOF uuid
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE me AS (
        SELECT a.agent_id, a.territory, a.operating_regions
          FROM ${tenant_schema}.agents a
         WHERE a.user_id = shared.current_user_id()
           AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
    ), roots AS (
        SELECT agent_id FROM me
        UNION
        SELECT a.agent_id
          FROM ${tenant_schema}.agents a
          JOIN me ON a.territory = me.territory
                  OR a.operating_regions && me.operating_regions
         WHERE shared.current_app_role() = 'regional_manager'
    ), tree AS (
        SELECT agent_id FROM roots
        UNION
        SELECT c.agent_id
          FROM ${tenant_schema}.agents c
          JOIN tree t ON c.parent_agent_id = t.agent_id
    )
    SELECT agent_id FROM tree
     WHERE NOT shared.has_tenant_wide_access()
    UNION ALL
    SELECT a.agent_id FROM ${tenant_schema}.agents a
     WHERE shared.has_tenant_wide_access()
$$;

COMMENT ON FUNCTION ${tenant_schema}.visible_agent_ids() IS
    'Agent ids whose customers the caller (app.user_id, app.user_role) may see';
