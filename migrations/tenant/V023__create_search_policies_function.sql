-- Policy search for the agent's book (seed §3.3 search_policies_optimized), fixed:
--   * reads the customer's name and phone from policyholders (the seed read first_name /
--     last_name columns that policyholders did not have, and agent names from agents,
--     which has none: the agent name comes from users, else the business name);
--   * SQL, not plpgsql, and every column qualified (the seed's agent_id parameter clashed
--     with the agent_id column);
--   * matches policy number (prefix), customer id (exact), name (substring) and phone
--     digits (substring) with LIKE, which the trigram indexes of V024 serve; LIKE
--     wildcards in the search term are escaped;
--   * runs as the caller, so row level security limits it to the caller's visible book.
-- relevance_score: 1.0 exact policy number, 0.9 policy number prefix, 0.8 customer id or
-- phone, 0.7 name prefix, 0.5 name substring.
CREATE FUNCTION ${tenant_schema}.search_policies_optimized(
    search_term   text,
    agent_id      uuid    DEFAULT NULL,
    status_filter text[]  DEFAULT NULL,
    limit_count   integer DEFAULT 50
)
RETURNS TABLE (
    policy_id         uuid,
    policy_number     text,
    policyholder_id   uuid,
    policyholder_name text,
    phone_number      text,
    agent_name        text,
    status            text,
    premium_amount    numeric,
    relevance_score   real
)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH q AS (
        SELECT lower(btrim(search_policies_optimized.search_term)) AS term,
               replace(replace(replace(lower(btrim(search_policies_optimized.search_term)),
                                       '\', '\\'), '%', '\%'), '_', '\_') AS pattern,
               regexp_replace(search_policies_optimized.search_term, '[^0-9]', '', 'g') AS digits
    ), scored AS (
        SELECT p.policy_id,
               p.policy_number::text                                   AS policy_number,
               ph.policyholder_id,
               ph.full_name                                            AS policyholder_name,
               ph.phone_number::text                                   AS phone_number,
               coalesce(nullif(u.display_name, ''),
                        nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''),
                        a.business_name, a.agent_code)::text           AS agent_name,
               p.status::text                                          AS status,
               p.premium_amount                                        AS premium_amount,
               (CASE
                    WHEN lower(p.policy_number) = q.term                                      THEN 1.0
                    WHEN lower(p.policy_number) LIKE q.pattern || '%'                         THEN 0.9
                    WHEN lower(ph.customer_id) = q.term                                       THEN 0.8
                    WHEN length(q.digits) >= 4 AND ph.phone_number LIKE '%' || q.digits || '%' THEN 0.8
                    WHEN lower(ph.full_name) LIKE q.pattern || '%'                            THEN 0.7
                    WHEN lower(ph.full_name) LIKE '%' || q.pattern || '%'                     THEN 0.5
                    ELSE 0
                END)::real                                             AS relevance_score,
               p.created_at
          FROM ${tenant_schema}.insurance_policies p
          JOIN ${tenant_schema}.policyholders ph ON ph.policyholder_id = p.policyholder_id
          LEFT JOIN ${tenant_schema}.agents a ON a.agent_id = p.agent_id
          LEFT JOIN ${tenant_schema}.users u ON u.user_id = a.user_id
         CROSS JOIN q
         WHERE q.term <> ''
           AND (search_policies_optimized.agent_id IS NULL OR p.agent_id = search_policies_optimized.agent_id)
           AND (search_policies_optimized.status_filter IS NULL
                OR p.status::text = ANY (search_policies_optimized.status_filter))
           AND (lower(p.policy_number) LIKE q.pattern || '%'
                OR lower(ph.customer_id) = q.term
                OR (length(q.digits) >= 4 AND ph.phone_number LIKE '%' || q.digits || '%')
                OR lower(ph.full_name) LIKE '%' || q.pattern || '%')
    )
    SELECT s.policy_id, s.policy_number, s.policyholder_id, s.policyholder_name, s.phone_number,
           s.agent_name, s.status, s.premium_amount, s.relevance_score
      FROM scored s
     ORDER BY s.relevance_score DESC, s.created_at DESC
     LIMIT least(greatest(coalesce(search_policies_optimized.limit_count, 50), 1), 200)
$$;

COMMENT ON FUNCTION ${tenant_schema}.search_policies_optimized(text, uuid, text[], integer) IS
    'Searches visible policies by policy number, customer id, customer name or phone; at most 200 rows';
