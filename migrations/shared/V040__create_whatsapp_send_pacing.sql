-- Issue 8: one pacing row per WhatsApp business phone number, shared by every concurrent sender invocation, so
-- together they never exceed the number's throughput (80 messages/s by default, specs/whatsapp-cloud-api.md §3).
-- A sender reserves the next free send slot in one UPDATE (virtual scheduling: next_slot moves on by 1/rate for
-- each reservation) and waits until its slot; the row lock serialises reservations, not sends.
CREATE TABLE shared.whatsapp_send_pacing (
    phone_number_id varchar(64) PRIMARY KEY,
    next_slot       timestamptz NOT NULL DEFAULT clock_timestamp()
);

GRANT SELECT, INSERT, UPDATE ON shared.whatsapp_send_pacing TO agent_mitra_app;
