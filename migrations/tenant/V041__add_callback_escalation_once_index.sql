-- The callback sweeper applies each escalation rule to a callback once: its 'escalated' activity names the rule,
-- and a second run (EventBridge may fire twice) meets this index (ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX callback_activities_escalation_once
    ON ${tenant_schema}.callback_activities (callback_request_id, (metadata ->> 'escalationRuleId'))
    WHERE activity_type = 'escalated';
