-- Issue 19: administrators change callback configuration through the API (/callback-escalation-rules,
-- /callback-queues, /callback-templates); every change is audited like users and agents (statement triggers,
-- audit.record_changes, shared V051), so GET /audit?entity=callback_escalation_rules shows who changed what.

CREATE TRIGGER audit_callback_escalation_rules_insert
    AFTER INSERT ON ${tenant_schema}.callback_escalation_rules
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('escalation_rule_id');
CREATE TRIGGER audit_callback_escalation_rules_update
    AFTER UPDATE ON ${tenant_schema}.callback_escalation_rules
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('escalation_rule_id', 'updated_at');
CREATE TRIGGER audit_callback_escalation_rules_delete
    AFTER DELETE ON ${tenant_schema}.callback_escalation_rules
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('escalation_rule_id');

CREATE TRIGGER audit_callback_queues_insert
    AFTER INSERT ON ${tenant_schema}.callback_queues
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_queue_id');
CREATE TRIGGER audit_callback_queues_update
    AFTER UPDATE ON ${tenant_schema}.callback_queues
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_queue_id', 'updated_at');
CREATE TRIGGER audit_callback_queues_delete
    AFTER DELETE ON ${tenant_schema}.callback_queues
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('callback_queue_id');

CREATE TRIGGER audit_callback_templates_insert
    AFTER INSERT ON ${tenant_schema}.callback_templates
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('template_id');
CREATE TRIGGER audit_callback_templates_update
    AFTER UPDATE ON ${tenant_schema}.callback_templates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('template_id', 'updated_at');
CREATE TRIGGER audit_callback_templates_delete
    AFTER DELETE ON ${tenant_schema}.callback_templates
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit.record_changes('template_id');
