-- Conversations (issue 16): how far each reader has read a customer's thread, and what happened in the thread
-- besides messages: internal notes (never sent to the customer) and a manager's assignments. Both keyed by the
-- customer; visible exactly as the customer record is, and never to the customer (policyholder role): notes are
-- internal, read markers are the staff's own.

CREATE TABLE ${tenant_schema}.conversation_reads (
    policyholder_id  uuid         NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE CASCADE,
    user_id          uuid         NOT NULL REFERENCES ${tenant_schema}.users (user_id) ON DELETE CASCADE,
    tenant_id        uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    read_sequence    integer      NOT NULL CHECK (read_sequence >= 0),   -- inbound with a higher sequence is unread
    read_message_id  uuid,
    read_at          timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (policyholder_id, user_id)
);

CALL shared.enable_tenant_isolation('${tenant_schema}.conversation_reads');

CREATE POLICY agent_scope ON ${tenant_schema}.conversation_reads AS RESTRICTIVE FOR ALL
    USING (user_id = shared.current_user_id()
           AND shared.current_app_role() NOT IN ('policyholder', 'guest')
           AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                        WHERE p.policyholder_id = conversation_reads.policyholder_id))
    WITH CHECK (user_id = shared.current_user_id()
           AND shared.current_app_role() NOT IN ('policyholder', 'guest')
           AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                        WHERE p.policyholder_id = conversation_reads.policyholder_id));

CREATE TABLE ${tenant_schema}.conversation_events (
    event_id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id          uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    policyholder_id    uuid         NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE CASCADE,
    event_type         varchar(20)  NOT NULL CHECK (event_type IN ('note', 'assigned')),
    body               text         CHECK (body IS NULL OR char_length(body) BETWEEN 1 AND 4000),
    assigned_agent_id  uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    actor_user_id      uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT conversation_events_note_has_body CHECK (event_type <> 'note' OR body IS NOT NULL)
);

CREATE INDEX idx_conversation_events_thread
    ON ${tenant_schema}.conversation_events (policyholder_id, created_at DESC, event_id DESC);

CALL shared.enable_tenant_isolation('${tenant_schema}.conversation_events');

CREATE POLICY agent_scope ON ${tenant_schema}.conversation_events AS RESTRICTIVE FOR ALL
    USING (shared.current_app_role() NOT IN ('policyholder', 'guest')
           AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                        WHERE p.policyholder_id = conversation_events.policyholder_id))
    WITH CHECK (shared.current_app_role() NOT IN ('policyholder', 'guest')
           AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                        WHERE p.policyholder_id = conversation_events.policyholder_id));
