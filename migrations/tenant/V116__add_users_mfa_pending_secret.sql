-- Issue 15: re-enrolling two-factor sign-in (a new phone) must not switch the old authenticator off before the new
-- one has proved itself. POST /auth/mfa/setup stores the new secret here (encrypted by the application, like
-- mfa_secret); POST /auth/mfa/enable moves it to mfa_secret once the new app's first code matches. Until then the
-- old secret keeps signing in. Secret columns (_secret) are left out of the audit log's images (shared V051).
ALTER TABLE ${tenant_schema}.users ADD COLUMN mfa_pending_secret varchar(255);
COMMENT ON COLUMN ${tenant_schema}.users.mfa_pending_secret IS
    'TOTP secret set up but not yet confirmed by a code (encrypted by the application)';
