-- Issue 20, big books: a search (GET /policies?q=) that matches few customers is answered from the matches
-- (functions/policies PolicyRepository) rather than by walking the caller's book. Finding the matches by index needs
-- every arm of the customer match indexed: names and phones have trigram indexes (V024), the customer id is
-- compared lower-cased (lower(customer_id) = q), which the unique index on customer_id cannot serve.
CREATE INDEX idx_policyholders_customer_id_lower ON ${tenant_schema}.policyholders (lower(customer_id));
