-- Conversations (issue 16): a thread page is a keyset walk of one customer's messages newest first in the
-- customer's order (WhatsApp's time, then arrival); an unread count counts the customer's messages after the
-- reader's marker. Both by index, however long the thread.

CREATE INDEX idx_whatsapp_messages_thread
    ON ${tenant_schema}.whatsapp_messages (policyholder_id, created_at DESC, message_sequence DESC, message_id DESC);

CREATE INDEX idx_whatsapp_messages_inbound_sequence
    ON ${tenant_schema}.whatsapp_messages (policyholder_id, message_sequence)
    WHERE is_from_customer;
