-- Conversations (issue 16): canned replies, the agent's quick answers. A row with agent_id NULL is the tenant's
-- (written by tenant-wide roles and regional managers, read by every agent); otherwise it is that agent's (read
-- and written by whoever sees that agent's book). bodies holds the language variants, {"en": "...", "hi": "..."},
-- with {{name}}-style placeholders the API fills from the customer's record. Never visible to customers.

CREATE TABLE ${tenant_schema}.canned_replies (
    canned_reply_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id         uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    title            varchar(100) NOT NULL CHECK (char_length(btrim(title)) > 0),
    bodies           jsonb        NOT NULL CHECK (jsonb_typeof(bodies) = 'object' AND bodies <> '{}'::jsonb),
    created_by       uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now()
);

-- one title per owner (the tenant, or one agent), whatever its case
CREATE UNIQUE INDEX uq_canned_replies_owner_title ON ${tenant_schema}.canned_replies
    (coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(title));
CREATE INDEX idx_canned_replies_agent ON ${tenant_schema}.canned_replies (agent_id);

CREATE TRIGGER canned_replies_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.canned_replies
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.canned_replies');

CREATE POLICY agent_scope ON ${tenant_schema}.canned_replies AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR (agent_id IS NULL
               AND shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager'))
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access()
           OR (agent_id IS NULL AND shared.current_app_role() = 'regional_manager')
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
