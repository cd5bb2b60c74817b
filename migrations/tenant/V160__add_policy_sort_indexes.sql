-- Issue 20, big books: an agent's policies in each order GET /policies offers, as a top-N read of one index
-- (agent, sort key, id) instead of reading the agent's whole book and sorting it. A junior agent's page is one
-- index range read that stops after the page; a senior agent's or a regional manager's is one such read per
-- visible agent, merged (functions/policies PolicyRepository). The keys are exactly the orders PolicySort names,
-- the id breaking ties; next_payment_date sorts a missing date last, as coalesce(next_payment_date, 9999-12-31).
CREATE INDEX idx_policies_agent_newest ON ${tenant_schema}.insurance_policies
    (agent_id, created_at DESC, policy_id DESC);
CREATE INDEX idx_policies_agent_number ON ${tenant_schema}.insurance_policies
    (agent_id, policy_number);
CREATE INDEX idx_policies_agent_due ON ${tenant_schema}.insurance_policies
    (agent_id, (coalesce(next_payment_date, DATE '9999-12-31')), policy_id);
