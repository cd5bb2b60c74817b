-- Issue 18, the content library: explainer videos and documents agents (and the tenant's staff) publish to
-- customers. Schema of record section 2.5 video_content, with the deviations in migrations/README.md (items 45-47):
-- a YouTube video is kept as its 11-character id (the embeddable URL is derived, never stored as given); an upload is
-- an object in the private content bucket (storage_key, its sniffed mime_type and size), served only through
-- short-lived links; video_url holds the embed URL of a YouTube item and is NULL for an upload; rejection and
-- moderation reasons, the owner's user, soft deletion and share figures are added. agent_id is the owning agent
-- (NULL: content of the tenant, added by staff).
--
-- Visible: tenant-wide roles see everything; an agent sees the approved, published library plus everything owned by
-- an agent in their scope (their own and their team's, any status); a policyholder sees only approved, published
-- items meant for policyholders. Deleted items are seen only by tenant-wide roles and their owners. Agents write
-- only items of their scope; only tenant-wide roles (administrators, support staff, system) set a moderation
-- decision (trigger below), so an edit by the owner can only put an item back to pending.

CREATE TABLE ${tenant_schema}.video_content (
    video_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id             uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                          CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id              uuid          REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    created_by            uuid          NOT NULL,

    -- Content details
    title                 varchar(255)  NOT NULL CHECK (length(btrim(title)) > 0),
    description           text          CHECK (length(description) <= 5000),
    source_type           varchar(20)   NOT NULL CHECK (source_type IN ('youtube', 'upload')),
    content_kind          varchar(20)   NOT NULL DEFAULT 'video' CHECK (content_kind IN ('video', 'document')),
    youtube_video_id      varchar(11)   CHECK (youtube_video_id ~ '^[A-Za-z0-9_-]{11}$'),
    video_url             varchar(500),
    storage_key           varchar(300)  UNIQUE,
    mime_type             varchar(100),
    declared_size_bytes   bigint        CHECK (declared_size_bytes > 0),
    file_size_bytes       bigint        CHECK (file_size_bytes >= 0),
    thumbnail_url         varchar(500),
    duration_seconds      integer       CHECK (duration_seconds >= 0),

    -- Categorization
    category              varchar(100),
    tags                  text[]        NOT NULL DEFAULT '{}',
    language              varchar(10)   NOT NULL DEFAULT 'en',
    difficulty_level      varchar(20)   CHECK (difficulty_level IN ('beginner', 'intermediate', 'advanced')),
    target_audience       text[]        NOT NULL DEFAULT '{policyholders}'
                          CHECK (target_audience <@ ARRAY['policyholders', 'agents', 'senior_citizens']::text[]),

    -- Analytics (the nightly roll-up writes these)
    view_count            integer       NOT NULL DEFAULT 0,
    unique_viewers        integer       NOT NULL DEFAULT 0,
    avg_watch_time        numeric(8,2),
    completion_rate       numeric(5,2),
    engagement_rate       numeric(5,2),
    share_count           integer       NOT NULL DEFAULT 0,
    share_views           integer       NOT NULL DEFAULT 0,
    figures_updated_at    timestamptz,

    -- Ratings and feedback
    average_rating        numeric(3,2),
    total_ratings         integer       NOT NULL DEFAULT 0,
    featured              boolean       NOT NULL DEFAULT false,

    -- Status and moderation
    status                varchar(50)   NOT NULL DEFAULT 'processing'
                          CHECK (status IN ('processing', 'published', 'rejected')),
    status_reason         varchar(500),
    moderation_status     varchar(50)   NOT NULL DEFAULT 'pending'
                          CHECK (moderation_status IN ('pending', 'approved', 'rejected')),
    moderation_reason     varchar(500),
    moderated_at          timestamptz,
    moderated_by          uuid,
    deleted_at            timestamptz,

    created_at            timestamptz   NOT NULL DEFAULT now(),
    updated_at            timestamptz   NOT NULL DEFAULT now(),

    CONSTRAINT video_content_source CHECK (
        (source_type = 'youtube' AND youtube_video_id IS NOT NULL AND video_url IS NOT NULL AND storage_key IS NULL)
        OR (source_type = 'upload' AND storage_key IS NOT NULL AND youtube_video_id IS NULL)),
    CONSTRAINT video_content_tags CHECK (cardinality(tags) <= 20)
);

-- GET /content: the published, approved library of the tenant by language, newest first (keyset on created_at, id)
CREATE INDEX idx_video_content_library ON ${tenant_schema}.video_content (language, created_at DESC, video_id DESC)
    WHERE status = 'published' AND moderation_status = 'approved' AND deleted_at IS NULL;
-- an agent's own items (any status) and the moderation queue
CREATE INDEX idx_video_content_agent ON ${tenant_schema}.video_content (agent_id, created_at DESC, video_id DESC);
CREATE INDEX idx_video_content_pending ON ${tenant_schema}.video_content (created_at, video_id)
    WHERE moderation_status = 'pending' AND deleted_at IS NULL;
CREATE INDEX idx_video_content_tags ON ${tenant_schema}.video_content USING gin (tags);

CREATE TRIGGER video_content_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.video_content
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.video_content');

CREATE POLICY content_visibility ON ${tenant_schema}.video_content AS RESTRICTIVE FOR SELECT
    USING (shared.has_tenant_wide_access()
           OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
               AND ((status = 'published' AND moderation_status = 'approved' AND deleted_at IS NULL)
                    OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())))
           OR (shared.current_app_role() = 'policyholder'
               AND status = 'published' AND moderation_status = 'approved' AND deleted_at IS NULL
               AND 'policyholders' = ANY (target_audience)));

