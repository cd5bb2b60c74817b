-- Issue 20, big books: a name search (GET /policies?q=) walks the caller's book(s) in the list's order through V204's
-- policy table instead of the policies themselves. Walked as the caller, each policy read was an index entry, a
-- policy row under row level security and a lookup of its customer under row level security to test the name:
-- about 10 microseconds a row warm, 1,024 rows over a senior agent's 51 books in 10-15 ms of the database's time
-- (local/run, 2026-12-07). Here a row is an index entry and a narrow row holding everything a walk compares, read
-- without row level security: about 1.5 microseconds, so a walk reads four times as far in a fraction of the time.
--
-- book_search_policies gains each policy's sort keys (created_at, policy_number, the due date as the list orders it)
-- and its customer's compared fields (name, phone, customer id, as book_search_customers holds them), kept by the
-- same statement triggers: a policy's insert and change (now also of created_at and next_payment_date), and a
-- customer's change of name, phone or customer id, which their policies' rows follow. One index per order, on
-- (agent, sort key, id).
--
-- walk_book_search() reads the first p_rows[i] rows of each given book i in a list order (after a cursor), tests each
-- against the term as GET /policies?q= always has (a policy number from its start; a customer's name anywhere,
-- phone digits anywhere (4 or more), customer id exactly; case-insensitive; % and _ literal), and answers the first
-- p_limit of the matching rows and of each book's last row read (its "last read" row: the book's unread rows all
-- sort after it), merged in that order: the application keeps the page when no book's last read row comes before
-- the page's end (functions/policies PolicyRepository); place numbers the answered rows in that order. It answers
-- only books of the caller's visible_agent_ids(); other agents given to it are ignored. Ids only: the application
-- reads the page itself, as the caller, under row level security.

ALTER TABLE ${tenant_schema}.book_search_policies
    ADD COLUMN created_at         timestamptz,
    ADD COLUMN policy_number      varchar(100),
    ADD COLUMN due_order          date,
    ADD COLUMN name_lower         text,
    ADD COLUMN phone              text,
    ADD COLUMN customer_id_lower  text;

-- Policies: insert, change (rows whose compared or sorted fields, agent or customer changed) and delete.
CREATE OR REPLACE FUNCTION ${tenant_schema}.book_search_from_policies() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ${tenant_schema}.book_search_policies
               (policy_id, agent_id, policyholder_id, number_lower, created_at, policy_number, due_order,
                name_lower, phone, customer_id_lower)
        SELECT n.policy_id, n.agent_id, n.policyholder_id, lower(n.policy_number), n.created_at, n.policy_number,
               coalesce(n.next_payment_date, date '9999-12-31'), c.name_lower, c.phone, c.customer_id_lower
          FROM new_rows n
          LEFT JOIN ${tenant_schema}.book_search_customers c ON c.policyholder_id = n.policyholder_id;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM ${tenant_schema}.book_search_policies s
         USING old_rows o
         WHERE s.policy_id = o.policy_id;
    ELSE
        UPDATE ${tenant_schema}.book_search_policies s
           SET agent_id = n.agent_id, policyholder_id = n.policyholder_id, number_lower = lower(n.policy_number),
               created_at = n.created_at, policy_number = n.policy_number,
               due_order = coalesce(n.next_payment_date, date '9999-12-31'),
               name_lower = c.name_lower, phone = c.phone, customer_id_lower = c.customer_id_lower
          FROM new_rows n
          JOIN old_rows o ON o.policy_id = n.policy_id
          LEFT JOIN ${tenant_schema}.book_search_customers c ON c.policyholder_id = n.policyholder_id
         WHERE s.policy_id = n.policy_id
           AND (n.agent_id, n.policyholder_id, n.policy_number, n.created_at, n.next_payment_date)
               IS DISTINCT FROM (o.agent_id, o.policyholder_id, o.policy_number, o.created_at, o.next_payment_date);
    END IF;
    RETURN NULL;
END
$$;

-- Customers: as V204, and a change of name, phone or customer id reaches their policies' rows.
CREATE OR REPLACE FUNCTION ${tenant_schema}.book_search_from_policyholders() RETURNS trigger
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
        UPDATE ${tenant_schema}.book_search_policies s
           SET name_lower = lower(n.full_name), phone = n.phone_number, customer_id_lower = lower(n.customer_id)
          FROM new_rows n
          JOIN old_rows o ON o.policyholder_id = n.policyholder_id
         WHERE s.policyholder_id = n.policyholder_id
           AND (n.full_name, n.phone_number, n.customer_id)
               IS DISTINCT FROM (o.full_name, o.phone_number, o.customer_id);
    END IF;
    RETURN NULL;
