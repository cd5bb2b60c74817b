-- What the application role may do in schemas shared and audit.
--   shared: read reference data; no writes (reference data changes by migration only).
--   insurance_providers: every column except api_credentials and webhook_secret.
--   audit: nothing. Audit rows are written by audit.record_change() as the owner.

GRANT USAGE ON SCHEMA shared TO agent_mitra_app;

GRANT SELECT ON
    shared.tenants,
    shared.tenant_config,
    shared.countries,
    shared.languages,
    shared.insurance_categories,
    shared.whatsapp_templates
TO agent_mitra_app;

GRANT SELECT (provider_id, provider_code, provider_name, provider_type, description,
              api_endpoint, webhook_url, license_number, regulatory_authority, established_year,
              headquarters, supported_languages, business_hours, service_regions,
              commission_structure, status, integration_status, last_sync_at, created_at, updated_at)
    ON shared.insurance_providers TO agent_mitra_app;

GRANT EXECUTE ON FUNCTION
    shared.current_tenant_id(),
    shared.current_user_id(),
    shared.current_app_role(),
    shared.has_tenant_wide_access(),
    shared.archive_audit_log(timestamptz, integer)
TO agent_mitra_app;

REVOKE ALL ON SCHEMA audit FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM agent_mitra_app;
