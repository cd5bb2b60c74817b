-- WhatsApp messages, inbound and outbound (seed §2.5), also the outbox of the sender:
-- message_id is the producer-assigned outbox id (biz_opaque_callback_data), whatsapp_message_id
-- the wamid Meta returns; send_status is our own state machine, whatsapp_status Meta's
-- delivery status (specs/whatsapp-cloud-api.md §5-6). idempotency_key lets producers
-- (reminders, OTP, callback alerts) enqueue the same message twice without sending it twice.
-- Never store an OTP in content or template_parameters (store them redacted).

CREATE TABLE ${tenant_schema}.whatsapp_messages (
    message_id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id              uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                           CHECK (tenant_id = '${tenant_id}'::uuid),
    whatsapp_message_id    varchar(255) UNIQUE,                    -- wamid
    idempotency_key        varchar(200) UNIQUE,

    -- Participants
    sender_id              uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    recipient_id           uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    agent_id               uuid         REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    policyholder_id        uuid         REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE SET NULL,
    phone_number           varchar(16)  CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'), -- the customer's number
    wa_id                  varchar(20),                            -- WhatsApp id Meta reports for it

    -- Message content
    message_type           varchar(50),                            -- text, template, image, document, location, ...
    content                text,
    media_url              varchar(500),
    media_type             varchar(50),

    -- WhatsApp specific
    whatsapp_template_id   varchar(255),
    whatsapp_template_name varchar(100),
    template_language      varchar(10),
    template_parameters    jsonb,                                  -- redacted for authentication templates
    whatsapp_status        varchar(50)  CHECK (whatsapp_status IN ('sent', 'delivered', 'read', 'failed', 'played')),

    -- Outbound send state
    send_status            shared.whatsapp_send_status_enum,       -- NULL for inbound messages
    attempt_count          integer      NOT NULL DEFAULT 0,
    sending_until          timestamptz,                            -- lease of the invocation sending it
    error_code             integer,
    error_details          text,

    -- Conversation context
    conversation_id        uuid,
    message_sequence       integer,
    is_from_customer       boolean      NOT NULL DEFAULT true,

    -- Timestamps
    accepted_at            timestamptz,
    sent_at                timestamptz,
    delivered_at           timestamptz,
    read_at                timestamptz,
    failed_at              timestamptz,

    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now(),

    CONSTRAINT whatsapp_messages_outbound_has_send_status
        CHECK (is_from_customer OR send_status IS NOT NULL)
);

CREATE INDEX idx_whatsapp_messages_agent_created ON ${tenant_schema}.whatsapp_messages (agent_id, created_at DESC);
CREATE INDEX idx_whatsapp_messages_policyholder_created ON ${tenant_schema}.whatsapp_messages (policyholder_id, created_at DESC);
CREATE INDEX idx_whatsapp_messages_phone_created ON ${tenant_schema}.whatsapp_messages (phone_number, created_at DESC);
CREATE INDEX idx_whatsapp_messages_conversation ON ${tenant_schema}.whatsapp_messages (conversation_id, message_sequence);
CREATE INDEX idx_whatsapp_messages_pending_send ON ${tenant_schema}.whatsapp_messages (send_status, created_at)
    WHERE send_status IN ('queued', 'sending', 'retry', 'unknown');

CREATE TRIGGER whatsapp_messages_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.whatsapp_messages
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.whatsapp_messages');

CREATE POLICY agent_scope ON ${tenant_schema}.whatsapp_messages AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND (recipient_id = shared.current_user_id()
                    OR sender_id = shared.current_user_id()
                    OR policyholder_id IN (SELECT p.policyholder_id
                                             FROM ${tenant_schema}.policyholders p
                                            WHERE p.user_id = shared.current_user_id()))))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR (shared.current_app_role() = 'policyholder'
               AND (recipient_id = shared.current_user_id()
                    OR sender_id = shared.current_user_id()
                    OR policyholder_id IN (SELECT p.policyholder_id
                                             FROM ${tenant_schema}.policyholders p
                                            WHERE p.user_id = shared.current_user_id()))));
