-- Issue 15: limits on the open sign-in routes, kept in PostgreSQL so every concurrent auth function sees the same
-- counts. One row per bucket; bucket_key is a keyed hash (HMAC-SHA256 under the auth hash key, hex) of what is
-- limited, so no address, phone, email or username is stored here in the clear:
--   address:<ip>                        requests from one source address (fixed window)
--   identifier:<tenant>:<identifier>    requests naming one phone, email or username (fixed window)
--   lockout:<tenant>:<identifier>       failed sign-ins of an identifier that belongs to no account, counted like
--                                       an account's (users.login_attempts, locked_until), so a locked account and
--                                       an unknown one answer alike
-- A fixed-window bucket counts hits since window_start and restarts when the window has passed; a lockout bucket
-- counts failures in a row and holds locked_until. Rows whose window and lock are long over are pruned by the
-- auth function as it goes (updated_at index).
CREATE TABLE shared.auth_attempts (
    bucket_key   char(64)    PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL CHECK (hits >= 0),
    locked_until timestamptz,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX idx_auth_attempts_updated_at ON shared.auth_attempts (updated_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON shared.auth_attempts TO agent_mitra_app;
