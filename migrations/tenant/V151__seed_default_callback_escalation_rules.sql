-- Issue 19: escalation works out of the box. The sweeper (CallbackSweeper, every 5 minutes) applies every active
-- rule once per callback; until now no tenant had a rule, so nothing ever escalated. Seeded per tenant:
--
-- * a high-priority callback past its due time (the 2 h first-response SLA): the assigned agent's manager (the
--   agent's parent in the hierarchy) is told on WhatsApp (callback_escalated);
-- * a callback overdue by a whole SLA period more, i.e. 2x its SLA after it was asked for (high 2 h, medium 8 h,
--   low 24 h: SlaDeadline, calculate_callback_due_date), is given to another free agent. EscalationTrigger reads
--   a fixed "overdueByMinutes", so there is one rule per priority, each overdue by that priority's SLA.
--
-- Administrators change, switch off or delete them with /callback-escalation-rules. Names are unique per tenant;
-- a tenant that already has a rule of one of these names keeps its own.

SELECT set_config('app.tenant_id', '${tenant_id}', true), set_config('app.user_role', 'system', true);

INSERT INTO ${tenant_schema}.callback_escalation_rules
    (rule_name, priority, trigger_condition, escalation_action, escalation_target, is_active)
VALUES
    ('Overdue high priority: notify the manager', 'high',
     '{"overdueByMinutes": 0, "statuses": ["assigned", "overdue"]}', 'notify_manager', '{"notify": "parent_agent"}', true),
    ('Overdue 2x SLA (high): reassign', 'high',
     '{"overdueByMinutes": 120}', 'reassign', '{}', true),
    ('Overdue 2x SLA (medium): reassign', 'medium',
     '{"overdueByMinutes": 480}', 'reassign', '{}', true),
    ('Overdue 2x SLA (low): reassign', 'low',
     '{"overdueByMinutes": 1440}', 'reassign', '{}', true)
ON CONFLICT (rule_name) DO NOTHING;
