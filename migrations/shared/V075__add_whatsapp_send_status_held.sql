-- Issue 21: a message that must wait for its recipient's next free send slot (pair rate: one message per 6 s to a
-- number, spec section 3) is held, not left 'queued' with no reason: the sender marks its outbox row 'held' with
-- held_until (the slot) and held_reason (tenant V120), puts it back on the queue with a delay to that slot, and sends
-- it when it comes back. The value is only added here; no row uses it in this transaction.
ALTER TYPE shared.whatsapp_send_status_enum ADD VALUE IF NOT EXISTS 'held' AFTER 'queued';
