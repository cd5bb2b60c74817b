-- One row per issued refresh token (seed §2.2 user_sessions, reshaped for rotation).
-- Only a hash of the refresh token is stored. Rotation: using a token marks its row
-- rotated_at and inserts a successor with rotated_from_session_id = the old row and the same
-- token_family_id. A token presented again after rotation is theft: the auth function then
-- revokes every session of that family (revoked_at, revoked_reason = 'reuse_detected').
-- Access tokens are stateless JWTs and are not stored.

CREATE TABLE ${tenant_schema}.user_sessions (
    session_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id               uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                            CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id                 uuid         NOT NULL REFERENCES ${tenant_schema}.users (user_id) ON DELETE CASCADE,
    refresh_token_hash      varchar(255) NOT NULL UNIQUE,
    token_family_id         uuid         NOT NULL DEFAULT gen_random_uuid(),
    rotated_from_session_id uuid         REFERENCES ${tenant_schema}.user_sessions (session_id) ON DELETE SET NULL,
    rotated_at              timestamptz,                      -- set when this token was exchanged
    revoked_at              timestamptz,
    revoked_reason          varchar(50)  CHECK (revoked_reason IN ('logout', 'reuse_detected', 'password_changed',
                                                                    'admin', 'user_deactivated', 'expired')),
    device_info             jsonb,
    ip_address              inet,
    user_agent              text,
    location_info           jsonb,
    expires_at              timestamptz  NOT NULL,
    last_activity_at        timestamptz  NOT NULL DEFAULT now(),
    created_at              timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idx_user_sessions_user ON ${tenant_schema}.user_sessions (user_id, created_at DESC);
CREATE INDEX idx_user_sessions_family ON ${tenant_schema}.user_sessions (token_family_id);
CREATE INDEX idx_user_sessions_expires_at ON ${tenant_schema}.user_sessions (expires_at);

CALL shared.enable_tenant_isolation('${tenant_schema}.user_sessions');

-- Sessions hold credentials: a user sees their own; the backend (system) and super admins all.
CREATE POLICY own_sessions ON ${tenant_schema}.user_sessions AS RESTRICTIVE FOR ALL
    USING (user_id = shared.current_user_id() OR shared.current_app_role() IN ('system', 'super_admin'))
    WITH CHECK (user_id = shared.current_user_id() OR shared.current_app_role() IN ('system', 'super_admin'));
