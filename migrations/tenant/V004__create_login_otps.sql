-- One-time passwords sent over WhatsApp (template otp_login / password_reset). Not in the
-- seed; the auth function needs it. Only a hash of the code is kept, with an attempt
-- counter; a code is valid once (consumed_at) and until expires_at.

CREATE TABLE ${tenant_schema}.login_otps (
    otp_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                        CHECK (tenant_id = '${tenant_id}'::uuid),
    phone_number        varchar(16)  NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
    user_id             uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE CASCADE,
    purpose             varchar(20)  NOT NULL DEFAULT 'login' CHECK (purpose IN ('login', 'password_reset')),
    code_hash           varchar(255) NOT NULL,
    attempts            integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts        integer      NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    expires_at          timestamptz  NOT NULL,
    consumed_at         timestamptz,
    whatsapp_message_id uuid,                               -- outbox row that carried it
    ip_address          inet,
    created_at          timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idx_login_otps_phone_created ON ${tenant_schema}.login_otps (phone_number, created_at DESC);
CREATE INDEX idx_login_otps_expires_at ON ${tenant_schema}.login_otps (expires_at);

CALL shared.enable_tenant_isolation('${tenant_schema}.login_otps');

-- Only the backend's own auth work ever reads or writes OTPs.
CREATE POLICY system_only ON ${tenant_schema}.login_otps AS RESTRICTIVE FOR ALL
    USING (shared.current_app_role() = 'system')
    WITH CHECK (shared.current_app_role() = 'system');
