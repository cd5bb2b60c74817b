-- Audit triggers once per statement (shared V051, audit.record_changes()) instead of once per row (V021, V048):
-- the same audit rows, written set-based from the statement's transition tables. PostgreSQL allows transition
-- tables only on single-event triggers, so each table has one trigger per event.
--
-- callback_requests keeps V048's rule: an update that changes nothing but priority_score (and last_updated_at,
-- stamped on every update) is not recorded; the columns are passed to the function instead of a WHEN clause, which
-- a statement trigger cannot have.

DROP TRIGGER audit_users ON ${tenant_schema}.users;
DROP TRIGGER audit_agents ON ${tenant_schema}.agents;
DROP TRIGGER audit_policyholders ON ${tenant_schema}.policyholders;
DROP TRIGGER audit_insurance_policies ON ${tenant_schema}.insurance_policies;
DROP TRIGGER audit_callback_requests ON ${tenant_schema}.callback_requests;
DROP TRIGGER audit_callback_requests_update ON ${tenant_schema}.callback_requests;

CREATE TRIGGER audit_users_insert
    AFTER INSERT ON ${tenant_schema}.users
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('user_id');
CREATE TRIGGER audit_users_update
    AFTER UPDATE ON ${tenant_schema}.users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('user_id');
CREATE TRIGGER audit_users_delete
    AFTER DELETE ON ${tenant_schema}.users
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('user_id');

CREATE TRIGGER audit_agents_insert
    AFTER INSERT ON ${tenant_schema}.agents
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('agent_id');
CREATE TRIGGER audit_agents_update
    AFTER UPDATE ON ${tenant_schema}.agents
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('agent_id');
CREATE TRIGGER audit_agents_delete
    AFTER DELETE ON ${tenant_schema}.agents
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('agent_id');

CREATE TRIGGER audit_policyholders_insert
    AFTER INSERT ON ${tenant_schema}.policyholders
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policyholder_id');
CREATE TRIGGER audit_policyholders_update
    AFTER UPDATE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policyholder_id');
CREATE TRIGGER audit_policyholders_delete
    AFTER DELETE ON ${tenant_schema}.policyholders
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policyholder_id');

CREATE TRIGGER audit_insurance_policies_insert
    AFTER INSERT ON ${tenant_schema}.insurance_policies
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policy_id');
CREATE TRIGGER audit_insurance_policies_update
    AFTER UPDATE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policy_id');
CREATE TRIGGER audit_insurance_policies_delete
    AFTER DELETE ON ${tenant_schema}.insurance_policies
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('policy_id');

CREATE TRIGGER audit_callback_requests_insert
    AFTER INSERT ON ${tenant_schema}.callback_requests
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_request_id');
CREATE TRIGGER audit_callback_requests_update
    AFTER UPDATE ON ${tenant_schema}.callback_requests
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_request_id', 'priority_score', 'last_updated_at');
CREATE TRIGGER audit_callback_requests_delete
    AFTER DELETE ON ${tenant_schema}.callback_requests
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_request_id');
