-- Conversations (issue 16): media a customer sent (image, document, audio, video, sticker), downloaded from the Graph
-- API by the inbound consumer, its type checked and its size bounded, and stored in the tenant's prefix of the
-- private media bucket. One row per message; status 'stored' (s3_key set), or 'rejected' / 'failed' with the reason
-- (never downloaded again once stored or rejected). Visible exactly as its message is (whatsapp_messages'
-- policies, through the EXISTS); the download link is made only for a caller who can see the message.

CREATE TABLE ${tenant_schema}.whatsapp_message_media (
    message_id    uuid PRIMARY KEY REFERENCES ${tenant_schema}.whatsapp_messages (message_id) ON DELETE CASCADE,
    tenant_id     uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    media_id      varchar(100) NOT NULL,                       -- Meta's media id (GET /{media-id})
    status        varchar(20)  NOT NULL CHECK (status IN ('stored', 'rejected', 'failed')),
    mime_type     varchar(100),
    size_bytes    bigint       CHECK (size_bytes IS NULL OR size_bytes >= 0),
    sha256        varchar(64),
    s3_key        varchar(300),
    reason        varchar(300),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT whatsapp_message_media_stored_has_key CHECK (status <> 'stored' OR s3_key IS NOT NULL)
);

CREATE TRIGGER whatsapp_message_media_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.whatsapp_message_media
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.whatsapp_message_media');

CREATE POLICY agent_scope ON ${tenant_schema}.whatsapp_message_media AS RESTRICTIVE FOR ALL
    USING (EXISTS (SELECT 1 FROM ${tenant_schema}.whatsapp_messages m
                    WHERE m.message_id = whatsapp_message_media.message_id))
    WITH CHECK (EXISTS (SELECT 1 FROM ${tenant_schema}.whatsapp_messages m
                         WHERE m.message_id = whatsapp_message_media.message_id));
