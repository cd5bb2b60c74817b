-- Issue 17 asks the performance routes for renewals due and collected, lapses and revivals, and WhatsApp messages
-- sent, delivered and read per agent and day; the seed's agent_performance (and V080) has none of them. All are
-- written by the nightly metrics function (functions/metrics) with the day's other figures.
ALTER TABLE ${tenant_schema}.agent_performance
    ADD COLUMN renewals_due       integer NOT NULL DEFAULT 0,
    ADD COLUMN renewals_collected integer NOT NULL DEFAULT 0,
    ADD COLUMN lapses             integer NOT NULL DEFAULT 0,
    ADD COLUMN revivals           integer NOT NULL DEFAULT 0,
    ADD COLUMN whatsapp_sent      integer NOT NULL DEFAULT 0,
    ADD COLUMN whatsapp_delivered integer NOT NULL DEFAULT 0,
    ADD COLUMN whatsapp_read      integer NOT NULL DEFAULT 0;

COMMENT ON COLUMN ${tenant_schema}.agent_performance.renewals_due IS
    'the agent''s issued policies with a premium due that business day (next_payment_date or a payment''s due_date)';
COMMENT ON COLUMN ${tenant_schema}.agent_performance.renewals_collected IS
    'completed premium payments of the agent''s policies paid that business day';
COMMENT ON COLUMN ${tenant_schema}.agent_performance.lapses IS 'the agent''s policies that lapsed that day (lapsed_on)';
COMMENT ON COLUMN ${tenant_schema}.agent_performance.revivals IS
    'policies lapsed before that day, active again, with a completed payment that day';
COMMENT ON COLUMN ${tenant_schema}.agent_performance.whatsapp_sent IS
    'outbound WhatsApp messages of the agent created that day that WhatsApp accepted (sent, delivered, read, played)';

