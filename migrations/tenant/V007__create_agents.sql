-- Insurance agents (seed §2.3). The agent directory is visible to everyone in the tenant,
-- so agents carries only the tenant isolation policy. parent_agent_id builds the hierarchy
-- that visible_agent_ids() (V008) walks; territory / operating_regions define a regional
-- manager's region.

CREATE TABLE ${tenant_schema}.agents (
    agent_id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                   uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                                CHECK (tenant_id = '${tenant_id}'::uuid),
    user_id                     uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    provider_id                 uuid          REFERENCES shared.insurance_providers (provider_id),

    -- Agent identification
    agent_code                  varchar(50)   NOT NULL UNIQUE,
    license_number              varchar(100)  UNIQUE,
    license_expiry_date         date,
    license_issuing_authority   varchar(100),

    -- Business information
    business_name               varchar(255),
    business_address            jsonb,
    gst_number                  varchar(15),
    pan_number                  varchar(10)   CHECK (pan_number ~ '^[A-Z]{5}[0-9]{4}[A-Z]$'),

    -- Operational details
    territory                   varchar(255),
    operating_regions           text[]        NOT NULL DEFAULT '{}',
    experience_years            integer,
    specializations             text[],

    -- Commission structure
    commission_rate             numeric(5,2),                 -- percent
    commission_structure        jsonb,
    performance_bonus_structure jsonb,

    -- Communication
    whatsapp_business_number    varchar(16)   CHECK (whatsapp_business_number ~ '^\+[1-9][0-9]{6,14}$'),
    business_email              varchar(255),
    website                     varchar(500),

    -- Performance metrics (maintained by the metrics function)
    total_policies_sold         integer       NOT NULL DEFAULT 0,
    total_premium_collected     numeric(15,2) NOT NULL DEFAULT 0,
    active_policyholders        integer       NOT NULL DEFAULT 0,
    customer_satisfaction_score numeric(3,2),

    -- Hierarchy (agent networks)
    parent_agent_id             uuid          REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE SET NULL,
    hierarchy_level             integer       NOT NULL DEFAULT 1,
    sub_agents_count            integer       NOT NULL DEFAULT 0,

    -- Status
    status                      shared.agent_status_enum NOT NULL DEFAULT 'active',
    verification_status         varchar(50)   NOT NULL DEFAULT 'pending',
    approved_at                 timestamptz,
    approved_by                 uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,

    created_at                  timestamptz   NOT NULL DEFAULT now(),
    updated_at                  timestamptz   NOT NULL DEFAULT now(),

    CONSTRAINT agents_not_own_parent CHECK (parent_agent_id IS DISTINCT FROM agent_id)
);

-- One agent row per login.
CREATE UNIQUE INDEX agents_user_id_key ON ${tenant_schema}.agents (user_id) WHERE user_id IS NOT NULL;

-- seed §3.1
CREATE INDEX idx_agents_user_status ON ${tenant_schema}.agents (user_id, status);
CREATE INDEX idx_agents_provider ON ${tenant_schema}.agents (provider_id);
CREATE INDEX idx_agents_territory ON ${tenant_schema}.agents (territory);
CREATE INDEX idx_agents_parent ON ${tenant_schema}.agents (parent_agent_id);
CREATE INDEX idx_agents_operating_regions ON ${tenant_schema}.agents USING gin (operating_regions);

CREATE TRIGGER agents_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.agents
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.agents');
