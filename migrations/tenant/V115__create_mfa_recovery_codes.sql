-- Issue 15: recovery codes for two-factor sign-in. Ten codes are made when TOTP is turned on (and again on request),
-- shown to the user once, and stored here only as keyed hashes (HMAC-SHA256 under the auth hash key, bound to the
-- user id). Each code may be used once, instead of a TOTP code, to sign in or to turn two-factor sign-in off:
-- used_at is set in the same UPDATE that accepts it, so two requests racing with one code cannot both succeed.
-- A new set replaces the old one (the old rows are deleted), as does turning two-factor sign-in off.

CREATE TABLE ${tenant_schema}.mfa_recovery_codes (
    recovery_code_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                     CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id          uuid         NOT NULL REFERENCES ${tenant_schema}.users (user_id) ON DELETE CASCADE,
    code_hash        char(64)     NOT NULL,
    used_at          timestamptz,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (user_id, code_hash)
);

CALL shared.enable_tenant_isolation('${tenant_schema}.mfa_recovery_codes');

-- credentials: a user reaches their own; the backend (system) all
CREATE POLICY own_recovery_codes ON ${tenant_schema}.mfa_recovery_codes AS RESTRICTIVE FOR ALL
    USING (user_id = shared.current_user_id() OR shared.current_app_role() = 'system')
    WITH CHECK (user_id = shared.current_user_id() OR shared.current_app_role() = 'system');
