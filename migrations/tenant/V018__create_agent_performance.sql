-- Agent performance metrics (seed §2.6), written by the daily metrics function.
-- metric_date is the business day (Asia/Kolkata); one row per agent, day and period, so a
-- repeated run upserts instead of duplicating.

CREATE TABLE ${tenant_schema}.agent_performance (
    performance_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id              uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                           CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id               uuid          NOT NULL REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,

    -- Time period
    metric_date            date          NOT NULL,
    metric_period          varchar(20)   NOT NULL DEFAULT 'daily'
                           CHECK (metric_period IN ('daily', 'weekly', 'monthly')),

    -- Core metrics
    policies_sold          integer       NOT NULL DEFAULT 0,
    premium_collected      numeric(15,2) NOT NULL DEFAULT 0,
    new_policyholders      integer       NOT NULL DEFAULT 0,
    active_policyholders   integer       NOT NULL DEFAULT 0,

    -- Engagement metrics
    customer_interactions  integer       NOT NULL DEFAULT 0,
    whatsapp_messages      integer       NOT NULL DEFAULT 0,
    video_content_views    integer       NOT NULL DEFAULT 0,
    chatbot_conversations  integer       NOT NULL DEFAULT 0,

    -- Quality metrics
    customer_satisfaction  numeric(3,2),
    response_time_hours    numeric(6,2),
    conversion_rate        numeric(5,2),

    -- Financial metrics
    commission_earned      numeric(12,2) NOT NULL DEFAULT 0,
    expenses               numeric(12,2) NOT NULL DEFAULT 0,
    net_profit             numeric(12,2) NOT NULL DEFAULT 0,

    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now(),

    CONSTRAINT agent_performance_agent_period_key UNIQUE (agent_id, metric_date, metric_period)
);

CREATE INDEX idx_agent_performance_date ON ${tenant_schema}.agent_performance (metric_date, metric_period);

CREATE TRIGGER agent_performance_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.agent_performance
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.agent_performance');

-- Commission and premium figures of an agent are for that agent, those above them and
-- tenant-wide roles.
CREATE POLICY agent_scope ON ${tenant_schema}.agent_performance AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
