-- Callback queues (issue 6) list open callbacks by priority score, then due time, then id (keyset cursor):
-- per agent ("mine") and unassigned. The SLA sweep reads open callbacks by due time (V014).
CREATE INDEX idx_callback_requests_agent_queue
    ON ${tenant_schema}.callback_requests (agent_id, priority_score DESC, due_at, callback_request_id)
    WHERE status NOT IN ('completed', 'cancelled');
CREATE INDEX idx_callback_requests_unassigned_queue
    ON ${tenant_schema}.callback_requests (priority_score DESC, due_at, callback_request_id)
    WHERE agent_id IS NULL AND status NOT IN ('completed', 'cancelled');
