-- Issue 20, big books: the matches of a search among the caller's visible customers and policies, found through
-- V204's indexes (names and phones by trigram, customer ids by equality, policy numbers by prefix), for
-- GET /policies?q= and GET /policyholders?q= (functions/policies). They match as those routes always have: a
-- customer by name (substring), phone digits (substring, 4 or more) or customer id (exact); a policy by number
-- (prefix); case-insensitive; the term's % and _ are literal.
--
-- They answer ids only, and only of rows the caller's row level security would show: the same predicate as the
-- policies of policyholders (V009) and insurance_policies (V011), stated here because the owner reads V204's tables:
--   a tenant-wide role (shared.has_tenant_wide_access()): every row of this tenant;
--   an agent or a regional manager: the rows whose agent is in visible_agent_ids(), evaluated for the caller;
--   a policyholder: their own customer record (user_id = app.user_id) and its policies;
--   anyone else, or a transaction of another tenant (app.tenant_id): nothing.
-- The application reads the page itself afterwards, as the caller, under row level security, by those ids.
--
-- Bounds: the term, after trimming, has 3 to 100 characters (a shorter term cannot use a trigram index; the API
-- limits q to 100); p_cap is 1 to 10,000. At most p_cap + 1 ids are answered: p_cap + 1 means there are more matches
-- than p_cap and the answer is not all of them (the caller must then search another way; functions/policies walks
-- the book, where so many matches fill a page quickly). Owned by the schema owner (SECURITY DEFINER, search_path
-- pinned), executable by the application role only.

CREATE FUNCTION ${tenant_schema}.search_customer_ids(p_term text, p_cap integer) RETURNS SETOF uuid
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_term    text := lower(btrim(p_term));
    v_digits  text := regexp_replace(coalesce(p_term, ''), '[^0-9]', '', 'g');
    v_role    text := shared.current_app_role();
    v_agents  uuid[];
    v_phone   text := '';
    v_scope   text;
BEGIN
    IF v_term IS NULL OR length(v_term) < 3 OR length(v_term) > 100 THEN
        RAISE EXCEPTION 'search_customer_ids: the term must have 3 to 100 characters' USING ERRCODE = '22023';
    END IF;
    IF p_cap IS NULL OR p_cap < 1 OR p_cap > 10000 THEN
        RAISE EXCEPTION 'search_customer_ids: the cap must be between 1 and 10000' USING ERRCODE = '22023';
    END IF;
    IF shared.current_tenant_id() IS DISTINCT FROM '${tenant_id}'::uuid THEN
        RETURN;
    END IF;

    IF shared.has_tenant_wide_access() THEN
        v_scope := '';
    ELSIF v_role IN ('senior_agent', 'junior_agent', 'regional_manager') THEN
        v_agents := ARRAY(SELECT ${tenant_schema}.visible_agent_ids());
        IF cardinality(v_agents) = 0 THEN
            RETURN;
        END IF;
        v_scope := ' AND s.agent_id = ANY ($4)';
    ELSIF v_role = 'policyholder' AND shared.current_user_id() IS NOT NULL THEN
        v_scope := ' AND s.user_id = $5';
    ELSE
        RETURN;
    END IF;
    IF length(v_digits) >= 4 THEN
        v_phone := ' OR s.phone LIKE $6';
    END IF;

    RETURN QUERY EXECUTE
        'SELECT s.policyholder_id FROM ${tenant_schema}.book_search_customers s'
        || ' WHERE (s.name_lower LIKE $1 OR s.customer_id_lower = $2' || v_phone || ')' || v_scope
        || ' LIMIT $3'
        USING '%' || replace(replace(replace(v_term, '\', '\\'), '%', '\%'), '_', '\_') || '%', v_term, p_cap + 1,
              v_agents, shared.current_user_id(), '%' || v_digits || '%';
END
$$;

CREATE FUNCTION ${tenant_schema}.search_policy_ids(p_term text, p_cap integer) RETURNS SETOF uuid
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_term    text := lower(btrim(p_term));
    v_role    text := shared.current_app_role();
    v_agents  uuid[];
    v_scope   text;
BEGIN
    IF v_term IS NULL OR length(v_term) < 3 OR length(v_term) > 100 THEN
        RAISE EXCEPTION 'search_policy_ids: the term must have 3 to 100 characters' USING ERRCODE = '22023';
    END IF;
    IF p_cap IS NULL OR p_cap < 1 OR p_cap > 10000 THEN
        RAISE EXCEPTION 'search_policy_ids: the cap must be between 1 and 10000' USING ERRCODE = '22023';
    END IF;
    IF shared.current_tenant_id() IS DISTINCT FROM '${tenant_id}'::uuid THEN
        RETURN;
    END IF;

    IF shared.has_tenant_wide_access() THEN
        v_scope := '';
    ELSIF v_role IN ('senior_agent', 'junior_agent', 'regional_manager') THEN
        v_agents := ARRAY(SELECT ${tenant_schema}.visible_agent_ids());
        IF cardinality(v_agents) = 0 THEN
            RETURN;
        END IF;
        v_scope := ' AND s.agent_id = ANY ($3)';
    ELSIF v_role = 'policyholder' AND shared.current_user_id() IS NOT NULL THEN
        v_scope := ' AND s.policyholder_id IN (SELECT c.policyholder_id FROM ${tenant_schema}.book_search_customers c'
                || ' WHERE c.user_id = $4)';
    ELSE
        RETURN;
    END IF;

    RETURN QUERY EXECUTE
        'SELECT s.policy_id FROM ${tenant_schema}.book_search_policies s WHERE s.number_lower LIKE $1' || v_scope
        || ' LIMIT $2'
        USING replace(replace(replace(v_term, '\', '\\'), '%', '\%'), '_', '\_') || '%', p_cap + 1, v_agents,
              shared.current_user_id();
END
$$;

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.search_customer_ids(text, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.search_policy_ids(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.search_customer_ids(text, integer) TO agent_mitra_app;
GRANT EXECUTE ON FUNCTION ${tenant_schema}.search_policy_ids(text, integer) TO agent_mitra_app;

COMMENT ON FUNCTION ${tenant_schema}.search_customer_ids(text, integer) IS
    'Ids of the caller''s visible customers matching a search term (name, phone digits, customer id), at most cap + 1';
COMMENT ON FUNCTION ${tenant_schema}.search_policy_ids(text, integer) IS
    'Ids of the caller''s visible policies whose number starts with a search term, at most cap + 1';
