-- Issue 21: every message id the Graph API gave for one outbox row is kept. whatsapp_message_id holds the first wamid
-- we learnt; should Meta have accepted the message more than once (an answer that said "try again" although it had
-- accepted it, a status carrying our biz_opaque_callback_data for a wamid we never heard of), the other wamids are
-- listed here, so their statuses still find the row and a duplicate is visible to whoever looks. Bounded: a row keeps
-- at most 20. The partial GIN index serves the lookup of a status by one of them, and only rows that have any.
ALTER TABLE ${tenant_schema}.whatsapp_messages
    ADD COLUMN other_whatsapp_message_ids varchar(255)[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(other_whatsapp_message_ids) <= 20);
COMMENT ON COLUMN ${tenant_schema}.whatsapp_messages.other_whatsapp_message_ids IS
    'wamids Meta gave for this message besides whatsapp_message_id (a message accepted more than once)';
CREATE INDEX idx_whatsapp_messages_other_wamids ON ${tenant_schema}.whatsapp_messages
    USING gin (other_whatsapp_message_ids) WHERE cardinality(other_whatsapp_message_ids) > 0;
