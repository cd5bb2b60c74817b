-- Issue 9 asks the nightly metrics for "premium under management" and "callbacks handled" per agent
-- and day; the seed's agent_performance has neither (premium_collected is the premium paid that
-- day, customer_interactions the callback activities). Both are written by the metrics function.
ALTER TABLE ${tenant_schema}.agent_performance
    ADD COLUMN premium_under_management numeric(15,2) NOT NULL DEFAULT 0,
    ADD COLUMN callbacks_handled        integer       NOT NULL DEFAULT 0;

COMMENT ON COLUMN ${tenant_schema}.agent_performance.premium_under_management IS
    'sum of premium_amount of the agent''s active policies when the day was computed';
COMMENT ON COLUMN ${tenant_schema}.agent_performance.callbacks_handled IS
    'callbacks the agent completed that business day (Asia/Kolkata)';
