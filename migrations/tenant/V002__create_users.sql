-- Login accounts of everyone who uses the apps (seed §2.2). Policyholders log in with a
-- WhatsApp OTP only, so password_hash is nullable. Tokens are stored as hashes.
-- Email, phone and username are unique within the tenant (this schema).

CREATE TABLE ${tenant_schema}.users (
    user_id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                       uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                                    CHECK (tenant_id = '${tenant_id}'::uuid),
    email                           varchar(255),
    phone_number                    varchar(16)  CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'), -- E.164
    username                        varchar(100),
    password_hash                   varchar(255),             -- NULL: OTP-only login
    password_salt                   varchar(255),             -- unused with bcrypt/argon2 (salt in the hash)
    password_changed_at             timestamptz,

    -- Profile information
    first_name                      varchar(100),
    last_name                       varchar(100),
    display_name                    varchar(255),
    avatar_url                      varchar(500),
    date_of_birth                   date,
    gender                          varchar(20),

    -- Contact details
    address                         jsonb,
    emergency_contact               jsonb,

    -- Account settings
    language_preference             varchar(10)  NOT NULL DEFAULT 'en',
    timezone                        varchar(50)  NOT NULL DEFAULT 'Asia/Kolkata',
    theme_preference                varchar(20)  NOT NULL DEFAULT 'light',
    notification_preferences        jsonb,

    -- Verification and recovery (hashes of the one-time tokens, never the tokens)
    email_verified                  boolean      NOT NULL DEFAULT false,
    phone_verified                  boolean      NOT NULL DEFAULT false,
    email_verification_token_hash   varchar(255),
    email_verification_expires      timestamptz,
    password_reset_token_hash       varchar(255),
    password_reset_expires          timestamptz,

    -- Security
    mfa_enabled                     boolean      NOT NULL DEFAULT false,
    mfa_secret                      varchar(255),             -- encrypted by the application
    biometric_enabled               boolean      NOT NULL DEFAULT false,
    last_login_at                   timestamptz,
    login_attempts                  integer      NOT NULL DEFAULT 0,
    locked_until                    timestamptz,

    -- Account status
    role                            shared.user_role_enum   NOT NULL,
    status                          shared.user_status_enum NOT NULL DEFAULT 'active',
    trial_end_date                  timestamptz,
    subscription_plan               varchar(50),
    subscription_status             varchar(20)  DEFAULT 'trial',

    -- Audit fields
    created_by                      uuid,
    created_at                      timestamptz  NOT NULL DEFAULT now(),
    updated_by                      uuid,
    updated_at                      timestamptz  NOT NULL DEFAULT now(),
    deactivated_at                  timestamptz,
    deactivated_reason              text,

    CONSTRAINT users_has_login_identifier CHECK (email IS NOT NULL OR phone_number IS NOT NULL OR username IS NOT NULL)
);

CREATE UNIQUE INDEX users_email_key ON ${tenant_schema}.users (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_phone_number_key ON ${tenant_schema}.users (phone_number) WHERE phone_number IS NOT NULL;
CREATE UNIQUE INDEX users_username_key ON ${tenant_schema}.users (lower(username)) WHERE username IS NOT NULL;

-- seed §3.1
CREATE INDEX idx_users_tenant_status ON ${tenant_schema}.users (tenant_id, status);
CREATE INDEX idx_users_role_status ON ${tenant_schema}.users (role, status);
CREATE INDEX idx_users_created_at ON ${tenant_schema}.users (created_at DESC);
CREATE INDEX idx_users_address_city ON ${tenant_schema}.users USING gin ((address -> 'city'));

CREATE TRIGGER users_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.users
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

-- Tenant isolation now; the agent-scoped visibility policy follows in V010.
CALL shared.enable_tenant_isolation('${tenant_schema}.users');
