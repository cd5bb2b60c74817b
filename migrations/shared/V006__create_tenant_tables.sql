-- Tenant registry and per-tenant configuration (seed §2.1 "Tenant Management").
-- The migrate function reads
--   select tenant_id, schema_name from shared.tenants
--   where schema_name is not null and status = 'active' order by tenant_code
-- and runs migrations/tenant against each schema_name.

CREATE TABLE shared.tenants (
    tenant_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_code       varchar(20)  NOT NULL UNIQUE,
    tenant_name       varchar(255) NOT NULL,
    tenant_type       varchar(50)  NOT NULL
                      CHECK (tenant_type IN ('insurance_provider', 'independent_agent', 'agent_network')),
    -- Used as an SQL identifier by the migrate function: lower-case letters, digits, underscores.
    schema_name       varchar(63) UNIQUE CHECK (schema_name ~ '^[a-z][a-z0-9_]*$'),
    parent_tenant_id  uuid REFERENCES shared.tenants (tenant_id),
    provider_id       uuid REFERENCES shared.insurance_providers (provider_id),
    status            varchar(20)  NOT NULL DEFAULT 'active'
                      CHECK (status IN ('active', 'inactive', 'suspended')),
    subscription_plan varchar(50),
    trial_end_date    timestamptz,
    max_users         integer      NOT NULL DEFAULT 1000,
    storage_limit_gb  integer      NOT NULL DEFAULT 10,
    api_rate_limit    integer      NOT NULL DEFAULT 1000,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now()
);

CREATE TRIGGER tenants_set_updated_at
    BEFORE UPDATE ON shared.tenants
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

-- Non-secret settings only. A row with is_encrypted = true holds ciphertext or a reference
-- to a Secrets Manager / SSM entry, never a plain secret.
CREATE TABLE shared.tenant_config (
    config_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid         NOT NULL REFERENCES shared.tenants (tenant_id) ON DELETE CASCADE,
    config_key   varchar(100) NOT NULL,
    config_value jsonb,
    config_type  varchar(50)  NOT NULL DEFAULT 'string'
                 CHECK (config_type IN ('string', 'number', 'boolean', 'json')),
    is_encrypted boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, config_key)
);

CREATE TRIGGER tenant_config_set_updated_at
    BEFORE UPDATE ON shared.tenant_config
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
