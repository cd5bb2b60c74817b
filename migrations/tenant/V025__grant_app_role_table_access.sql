-- Explicit grants to the application role (V001's default privileges already gave them as
-- each object was created; this states the intended end result in one place), then what it
-- must not have: Flyway's history table, the materialized view (read agent_dashboard
-- instead) and the partitions of the analytics tables (read through their parents, which
-- carry the policies).

GRANT USAGE ON SCHEMA ${tenant_schema} TO agent_mitra_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${tenant_schema} TO agent_mitra_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${tenant_schema} TO agent_mitra_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${tenant_schema} TO agent_mitra_app;

-- Functions: only the application role may call them, not every role of the cluster.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA ${tenant_schema} FROM PUBLIC;

REVOKE ALL ON ${tenant_schema}.agent_dashboard_metrics FROM agent_mitra_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${tenant_schema}.agent_dashboard FROM agent_mitra_app;

DO $$
DECLARE
    v_partition regclass;
BEGIN
    IF to_regclass('${tenant_schema}.flyway_schema_history') IS NOT NULL THEN
        REVOKE ALL ON ${tenant_schema}.flyway_schema_history FROM agent_mitra_app;
    END IF;

    FOR v_partition IN
        SELECT i.inhrelid::regclass
          FROM pg_catalog.pg_inherits i
          JOIN pg_catalog.pg_class parent ON parent.oid = i.inhparent
          JOIN pg_catalog.pg_namespace n ON n.oid = parent.relnamespace
         WHERE n.nspname = '${tenant_schema}'
           AND parent.relkind = 'p'
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM agent_mitra_app', v_partition);
    END LOOP;
END
$$;
