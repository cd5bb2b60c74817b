-- Issue 6 benchmark (functions/callbacks README): the sweeper re-scores open callbacks as they age (+0.25 an hour
-- for their first 40 hours), so every open callback's priority_score changes about once an hour. Each of those
-- updates wrote a full audit row (both row images as jsonb), up to 40 per callback, kept seven years: about 1.7 s
-- of a sweep over 100,000 open callbacks, and an audit log mostly of clock ticks.
--
-- The score is derived from the row and the clock, not a change anybody made. An update that changes nothing but
-- priority_score (and last_updated_at, which the timestamps trigger of V015 stamps on every update) is no longer
-- audited; everything else still is, including the priority category the score moves
-- (an escalation or a re-score that crosses 70 or 85 changes priority and is recorded with the score).
DROP TRIGGER audit_callback_requests ON ${tenant_schema}.callback_requests;

CREATE TRIGGER audit_callback_requests
    AFTER INSERT OR DELETE ON ${tenant_schema}.callback_requests
    FOR EACH ROW EXECUTE FUNCTION audit.record_change('callback_request_id');

CREATE TRIGGER audit_callback_requests_update
    AFTER UPDATE ON ${tenant_schema}.callback_requests
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'priority_score' - 'last_updated_at')
          IS DISTINCT FROM (to_jsonb(NEW) - 'priority_score' - 'last_updated_at'))
    EXECUTE FUNCTION audit.record_change('callback_request_id');