END
$$;

-- As V204's, with the new columns; the tables emptied at once (TRUNCATE: searches wait for it, as writers do).
CREATE OR REPLACE FUNCTION ${tenant_schema}.rebuild_book_search() RETURNS void
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
    -- emptied, not deleted row by row: a walk would step over every dead row's index entries until a vacuum
    TRUNCATE ${tenant_schema}.book_search_customers, ${tenant_schema}.book_search_policies;
    INSERT INTO ${tenant_schema}.book_search_customers
           (policyholder_id, agent_id, user_id, name_lower, phone, customer_id_lower)
    SELECT h.policyholder_id, h.agent_id, h.user_id, lower(h.full_name), h.phone_number, lower(h.customer_id)
      FROM ${tenant_schema}.policyholders h;
    INSERT INTO ${tenant_schema}.book_search_policies
           (policy_id, agent_id, policyholder_id, number_lower, created_at, policy_number, due_order,
            name_lower, phone, customer_id_lower)
    SELECT p.policy_id, p.agent_id, p.policyholder_id, lower(p.policy_number), p.created_at, p.policy_number,
           coalesce(p.next_payment_date, date '9999-12-31'), c.name_lower, c.phone, c.customer_id_lower
      FROM ${tenant_schema}.insurance_policies p
      LEFT JOIN ${tenant_schema}.book_search_customers c ON c.policyholder_id = p.policyholder_id;
    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
END
$$;

SELECT ${tenant_schema}.rebuild_book_search();

ALTER TABLE ${tenant_schema}.book_search_policies
    ALTER COLUMN created_at SET NOT NULL,
    ALTER COLUMN policy_number SET NOT NULL,
    ALTER COLUMN due_order SET NOT NULL;

-- One index per list order. Not covering: the walk reads each row from the table (the rows of a customer's
-- policies are narrow), and an import writes every policy into these three indexes.
CREATE INDEX idx_book_search_policies_newest ON ${tenant_schema}.book_search_policies
    (agent_id, created_at DESC, policy_id DESC);
CREATE INDEX idx_book_search_policies_number_order ON ${tenant_schema}.book_search_policies
    (agent_id, policy_number, policy_id);
CREATE INDEX idx_book_search_policies_due ON ${tenant_schema}.book_search_policies
    (agent_id, due_order, policy_id);

