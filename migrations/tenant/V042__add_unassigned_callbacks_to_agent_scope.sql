-- Issue 6: agents (and regional managers) see the unassigned callbacks of their tenant, not only those of their
-- own customers, so anyone free can see the queue. The restrictive policy of V014 is replaced with the same
-- conditions plus that one.
DROP POLICY agent_scope ON ${tenant_schema}.callback_requests;

CREATE POLICY agent_scope ON ${tenant_schema}.callback_requests AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR customer_id IN (SELECT p.policyholder_id FROM ${tenant_schema}.policyholders p)
           OR (agent_id IS NULL
               AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR customer_id IN (SELECT p.policyholder_id FROM ${tenant_schema}.policyholders p)
           OR (agent_id IS NULL
               AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')));
