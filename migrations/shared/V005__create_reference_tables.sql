-- Reference data shared by every tenant (seed §2.1 "System Reference Data", §2.3 providers).

CREATE TABLE shared.countries (
    country_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    country_code  varchar(3)   NOT NULL UNIQUE,            -- ISO 3166-1 alpha-3
    country_name  varchar(100) NOT NULL,
    currency_code varchar(3),                              -- ISO 4217
    phone_code    varchar(5),                              -- e.g. +91
    timezone      varchar(50),                             -- IANA, e.g. Asia/Kolkata
    status        varchar(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'))
);

CREATE TABLE shared.languages (
    language_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    language_code varchar(10)  NOT NULL UNIQUE,            -- ISO 639-1
    language_name varchar(100) NOT NULL,
    native_name   varchar(100),
    rtl           boolean      NOT NULL DEFAULT false,     -- right-to-left script
    status        varchar(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'))
);

CREATE TABLE shared.insurance_categories (
    category_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    category_code varchar(20)  NOT NULL UNIQUE,
    category_name varchar(100) NOT NULL,
    category_type varchar(50) CHECK (category_type IN ('life', 'health', 'general', 'motor')),
    description   text,
    status        varchar(20)  NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'))
);

CREATE TABLE shared.insurance_providers (
    provider_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_code          varchar(20)  NOT NULL UNIQUE,   -- LIC, HDFC_LIFE, ICICI_PRUDENTIAL
    provider_name          varchar(255) NOT NULL,
    provider_type          varchar(50) CHECK (provider_type IN ('life_insurance', 'health_insurance', 'general_insurance')),
    description            text,

    -- API integration. api_credentials and webhook_secret are secret: the application role
    -- gets no SELECT on these two columns (shared V014); real secrets belong in Secrets Manager.
    api_endpoint           varchar(500),
    api_credentials        jsonb,
    webhook_url            varchar(500),
    webhook_secret         varchar(255),

    -- Business details
    license_number         varchar(100),                   -- IRDAI registration number
    regulatory_authority   varchar(100),
    established_year       integer,
    headquarters           jsonb,

    -- Operational settings
    supported_languages    text[]       NOT NULL DEFAULT ARRAY['en'],
    business_hours         jsonb,
    service_regions        text[],
    commission_structure   jsonb,

    -- Status and metadata
    status                 shared.provider_status_enum NOT NULL DEFAULT 'active',
    integration_status     varchar(50)  NOT NULL DEFAULT 'pending'
                           CHECK (integration_status IN ('pending', 'testing', 'active')),
    last_sync_at           timestamptz,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now()
);

CREATE TRIGGER insurance_providers_set_updated_at
    BEFORE UPDATE ON shared.insurance_providers
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
