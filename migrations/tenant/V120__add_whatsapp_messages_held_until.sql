-- Issue 21: per-recipient pacing without loss. held_until is the send slot the sender gave the message (the
-- recipient's next free slot, one message per 6 s to a number): while send_status is 'held' (shared V075) the
-- message waits for it on the queue, with held_reason saying why; once sent it stays as the slot it was sent in, which
-- the next message to the same number keeps its distance from.
ALTER TABLE ${tenant_schema}.whatsapp_messages
    ADD COLUMN held_until  timestamptz,
    ADD COLUMN held_reason varchar(200);
COMMENT ON COLUMN ${tenant_schema}.whatsapp_messages.held_until IS
    'the send slot the sender gave this message (recipient pair rate); while send_status = held it waits for it';
COMMENT ON COLUMN ${tenant_schema}.whatsapp_messages.held_reason IS
    'why the message is held (send_status = held), null otherwise';
