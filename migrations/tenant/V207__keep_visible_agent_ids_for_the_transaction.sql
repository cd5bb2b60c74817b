-- visible_agent_ids() (V030) again, same answers, kept for the rest of the transaction (issue 20, big books). Every
-- agent-scoped table's policy calls it, once per table a statement reads: a senior agent's policy page with its
-- customers ran the walk three or four times, and a read by id as often, about 0.7 ms each for a team of 52 agents
-- (local/run, 2026-12-07): most of the database's work for a read by id, and the load run's limit.
--
-- The first call of a transaction walks the hierarchy as before and keeps the answer in the transaction-local
-- setting app.visible_agents, under a key of this schema, app.tenant_id, app.user_id and app.user_role; a later call
-- with the same key answers from it. Anything else walks afresh: another caller's settings set in the same
-- transaction, another tenant's schema, a tenant-wide role (every agent, as before, not kept). A statement that
-- inserts, updates or deletes agents forgets the kept answer (agents_forget_visible_agent_ids), so a hierarchy
-- changed in a transaction is seen by that transaction's next statement. Like every app.* setting it is
-- transaction-local (set_config(..., true)): nothing outlives the transaction or reaches the next user of the
-- pooled connection, and the application, which already sets app.user_id and app.user_role, is trusted with it no
-- more than with those.
CREATE OR REPLACE FUNCTION ${tenant_schema}.visible_agent_ids() RETURNS SETOF uuid
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_role  text := shared.current_app_role();
    v_key   text;
    v_kept  text;
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

    v_key := '${tenant_schema}/' || coalesce(shared.current_tenant_id()::text, '') || '/'
             || coalesce(shared.current_user_id()::text, '') || '/' || v_role || '=';
    v_kept := current_setting('app.visible_agents', true);
    IF v_kept IS NOT NULL AND starts_with(v_kept, v_key) THEN
        RETURN QUERY SELECT unnest(substr(v_kept, length(v_key) + 1)::uuid[]);
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

    PERFORM set_config('app.visible_agents', v_key || v_seen::text, true);
    RETURN QUERY SELECT unnest(v_seen);
END
$$;
COMMENT ON FUNCTION ${tenant_schema}.visible_agent_ids() IS
    'Agent ids whose customers the caller (app.user_id, app.user_role) may see; kept for the transaction (V207)';

CREATE FUNCTION ${tenant_schema}.agents_forget_visible_agent_ids() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM set_config('app.visible_agents', '', true);
    RETURN NULL;
END
$$;

CREATE TRIGGER agents_forget_visible_agent_ids
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.agents
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.agents_forget_visible_agent_ids();