-- Bounds: the term, after trimming, has 1 to 100 characters (the API limits q to 100); p_sort one of the list's
-- orders (its API names); p_agents at most 1,000 books; p_rows as many, each 1 to 10,000 rows; p_after NULL or
-- the cursor's values of that order (as the API's cursors carry them); p_limit 1 to 1,000.
CREATE FUNCTION ${tenant_schema}.walk_book_search(p_term text, p_sort text, p_agents uuid[], p_rows integer[],
                                                  p_after text[], p_limit integer)
    RETURNS TABLE (policy_id uuid, agent_id uuid, matched boolean, last_read boolean, place bigint)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    -- each book is read in order through its index and stops after p_rows rows. The planner estimates a book at
    -- the tenant's average (130 policies for 10,000 agents), and for a large one (100,000) preferred reading all of
    -- it and sorting (72 ms p50 for a look of 512 rows, functions/policies benchmark): no sort where an index gives
    -- the order (the merge of the books' rows is still sorted: it has no other way).
    SET enable_sort = off
AS $$
DECLARE
    v_term    text := lower(btrim(p_term));
    v_digits  text := regexp_replace(coalesce(p_term, ''), '[^0-9]', '', 'g');
    v_literal text;
    v_agents  uuid[];
    v_rows    integer[];
    v_keys    text;
    v_order   text;
    v_outer   text;
    v_after   text;
    v_match   text;
BEGIN
    IF v_term IS NULL OR length(v_term) < 1 OR length(v_term) > 100 THEN
        RAISE EXCEPTION 'walk_book_search: the term must have 1 to 100 characters' USING ERRCODE = '22023';
    END IF;
    IF p_agents IS NULL OR cardinality(p_agents) > 1000 THEN
        RAISE EXCEPTION 'walk_book_search: at most 1000 books' USING ERRCODE = '22023';
    END IF;
    IF p_rows IS NULL OR cardinality(p_rows) <> cardinality(p_agents)
       OR EXISTS (SELECT 1 FROM unnest(p_rows) AS r(n) WHERE r.n IS NULL OR r.n < 1 OR r.n > 10000)
       OR p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 THEN
        RAISE EXCEPTION 'walk_book_search: rows must be 1 to 10000 for each book and the limit 1 to 1000'
            USING ERRCODE = '22023';
    END IF;
    -- each order and the keyset condition of its cursor (the API's cursors: the sort key and, but for the policy
    -- number, which is unique, the id)
    CASE p_sort
        WHEN 'newest' THEN
            v_order := 's.created_at DESC, s.policy_id DESC';
            v_after := ' AND (s.created_at, s.policy_id) < ($5[1]::timestamptz, $5[2]::uuid)';
        WHEN 'policyNumber' THEN
            v_order := 's.policy_number, s.policy_id';
            v_after := ' AND s.policy_number > $5[1]::varchar';
        WHEN 'nextPaymentDate' THEN
            v_order := 's.due_order, s.policy_id';
            v_after := ' AND (s.due_order, s.policy_id) > ($5[1]::date, $5[2]::uuid)';
        ELSE
            RAISE EXCEPTION 'walk_book_search: unknown order' USING ERRCODE = '22023';
    END CASE;
    v_keys := replace(v_order, ' DESC', '');
    v_outer := replace(v_order, 's.', 'r.');
    IF p_after IS NULL THEN
        v_after := '';
    END IF;
    IF p_after IS NOT NULL AND cardinality(p_after) <> (CASE p_sort WHEN 'policyNumber' THEN 1 ELSE 2 END) THEN
        RAISE EXCEPTION 'walk_book_search: the cursor does not fit the order' USING ERRCODE = '22023';
    END IF;
    IF shared.current_tenant_id() IS DISTINCT FROM '${tenant_id}'::uuid THEN
        RETURN;
    END IF;
    SELECT array_agg(b.id), array_agg(b.n) INTO v_agents, v_rows
      FROM (SELECT DISTINCT ON (a.id) a.id, a.n FROM unnest(p_agents, p_rows) AS a(id, n)
             WHERE a.id IN (SELECT ${tenant_schema}.visible_agent_ids()) ORDER BY a.id, a.n DESC) AS b;
    IF v_agents IS NULL THEN
        RETURN;
    END IF;

    v_literal := replace(replace(replace(v_term, '\', '\\'), '%', '\%'), '_', '\_');
    v_match := 's.number_lower LIKE $2 OR s.name_lower LIKE $1 OR s.customer_id_lower = $3';
    IF length(v_digits) >= 4 THEN
        v_match := v_match || ' OR s.phone LIKE $4';
    END IF;

    RETURN QUERY EXECUTE
        'SELECT r.policy_id, a.agent_id, r.matched, r.position = a.read_rows,'
        || ' row_number() OVER (ORDER BY ' || v_outer || ')'
        || ' FROM unnest($6, $7) AS a(agent_id, read_rows)'
        || ' CROSS JOIN LATERAL (SELECT ' || v_keys || ', coalesce(' || v_match || ', false) AS matched,'
        || ' row_number() OVER (ORDER BY ' || v_order || ') AS position'
        || ' FROM ${tenant_schema}.book_search_policies s WHERE s.agent_id = a.agent_id' || v_after
        || ' ORDER BY ' || v_order || ' LIMIT a.read_rows) r'
        || ' WHERE r.matched OR r.position = a.read_rows'
        || ' ORDER BY ' || v_outer || ' LIMIT $8'
        USING '%' || v_literal || '%', v_literal || '%', v_term, '%' || v_digits || '%', p_after, v_agents,
              v_rows, p_limit;
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.walk_book_search(text, text, uuid[], integer[], text[], integer)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.walk_book_search(text, text, uuid[], integer[], text[], integer)
    TO agent_mitra_app;

COMMENT ON TABLE ${tenant_schema}.book_search_policies IS
    'Per policy: number, sort keys and customer''s compared fields as a search walks them; owner only (V204, V208)';
COMMENT ON FUNCTION ${tenant_schema}.walk_book_search(text, text, uuid[], integer[], text[], integer) IS
    'A search''s walk of the caller''s visible books in a list order: matching rows and each book''s last read row';
