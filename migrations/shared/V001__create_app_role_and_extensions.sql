-- The application role: the Lambda functions log in as a LOGIN role that is granted this
-- NOLOGIN role. It owns nothing; every privilege it has is granted explicitly by later
-- migrations (shared V014, tenant V001 and V025).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'agent_mitra_app') THEN
        CREATE ROLE agent_mitra_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

COMMENT ON SCHEMA shared IS 'Agent Mitra: tenants, providers, reference data, WhatsApp templates, enum types, RLS helpers';
COMMENT ON SCHEMA audit IS 'Agent Mitra: change history written by audit.record_change(); no application access';

-- Trigram search (names, phone numbers, policy numbers). Optional: pg_trgm ships with
-- PostgreSQL contrib, the embedded PostgreSQL used at build time and Aurora. Where it cannot
-- be created the migration goes on; tenant V024 then skips the trigram indexes and the
-- search function still works (it only uses LIKE).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
EXCEPTION
    WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm not available (%): trigram search indexes will be skipped', SQLERRM;
END
$$;
