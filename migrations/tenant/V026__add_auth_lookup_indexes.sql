-- Look-ups of the auth function that would otherwise scan: a password reset finds its account by the token's
-- keyed hash, and the per-address limit on sign-in codes counts a source address's codes of the last hour.

CREATE INDEX idx_users_password_reset_token_hash ON ${tenant_schema}.users (password_reset_token_hash)
    WHERE password_reset_token_hash IS NOT NULL;

CREATE INDEX idx_login_otps_ip_created ON ${tenant_schema}.login_otps (ip_address, created_at DESC)
    WHERE ip_address IS NOT NULL;
