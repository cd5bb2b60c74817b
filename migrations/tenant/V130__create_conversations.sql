-- Conversations (issue 16): one WhatsApp thread per customer, the inbox the agent portal and app list. The schema of
-- record's conversation fields of whatsapp_messages (conversation_id, message_sequence) are filled here, by
-- trigger, for every message that names its customer, whoever stores it (the webhook, the sender, the
-- conversations API): conversation_id is the customer's thread, message_sequence the order in which the rows
-- arrived in that thread (gaps allowed). The thread row keeps what the inbox sorts and filters on: the last message
-- and its time, the last inbound arrival, the customer's agent (kept equal to policyholders.agent_id: "a thread
-- follows the customer's agent") and the agent a manager assigned it to instead (NULL: the customer's agent).
-- Visibility is the customer record's (agent_scope as on policyholders).

CREATE TABLE ${tenant_schema}.conversations (
    conversation_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id              uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                           CHECK (tenant_id = '${tenant_id}'::uuid),
    policyholder_id        uuid         NOT NULL UNIQUE
                           REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE CASCADE,
    agent_id               uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    assigned_agent_id      uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    assigned_by            uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    assigned_at            timestamptz,
    last_sequence          integer      NOT NULL DEFAULT 0,        -- the last message_sequence handed out
    last_message_id        uuid,                                   -- newest by (created_at, message_sequence)
    last_activity_at       timestamptz  NOT NULL DEFAULT now(),    -- its created_at (WhatsApp's time for inbound)
    last_inbound_sequence  integer      NOT NULL DEFAULT 0,        -- unread = inbound after the reader's marker
    last_inbound_at        timestamptz,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idx_conversations_agent_activity
    ON ${tenant_schema}.conversations (agent_id, last_activity_at DESC, conversation_id DESC);
CREATE INDEX idx_conversations_assigned_activity
    ON ${tenant_schema}.conversations (assigned_agent_id, last_activity_at DESC, conversation_id DESC)
    WHERE assigned_agent_id IS NOT NULL;
CREATE INDEX idx_conversations_activity
    ON ${tenant_schema}.conversations (last_activity_at DESC, conversation_id DESC);

CREATE TRIGGER conversations_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.conversations
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.conversations');

CREATE POLICY agent_scope ON ${tenant_schema}.conversations AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                            WHERE p.policyholder_id = conversations.policyholder_id)))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                            WHERE p.policyholder_id = conversations.policyholder_id)));

-- Before a message row is stored: its thread (created with the customer's agent when new) and its arrival number.
-- A row that then meets ON CONFLICT DO NOTHING (a webhook retry) only leaves a gap in the numbers.
CREATE FUNCTION ${tenant_schema}.whatsapp_message_join_conversation()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.policyholder_id IS NULL THEN
        RETURN NEW;
    END IF;
    INSERT INTO ${tenant_schema}.conversations AS c (policyholder_id, agent_id, last_sequence, last_activity_at)
    SELECT p.policyholder_id, p.agent_id, 1, NEW.created_at
      FROM ${tenant_schema}.policyholders p
     WHERE p.policyholder_id = NEW.policyholder_id
    ON CONFLICT (policyholder_id) DO UPDATE SET last_sequence = c.last_sequence + 1
    RETURNING c.conversation_id, c.last_sequence INTO NEW.conversation_id, NEW.message_sequence;
    RETURN NEW;
END
$$;

-- After a message row was stored: the thread's last message, activity and inbound arrival (never moved back).
CREATE FUNCTION ${tenant_schema}.whatsapp_message_update_conversation()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.conversation_id IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE ${tenant_schema}.conversations c
       SET last_message_id = CASE WHEN c.last_message_id IS NULL OR NEW.created_at >= c.last_activity_at
                                  THEN NEW.message_id ELSE c.last_message_id END,
           last_activity_at = CASE WHEN c.last_message_id IS NULL THEN NEW.created_at
                                   ELSE greatest(c.last_activity_at, NEW.created_at) END,
           last_inbound_sequence = CASE WHEN NEW.is_from_customer
                                        THEN greatest(c.last_inbound_sequence, NEW.message_sequence)
                                        ELSE c.last_inbound_sequence END,
           last_inbound_at = CASE WHEN NEW.is_from_customer
                                  THEN greatest(coalesce(c.last_inbound_at, NEW.created_at), NEW.created_at)
                                  ELSE c.last_inbound_at END
     WHERE c.conversation_id = NEW.conversation_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER whatsapp_messages_join_conversation
    BEFORE INSERT ON ${tenant_schema}.whatsapp_messages
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.whatsapp_message_join_conversation();

CREATE TRIGGER whatsapp_messages_update_conversation
    AFTER INSERT ON ${tenant_schema}.whatsapp_messages
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.whatsapp_message_update_conversation();

-- A customer moved to another agent takes the thread along, and a manager's assignment ends with the move.
CREATE FUNCTION ${tenant_schema}.conversation_follow_customer_agent()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE ${tenant_schema}.conversations
       SET agent_id = NEW.agent_id, assigned_agent_id = NULL, assigned_by = NULL, assigned_at = NULL
     WHERE policyholder_id = NEW.policyholder_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER policyholders_conversation_agent
    AFTER UPDATE OF agent_id ON ${tenant_schema}.policyholders
    FOR EACH ROW WHEN (OLD.agent_id IS DISTINCT FROM NEW.agent_id)
    EXECUTE FUNCTION ${tenant_schema}.conversation_follow_customer_agent();

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.whatsapp_message_join_conversation() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.whatsapp_message_update_conversation() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ${tenant_schema}.conversation_follow_customer_agent() FROM PUBLIC;

-- Threads of the messages stored before this migration. Their rows keep conversation_id and message_sequence NULL
-- (not rewritten: updated_at is the sender's lease clock); the thread finds them by customer, in time order, and
-- they never count as unread.
SELECT set_config('app.tenant_id', '${tenant_id}', true), set_config('app.user_role', 'system', true);

INSERT INTO ${tenant_schema}.conversations (policyholder_id, agent_id, last_message_id, last_activity_at,
                                            last_inbound_at)
SELECT p.policyholder_id, p.agent_id, last.message_id, last.created_at,
       (SELECT max(i.created_at) FROM ${tenant_schema}.whatsapp_messages i
         WHERE i.policyholder_id = p.policyholder_id AND i.is_from_customer)
  FROM ${tenant_schema}.policyholders p
  JOIN LATERAL (SELECT m.message_id, m.created_at FROM ${tenant_schema}.whatsapp_messages m
                 WHERE m.policyholder_id = p.policyholder_id
                 ORDER BY m.created_at DESC, m.message_id DESC LIMIT 1) last ON true;

