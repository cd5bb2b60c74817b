-- Who may see a login account inside the tenant: the user themself; tenant-wide roles;
-- the accounts of visible agents and of the customers of visible agents; and, for a
-- policyholder, the account of their own agent. Customers' contact data therefore never
-- crosses from one agent's book to another's. Creating accounts for others is left to
-- tenant-wide roles (the backend creates a policyholder's account at first OTP login).
CREATE POLICY visibility ON ${tenant_schema}.users AS RESTRICTIVE FOR ALL
    USING (
        user_id = shared.current_user_id()
        OR shared.has_tenant_wide_access()
        OR user_id IN (SELECT a.user_id
                         FROM ${tenant_schema}.agents a
                        WHERE a.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
        OR user_id IN (SELECT p.user_id
                         FROM ${tenant_schema}.policyholders p
                        WHERE p.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
        OR (shared.current_app_role() = 'policyholder'
            AND user_id IN (SELECT a.user_id
                              FROM ${tenant_schema}.agents a
                              JOIN ${tenant_schema}.policyholders p ON p.agent_id = a.agent_id
                             WHERE p.user_id = shared.current_user_id())))
    WITH CHECK (
        user_id = shared.current_user_id()
        OR shared.has_tenant_wide_access()
        OR user_id IN (SELECT a.user_id
                         FROM ${tenant_schema}.agents a
                        WHERE a.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
        OR user_id IN (SELECT p.user_id
                         FROM ${tenant_schema}.policyholders p
                        WHERE p.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())));
