-- Issue 6 benchmark (functions/callbacks README): callback_activities and callback_sla_tracking follow their
-- callback with "callback_request_id IN (SELECT callback_request_id FROM callback_requests)" (V014). As the
-- WITH CHECK of an INSERT that was a hashed subplan over every callback the caller may see: a sequential scan of callback_requests (each row through its own policy) for every activity or SLA row
-- written, about 250-290 ms at 200,000 callbacks. The same condition as a correlated EXISTS is one primary-key
-- probe of the callback (still through callback_requests' policy). Same answers: callback_request_id is the
-- primary key, never NULL.
DROP POLICY agent_scope ON ${tenant_schema}.callback_activities;
CREATE POLICY agent_scope ON ${tenant_schema}.callback_activities AS RESTRICTIVE FOR ALL
    USING (EXISTS (SELECT 1 FROM ${tenant_schema}.callback_requests c
                   WHERE c.callback_request_id = callback_activities.callback_request_id))
    WITH CHECK (EXISTS (SELECT 1 FROM ${tenant_schema}.callback_requests c
                        WHERE c.callback_request_id = callback_activities.callback_request_id));

DROP POLICY agent_scope ON ${tenant_schema}.callback_sla_tracking;
CREATE POLICY agent_scope ON ${tenant_schema}.callback_sla_tracking AS RESTRICTIVE FOR ALL
    USING (EXISTS (SELECT 1 FROM ${tenant_schema}.callback_requests c
                   WHERE c.callback_request_id = callback_sla_tracking.callback_request_id))
    WITH CHECK (EXISTS (SELECT 1 FROM ${tenant_schema}.callback_requests c
                        WHERE c.callback_request_id = callback_sla_tracking.callback_request_id));
