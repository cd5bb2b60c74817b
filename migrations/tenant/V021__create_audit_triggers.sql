-- Every write to users, agents, policyholders, policies and callbacks is recorded in
-- audit.audit_log by audit.record_change() (shared V012); the argument names the primary key.

CREATE TRIGGER audit_users
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.users
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('user_id');

CREATE TRIGGER audit_agents
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.agents
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('agent_id');

CREATE TRIGGER audit_policyholders
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.policyholders
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('policyholder_id');

CREATE TRIGGER audit_insurance_policies
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.insurance_policies
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('policy_id');

CREATE TRIGGER audit_callback_requests
    AFTER INSERT OR UPDATE OR DELETE ON ${tenant_schema}.callback_requests
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('callback_request_id');