CREATE POLICY content_insert ON ${tenant_schema}.video_content AS RESTRICTIVE FOR INSERT
    WITH CHECK (shared.has_tenant_wide_access()
                OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
                    AND agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())));

CREATE POLICY content_update ON ${tenant_schema}.video_content AS RESTRICTIVE FOR UPDATE
    USING (shared.has_tenant_wide_access()
           OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
               AND agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())))
    WITH CHECK (shared.has_tenant_wide_access()
           OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
               AND agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())));

CREATE POLICY content_delete ON ${tenant_schema}.video_content AS RESTRICTIVE FOR DELETE
    USING (shared.has_tenant_wide_access());

-- Only tenant-wide roles decide moderation or feature an item; anyone else may only (re)open it as pending, and a new
-- item by anyone else starts pending.
CREATE FUNCTION ${tenant_schema}.video_content_guard_moderation()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- With no role set, row level security lets the application role reach no row at all: only the owner (a
    -- migration, a fixture) writes here then.
    IF shared.has_tenant_wide_access() OR shared.current_app_role() IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.moderation_status <> 'pending' OR NEW.moderated_by IS NOT NULL OR NEW.featured THEN
            RAISE EXCEPTION 'only administrators and support staff moderate or feature content'
                USING ERRCODE = '42501';
        END IF;
    ELSIF (NEW.moderation_status IS DISTINCT FROM OLD.moderation_status AND NEW.moderation_status <> 'pending')
          OR (NEW.moderated_by IS DISTINCT FROM OLD.moderated_by AND NEW.moderated_by IS NOT NULL)
          OR NEW.featured IS DISTINCT FROM OLD.featured THEN
        RAISE EXCEPTION 'only administrators and support staff moderate or feature content'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER video_content_guard_moderation
    BEFORE INSERT OR UPDATE ON ${tenant_schema}.video_content
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.video_content_guard_moderation();

REVOKE EXECUTE ON FUNCTION ${tenant_schema}.video_content_guard_moderation() FROM PUBLIC;

-- POST /content/{id}/rating: one rating per person and item, changeable. Own rows, tenant-wide roles, and (to read)
-- the owners of the item (its agent's scope) for analytics.
CREATE TABLE ${tenant_schema}.video_ratings (
    video_id    uuid         NOT NULL REFERENCES ${tenant_schema}.video_content (video_id) ON DELETE CASCADE,
    user_id     uuid         NOT NULL,
    tenant_id   uuid         NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    rating      smallint     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    rated_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, user_id)
);

CREATE TRIGGER video_ratings_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.video_ratings
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.video_ratings');

CREATE POLICY ratings_read ON ${tenant_schema}.video_ratings AS RESTRICTIVE FOR SELECT
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id()
           OR (shared.current_app_role() IN ('senior_agent', 'junior_agent', 'regional_manager')
               AND EXISTS (SELECT 1 FROM ${tenant_schema}.video_content c
                            WHERE c.video_id = video_ratings.video_id
                              AND c.agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))));
CREATE POLICY ratings_insert ON ${tenant_schema}.video_ratings AS RESTRICTIVE FOR INSERT
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
CREATE POLICY ratings_update ON ${tenant_schema}.video_ratings AS RESTRICTIVE FOR UPDATE
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id())
    WITH CHECK (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());
CREATE POLICY ratings_delete ON ${tenant_schema}.video_ratings AS RESTRICTIVE FOR DELETE
    USING (shared.has_tenant_wide_access() OR user_id = shared.current_user_id());

-- POST /content/{id}/share: one row per customer an agent shared an item with, queued or skipped with the reason.
-- Visible like the customer record (agent_scope), so an agent sees the shares of their scope.
CREATE TABLE ${tenant_schema}.video_shares (
    share_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid          NOT NULL DEFAULT '${tenant_id}'::uuid CHECK (tenant_id = '${tenant_id}'::uuid),
    video_id         uuid          NOT NULL REFERENCES ${tenant_schema}.video_content (video_id) ON DELETE CASCADE,
    agent_id         uuid          REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    policyholder_id  uuid          NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id) ON DELETE CASCADE,
    shared_by        uuid          NOT NULL,
    status           varchar(20)   NOT NULL CHECK (status IN ('queued', 'skipped')),
    skip_reason      varchar(100),
    idempotency_key  varchar(200)  UNIQUE,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT video_shares_skip_reason CHECK ((status = 'skipped') = (skip_reason IS NOT NULL))
);

CREATE INDEX idx_video_shares_video ON ${tenant_schema}.video_shares (video_id, created_at);
CREATE INDEX idx_video_shares_policyholder ON ${tenant_schema}.video_shares (policyholder_id, video_id);

CALL shared.enable_tenant_isolation('${tenant_schema}.video_shares');

CREATE POLICY agent_scope ON ${tenant_schema}.video_shares AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
