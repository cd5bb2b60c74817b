-- Issue 19: administrators grant and revoke permissions of a role through PUT /roles/{role}/permissions, and route
-- authorization reads role_permissions; every change is audited like the other administration writes (statement
-- triggers, audit.record_changes, shared V051), so GET /audit?entity=role_permissions shows who granted or revoked
-- what (role_id and permission_id of each row) and when.

CREATE TRIGGER audit_role_permissions_insert
    AFTER INSERT ON ${tenant_schema}.role_permissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('assignment_id');
CREATE TRIGGER audit_role_permissions_update
    AFTER UPDATE ON ${tenant_schema}.role_permissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('assignment_id');
CREATE TRIGGER audit_role_permissions_delete
    AFTER DELETE ON ${tenant_schema}.role_permissions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('assignment_id');
