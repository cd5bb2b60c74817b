-- Trigram indexes for substring search on customer names, phone numbers and policy numbers
-- (used by search_policies_optimized and the list filters). pg_trgm is optional (shared
-- V001): where it is not installed these indexes are skipped and search still works.
DO $$
DECLARE
    v_ops text;
BEGIN
    SELECT format('%I.gin_trgm_ops', n.nspname)
      INTO v_ops
      FROM pg_catalog.pg_opclass c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.opcnamespace
      JOIN pg_catalog.pg_am am ON am.oid = c.opcmethod
     WHERE c.opcname = 'gin_trgm_ops' AND am.amname = 'gin'
     LIMIT 1;

    IF v_ops IS NULL THEN
        RAISE NOTICE 'pg_trgm is not installed: trigram search indexes skipped';
        RETURN;
    END IF;

    EXECUTE format('CREATE INDEX IF NOT EXISTS idx_policyholders_full_name_trgm'
                   ' ON ${tenant_schema}.policyholders USING gin (lower(full_name) %s)', v_ops);
    EXECUTE format('CREATE INDEX IF NOT EXISTS idx_policyholders_phone_trgm'
                   ' ON ${tenant_schema}.policyholders USING gin (phone_number %s)', v_ops);
    EXECUTE format('CREATE INDEX IF NOT EXISTS idx_policies_policy_number_trgm'
                   ' ON ${tenant_schema}.insurance_policies USING gin (lower(policy_number) %s)', v_ops);
END
$$;
