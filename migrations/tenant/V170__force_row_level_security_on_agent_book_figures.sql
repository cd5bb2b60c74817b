-- Every tenant table has FORCE ROW LEVEL SECURITY (the invariant SchemaMigratorIT and AddingATenantIT hold): V161
-- left agent_book_figures and agent_book_due unforced so that its SECURITY DEFINER triggers, running as the owner,
-- could count every row of a statement whatever the writer's agent scope. The same holds with FORCE when the scope
-- policy binds only the application role: the owner (the triggers, rebuild_agent_book_figures) stays bound to the
-- tenant (tenant_isolation: a writer's transaction names its tenant; by hand, set app.tenant_id first), while the
-- application role reads through the tenant and agent scope as before and writes nothing (V161's REVOKE).
ALTER TABLE ${tenant_schema}.agent_book_figures FORCE ROW LEVEL SECURITY;
ALTER TABLE ${tenant_schema}.agent_book_due FORCE ROW LEVEL SECURITY;

DROP POLICY agent_scope ON ${tenant_schema}.agent_book_figures;
DROP POLICY agent_scope ON ${tenant_schema}.agent_book_due;

CREATE POLICY agent_scope ON ${tenant_schema}.agent_book_figures AS RESTRICTIVE FOR SELECT TO agent_mitra_app
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
CREATE POLICY agent_scope ON ${tenant_schema}.agent_book_due AS RESTRICTIVE FOR SELECT TO agent_mitra_app
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
