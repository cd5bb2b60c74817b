-- Conversations (issue 16): unread counts from counters instead of counting the customer's messages per thread.
-- Issue 16's benchmark: the inbox counted, for each of its 25 threads, the customer's messages after the reader's
-- marker; under row level security every counted row is read from the heap (the policy needs its columns), about
-- 0.25 ms per thread. Now the thread counts the customer's messages as they are stored (AFTER INSERT: only rows
-- really inserted, so a webhook retry counts nothing) and a read marker keeps how many of them it covers, fixed
-- when the marker moves (later arrivals always get higher arrival numbers). Unread = the difference.

ALTER TABLE ${tenant_schema}.conversations
    ADD COLUMN inbound_count integer NOT NULL DEFAULT 0 CHECK (inbound_count >= 0);
ALTER TABLE ${tenant_schema}.conversation_reads
    ADD COLUMN read_inbound_count integer NOT NULL DEFAULT 0 CHECK (read_inbound_count >= 0);

CREATE OR REPLACE FUNCTION ${tenant_schema}.whatsapp_message_update_conversation()
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
                                  ELSE c.last_inbound_at END,
           inbound_count = c.inbound_count + CASE WHEN NEW.is_from_customer THEN 1 ELSE 0 END
     WHERE c.conversation_id = NEW.conversation_id;
    RETURN NULL;
END
$$;

-- the backend's own work (this migration, as system) may read and keep every reader's marker; people their own
DROP POLICY agent_scope ON ${tenant_schema}.conversation_reads;

CREATE POLICY agent_scope ON ${tenant_schema}.conversation_reads AS RESTRICTIVE FOR ALL
    USING (shared.current_app_role() = 'system'
           OR (user_id = shared.current_user_id()
               AND shared.current_app_role() NOT IN ('policyholder', 'guest')
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                            WHERE p.policyholder_id = conversation_reads.policyholder_id)))
    WITH CHECK (shared.current_app_role() = 'system'
           OR (user_id = shared.current_user_id()
               AND shared.current_app_role() NOT IN ('policyholder', 'guest')
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.policyholders p
                            WHERE p.policyholder_id = conversation_reads.policyholder_id)));

-- the counters of what is stored already (messages from before V130 have no arrival number: never unread)
SELECT set_config('app.tenant_id', '${tenant_id}', true), set_config('app.user_role', 'system', true);

UPDATE ${tenant_schema}.conversations c
   SET inbound_count = n.inbound
  FROM (SELECT m.policyholder_id, count(*)::integer AS inbound FROM ${tenant_schema}.whatsapp_messages m
         WHERE m.is_from_customer AND m.message_sequence IS NOT NULL GROUP BY m.policyholder_id) n
 WHERE n.policyholder_id = c.policyholder_id;

UPDATE ${tenant_schema}.conversation_reads r
   SET read_inbound_count = (SELECT count(*)::integer FROM ${tenant_schema}.whatsapp_messages m
                              WHERE m.policyholder_id = r.policyholder_id AND m.is_from_customer
                                AND m.message_sequence <= r.read_sequence);
