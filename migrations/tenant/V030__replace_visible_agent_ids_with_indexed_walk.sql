-- visible_agent_ids() (V008) again, same answers, as an indexed walk. The V008 body is SQL with a SET clause, so
-- PostgreSQL can neither inline it nor keep its plan: every query that met an agent-scoped policy planned and ran
-- the recursive CTE afresh, and the CTE's recursive step joined by hash over a sequential scan of agents. At
-- 10,000 agents that was 7-18 ms per table per query (functions/policies README, benchmark), the bulk of an
-- agent's list or read. PL/pgSQL keeps its statement plans for the session, and the walk goes one hierarchy
-- level at a time through idx_agents_parent (parent_agent_id = ANY (level)), stopping at agents already seen
-- (no cycles).
--   super_admin, insurance_provider_admin, support_staff, system: every agent of the tenant;
--   senior_agent, junior_agent: their own agent row (agents.user_id = app.user_id) and all its descendants;
--   regional_manager: their own agent row, every agent sharing its territory or any of its operating_regions,
--     and all descendants of those;
--   policyholder, guest, unset: none.
-- Runs as the caller (no SECURITY DEFINER), as before: agents is readable inside the tenant.
CREATE OR REPLACE FUNCTION ${tenant_schema}.visible_agent_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_role  text := shared.current_app_role();
    v_level uuid[];
    v_seen  uuid[];
BEGIN
    IF shared.has_tenant_wide_access() THEN
        RETURN QUERY SELECT a.agent_id FROM ${tenant_schema}.agents a;
        RETURN;
    END IF;
    IF v_role IS NULL OR v_role NOT IN ('senior_agent', 'junior_agent', 'regional_manager') THEN
        RETURN;
    END IF;

    SELECT coalesce(array_agg(a.agent_id), '{}')
      INTO v_level
      FROM ${tenant_schema}.agents a
     WHERE a.user_id = shared.current_user_id();

    IF v_role = 'regional_manager' AND cardinality(v_level) > 0 THEN
        SELECT coalesce(array_agg(DISTINCT a.agent_id), '{}') || v_level
          INTO v_level
          FROM ${tenant_schema}.agents me
          JOIN ${tenant_schema}.agents a
            ON a.territory = me.territory OR a.operating_regions && me.operating_regions
         WHERE me.agent_id = ANY (v_level)
           AND NOT (a.agent_id = ANY (v_level));
    END IF;

    v_seen := v_level;
    WHILE cardinality(v_level) > 0 LOOP
        SELECT coalesce(array_agg(c.agent_id), '{}')
          INTO v_level
          FROM ${tenant_schema}.agents c
         WHERE c.parent_agent_id = ANY (v_level)
           AND NOT (c.agent_id = ANY (v_seen));
        v_seen := v_seen || v_level;
    END LOOP;

    RETURN QUERY SELECT unnest(v_seen);
END
$$;

COMMENT ON FUNCTION ${tenant_schema}.visible_agent_ids() IS
    'Agent ids whose customers the caller (app.user_id, app.user_role) may see';
