-- Archival walks the behaviour tables in (time, id) order and deletes archived ranges by the
-- same key; without these it would sort or scan a whole month (or the DEFAULT partition) for
-- every part. Time-ordered inserts keep these indexes append-only.
CREATE INDEX idx_user_events_archive_key ON ${tenant_schema}.user_events (occurred_at, event_id);
CREATE INDEX idx_session_analytics_archive_key ON ${tenant_schema}.session_analytics (occurred_at, analytics_id);
CREATE INDEX idx_whatsapp_messages_archive_key ON ${tenant_schema}.whatsapp_messages (created_at, message_id)
    WHERE content IS NOT NULL OR media_url IS NOT NULL OR template_parameters IS NOT NULL;
