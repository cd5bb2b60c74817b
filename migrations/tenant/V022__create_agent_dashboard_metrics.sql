-- Agent dashboard figures (seed §3.3), precomputed. A materialized view is not subject to
-- row level security, so the application role gets no privilege on it; it reads the view
-- agent_dashboard instead, which filters by tenant and visible_agent_ids().
-- Fixed from the seed: each figure is aggregated in its own subquery (the seed's joins of
-- policyholders x policies x payments multiplied the sums), agents without a login are
-- kept (LEFT JOIN users), and the tenant id is carried for the view's filter.

CREATE MATERIALIZED VIEW ${tenant_schema}.agent_dashboard_metrics AS
SELECT a.agent_id,
       a.tenant_id,
       a.agent_code,
       coalesce(nullif(u.display_name, ''),
                nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''),
                a.business_name,
                a.agent_code)                      AS agent_name,
       coalesce(ph.total_policyholders, 0)         AS total_policyholders,
       coalesce(ip.total_policies, 0)              AS total_policies,
       coalesce(ip.total_premium, 0)::numeric(15,2) AS total_premium,
       pp.avg_payment_amount::numeric(12,2)        AS avg_payment_amount,
       coalesce(pp.total_payments, 0)              AS total_payments,
       pp.last_payment_date,
       now()                                       AS refreshed_at
  FROM ${tenant_schema}.agents a
  LEFT JOIN ${tenant_schema}.users u ON u.user_id = a.user_id
  LEFT JOIN (SELECT agent_id, count(*) AS total_policyholders
               FROM ${tenant_schema}.policyholders
              GROUP BY agent_id) ph ON ph.agent_id = a.agent_id
  LEFT JOIN (SELECT agent_id, count(*) AS total_policies, sum(premium_amount) AS total_premium
               FROM ${tenant_schema}.insurance_policies
              WHERE status = 'active'
              GROUP BY agent_id) ip ON ip.agent_id = a.agent_id
  LEFT JOIN (SELECT p.agent_id, avg(pay.amount) AS avg_payment_amount, count(*) AS total_payments,
                    max(pay.payment_date) AS last_payment_date
               FROM ${tenant_schema}.premium_payments pay
               JOIN ${tenant_schema}.insurance_policies p ON p.policy_id = pay.policy_id
              WHERE pay.status = 'completed' AND p.status = 'active'
              GROUP BY p.agent_id) pp ON pp.agent_id = a.agent_id
WITH DATA;

-- Needed for REFRESH MATERIALIZED VIEW CONCURRENTLY.
CREATE UNIQUE INDEX agent_dashboard_metrics_agent_id_key ON ${tenant_schema}.agent_dashboard_metrics (agent_id);

REVOKE ALL ON ${tenant_schema}.agent_dashboard_metrics FROM agent_mitra_app;

-- What the application reads. security_barrier keeps the caller's own predicates from
-- running before the filter.
CREATE VIEW ${tenant_schema}.agent_dashboard WITH (security_barrier = true) AS
SELECT m.agent_id, m.tenant_id, m.agent_code, m.agent_name, m.total_policyholders, m.total_policies,
       m.total_premium, m.avg_payment_amount, m.total_payments, m.last_payment_date, m.refreshed_at
  FROM ${tenant_schema}.agent_dashboard_metrics m
 WHERE m.tenant_id = shared.current_tenant_id()
   AND (shared.has_tenant_wide_access()
        OR m.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));

GRANT SELECT ON ${tenant_schema}.agent_dashboard TO agent_mitra_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${tenant_schema}.agent_dashboard FROM agent_mitra_app;

-- Refreshes the figures. Runs as the owner (only the owner may refresh) with this tenant
-- and the system role set for its duration, because row level security is forced on the
-- tables it reads, for the owner too; the caller's settings are restored afterwards.
-- (A function-level SET of app.* is refused to non-superusers such as Aurora's master.)
-- Called daily by the metrics function.
CREATE FUNCTION ${tenant_schema}.refresh_agent_dashboard_metrics() RETURNS void
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
    REFRESH MATERIALIZED VIEW CONCURRENTLY ${tenant_schema}.agent_dashboard_metrics;
    PERFORM set_config('app.tenant_id', coalesce(v_caller_tenant, ''), true),
            set_config('app.user_role', coalesce(v_caller_role, ''), true);
END
$$;

COMMENT ON MATERIALIZED VIEW ${tenant_schema}.agent_dashboard_metrics IS
    'Per-agent dashboard figures; no application access: read agent_dashboard';
COMMENT ON VIEW ${tenant_schema}.agent_dashboard IS
    'agent_dashboard_metrics filtered to app.tenant_id and visible_agent_ids()';
