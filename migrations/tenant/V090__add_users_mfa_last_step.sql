-- Issue 4, RFC 6238 §5.2: a verifier must not accept a TOTP code a second time after it was accepted once. A code
-- stays valid for its 30-second step (and the one either side, for clock drift), so the time step of the last
-- accepted code is kept and only a later step signs in again: a code seen over a shoulder or replayed is refused.
ALTER TABLE ${tenant_schema}.users ADD COLUMN mfa_last_step bigint;
COMMENT ON COLUMN ${tenant_schema}.users.mfa_last_step IS 'RFC 6238 time step of the last accepted TOTP code';
