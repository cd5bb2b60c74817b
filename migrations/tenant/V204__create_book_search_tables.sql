-- Issue 20, big books: a search (GET /policies?q=, GET /policyholders?q=) served by indexes instead of a walk of the
-- caller's whole visible book. Under row level security PostgreSQL uses a condition in an index only when its
-- functions are leakproof, and lower() and LIKE are not: the trigram indexes of V024 and V162's lower(customer_id)
-- are never used for the application, and a search for one customer's phone walked the whole book (2.8-4 s for
-- 100,000-200,000 policies, functions/policies/README.md).
--
-- These two tables hold what a search compares, lower-cased, with the agent (and login) each row belongs to, kept
-- by statement triggers in the writer's transaction (like V161's figures):
--   book_search_customers: per customer, the name, phone and customer id as the search compares them;
--   book_search_policies:  per policy, the policy number.
-- Only the owner reads or writes them: the triggers, rebuild_book_search() and V205's search functions (SECURITY
-- DEFINER), which filter by the caller's visibility themselves (the same predicate as the row level security of
-- policyholders and insurance_policies) and answer ids only. The application role has no privilege on them and
-- no policy. Row level security is enabled and forced (every tenant table's invariant), with one policy: the
-- owner, every row. A policy whose condition reads a column would be a security condition ahead of the search's
-- own, and the search's LIKE, not leakproof, could then no longer use an index for the owner either (Aurora's
-- master user is not a superuser: row level security applies to it). Every row is this tenant's (the CHECK), and
-- the functions check the caller's tenant.

CREATE TABLE ${tenant_schema}.book_search_customers (
    policyholder_id    uuid  PRIMARY KEY,
    tenant_id          uuid  NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id           uuid,
    user_id            uuid,
    name_lower         text  NOT NULL,
    phone              text,
    customer_id_lower  text
);

CREATE TABLE ${tenant_schema}.book_search_policies (
    policy_id          uuid  PRIMARY KEY,
    tenant_id          uuid  NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id           uuid,
    policyholder_id    uuid  NOT NULL,
    number_lower       text  NOT NULL
);

CREATE INDEX idx_book_search_customers_agent ON ${tenant_schema}.book_search_customers (agent_id);
CREATE INDEX idx_book_search_customers_user ON ${tenant_schema}.book_search_customers (user_id)
    WHERE user_id IS NOT NULL;
CREATE INDEX idx_book_search_customers_customer_id ON ${tenant_schema}.book_search_customers (customer_id_lower)
    WHERE customer_id_lower IS NOT NULL;
-- a policy number matches from its start: a prefix range of this index
CREATE INDEX idx_book_search_policies_number ON ${tenant_schema}.book_search_policies (number_lower text_pattern_ops);
CREATE INDEX idx_book_search_policies_holder ON ${tenant_schema}.book_search_policies (policyholder_id);

