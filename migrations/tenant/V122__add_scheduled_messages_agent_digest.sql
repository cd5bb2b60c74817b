-- Issue 21: the daily reminders job tells each agent about their book in one digest a day (agent_daily_digest,
-- shared V076: policies lapsed today, premiums due this week), keyed agent-digest:<agent>:<day>, instead of one
-- lapse notice per policy (lapse_agent, kept for rows claimed before). The digest counts the agent's policies
-- lapsed that day; the partial index serves that count without reading the whole book.
ALTER TABLE ${tenant_schema}.scheduled_messages DROP CONSTRAINT scheduled_messages_kind_check;
ALTER TABLE ${tenant_schema}.scheduled_messages ADD CONSTRAINT scheduled_messages_kind_check
    CHECK (kind IN ('premium_due', 'grace_period', 'lapse_customer', 'lapse_agent', 'agent_digest',
                    'maturity', 'birthday'));
CREATE INDEX idx_insurance_policies_lapsed_on ON ${tenant_schema}.insurance_policies (lapsed_on, agent_id)
    WHERE lapsed_on IS NOT NULL;
