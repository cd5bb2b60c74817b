-- Helpers used by migrations and triggers.

-- BEFORE UPDATE trigger: keeps updated_at current.
CREATE FUNCTION shared.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;

-- Enables and forces row level security on a tenant table and (re)creates its tenant
-- isolation policy: with no app.tenant_id set, the table shows no row and accepts none.
-- Called (CALL) by tenant migrations right after CREATE TABLE, so every tenant table is
-- born protected. Only the table owner can run it (ALTER TABLE needs ownership).
CREATE PROCEDURE shared.enable_tenant_isolation(p_table regclass)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = p_table AND polname = 'tenant_isolation') THEN
        EXECUTE format('DROP POLICY tenant_isolation ON %s', p_table);
    END IF;
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL'
        ' USING (tenant_id = shared.current_tenant_id())'
        ' WITH CHECK (tenant_id = shared.current_tenant_id())', p_table);
END
$$;

REVOKE EXECUTE ON PROCEDURE shared.enable_tenant_isolation(regclass) FROM PUBLIC;

COMMENT ON FUNCTION shared.set_updated_at() IS 'BEFORE UPDATE trigger: updated_at := now()';
COMMENT ON PROCEDURE shared.enable_tenant_isolation(regclass) IS
    'ENABLE + FORCE row level security and create policy tenant_isolation (tenant_id = app.tenant_id)';