-- Names and phones match anywhere: trigram indexes, where pg_trgm is installed (as V024; without it the search
-- functions still answer, by reading the caller's rows).
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
        RAISE NOTICE 'pg_trgm is not installed: book search trigram indexes skipped';
        RETURN;
    END IF;

    EXECUTE format('CREATE INDEX idx_book_search_customers_name_trgm'
                   ' ON ${tenant_schema}.book_search_customers USING gin (name_lower %s)', v_ops);
    EXECUTE format('CREATE INDEX idx_book_search_customers_phone_trgm'
                   ' ON ${tenant_schema}.book_search_customers USING gin (phone %s)', v_ops);
END
$$;

ALTER TABLE ${tenant_schema}.book_search_customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${tenant_schema}.book_search_customers FORCE ROW LEVEL SECURITY;
ALTER TABLE ${tenant_schema}.book_search_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${tenant_schema}.book_search_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON ${tenant_schema}.book_search_customers AS PERMISSIVE FOR ALL TO CURRENT_USER
    USING (true) WITH CHECK (true);
CREATE POLICY owner_only ON ${tenant_schema}.book_search_policies AS PERMISSIVE FOR ALL TO CURRENT_USER
    USING (true) WITH CHECK (true);

-- V001's default privileges gave the application role the usual table rights: it has none here.
REVOKE ALL ON ${tenant_schema}.book_search_customers FROM agent_mitra_app, PUBLIC;
REVOKE ALL ON ${tenant_schema}.book_search_policies FROM agent_mitra_app, PUBLIC;

-- Customers: insert, change (only rows whose compared fields, agent or login changed) and delete.
CREATE FUNCTION ${tenant_schema}.book_search_from_policyholders() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ${tenant_schema}.book_search_customers
               (policyholder_id, agent_id, user_id, name_lower, phone, customer_id_lower)
        SELECT n.policyholder_id, n.agent_id, n.user_id, lower(n.full_name), n.phone_number, lower(n.customer_id)
          FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM ${tenant_schema}.book_search_customers s
         USING old_rows o
         WHERE s.policyholder_id = o.policyholder_id;
    ELSE
        UPDATE ${tenant_schema}.book_search_customers s
           SET agent_id = n.agent_id, user_id = n.user_id, name_lower = lower(n.full_name), phone = n.phone_number,
               customer_id_lower = lower(n.customer_id)
          FROM new_rows n
          JOIN old_rows o ON o.policyholder_id = n.policyholder_id
         WHERE s.policyholder_id = n.policyholder_id
           AND (n.agent_id, n.user_id, n.full_name, n.phone_number, n.customer_id)
               IS DISTINCT FROM (o.agent_id, o.user_id, o.full_name, o.phone_number, o.customer_id);
    END IF;
    RETURN NULL;
END
$$;

-- Policies: the same for the number, agent and customer.
CREATE FUNCTION ${tenant_schema}.book_search_from_policies() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ${tenant_schema}.book_search_policies (policy_id, agent_id, policyholder_id, number_lower)
        SELECT n.policy_id, n.agent_id, n.policyholder_id, lower(n.policy_number)
          FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM ${tenant_schema}.book_search_policies s
         USING old_rows o
         WHERE s.policy_id = o.policy_id;
    ELSE
        UPDATE ${tenant_schema}.book_search_policies s
           SET agent_id = n.agent_id, policyholder_id = n.policyholder_id, number_lower = lower(n.policy_number)
          FROM new_rows n
          JOIN old_rows o ON o.policy_id = n.policy_id
         WHERE s.policy_id = n.policy_id
           AND (n.agent_id, n.policyholder_id, n.policy_number)
               IS DISTINCT FROM (o.agent_id, o.policyholder_id, o.policy_number);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER book_search_insert
    AFTER INSERT ON ${tenant_schema}.policyholders
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policyholders();
CREATE TRIGGER book_search_update
    AFTER UPDATE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policyholders();
CREATE TRIGGER book_search_delete
    AFTER DELETE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policyholders();

CREATE TRIGGER book_search_insert
    AFTER INSERT ON ${tenant_schema}.insurance_policies
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policies();
CREATE TRIGGER book_search_update
    AFTER UPDATE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policies();
CREATE TRIGGER book_search_delete
    AFTER DELETE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ${tenant_schema}.book_search_from_policies();

-- Refills both tables from the book (after a load with triggers off, or to check them). Runs as the owner with
-- this tenant and the system role set for its duration (row level security is forced on the tables it reads, for
-- the owner too), as rebuild_agent_book_figures() (V161). Writers wait while it runs (the lock).
CREATE FUNCTION ${tenant_schema}.rebuild_book_search() RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_caller_tenant text := current_setting('app.tenant_id', true);
    v_caller_role   text := current_setting('app.user_role', true);
BEGIN
    PERFORM set_config('app.tenant_id', '${tenant_id}', true),
            set_config('app.user_role', 'system', true);
    LOCK TABLE ${tenant_schema}.policyholders, ${tenant_schema}.insurance_policies IN SHARE MODE;
    DELETE FROM ${tenant_schema}.book_search_customers;
    DELETE FROM ${tenant_schema}.book_search_policies;
    INSERT INTO ${tenant_schema}.book_search_customers
           (policyholder_id, agent_id, user_id, name_lower, phone, customer_id_lower)
    SELECT h.policyholder_id, h.agent_id, h.user_id, lower(h.full_name), h.phone_number, lower(h.customer_id)
      FROM ${tenant_schema}.policyholders h;
    INSERT INTO ${tenant_schema}.book_search_policies (policy_id, agent_id, policyholder_id, number_lower)
    SELECT p.policy_id, p.agent_id, p.policyholder_id, lower(p.policy_number)
      FROM ${tenant_schema}.insurance_policies p;
    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.book_search_from_policyholders() FROM PUBLIC, agent_mitra_app;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.book_search_from_policies() FROM PUBLIC, agent_mitra_app;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.rebuild_book_search() FROM PUBLIC, agent_mitra_app;

SELECT ${tenant_schema}.rebuild_book_search();

COMMENT ON TABLE ${tenant_schema}.book_search_customers IS
    'Per customer: name, phone, customer id as a search compares them; owner only, kept by triggers (V204)';
COMMENT ON TABLE ${tenant_schema}.book_search_policies IS
    'Per policy: the number as a search compares it; owner only, kept by triggers (V204)';
