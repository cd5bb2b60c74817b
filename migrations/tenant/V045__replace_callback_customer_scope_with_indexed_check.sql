-- Issue 6 benchmark (functions/callbacks README): the customer arm of the callback_requests policy (V042),
-- "customer_id IN (SELECT policyholder_id FROM policyholders)", cannot take the row's customer_id into the
-- subquery, so PostgreSQL ran it as a hashed subplan over every policyholder the caller may see: a sequential scan
-- of policyholders (each row through its own policy) on every statement that reached that arm, about 60-90 ms at
-- 50,000 policyholders, for every read and write of a policyholder caller. The same condition as a correlated
-- EXISTS is one primary-key probe per row checked (or a hash when the planner expects many rows). Same answers:
-- policyholder_id is the primary key, never NULL.
DROP POLICY agent_scope ON ${tenant_schema}.callback_requests;

CREATE POLICY agent_scope ON ${tenant_schema}.callback_requests AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p WHERE p.policyholder_id = callback_requests.customer_id)
           OR (agent_id IS NULL
               AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p WHERE p.policyholder_id = callback_requests.customer_id)
           OR (agent_id IS NULL
               AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')));
