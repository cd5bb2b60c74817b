-- The application role may use this tenant schema, and every table, sequence and function
-- a later migration creates here (run by the same owner role) is granted to it at birth.
-- V025 repeats the grants explicitly and takes back what the role must not have.

GRANT USAGE ON SCHEMA ${tenant_schema} TO agent_mitra_app;

ALTER DEFAULT PRIVILEGES IN SCHEMA ${tenant_schema}
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO agent_mitra_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA ${tenant_schema}
    GRANT USAGE, SELECT ON SEQUENCES TO agent_mitra_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA ${tenant_schema}
    GRANT EXECUTE ON FUNCTIONS TO agent_mitra_app;
