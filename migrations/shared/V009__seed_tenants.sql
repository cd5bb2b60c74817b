-- The three tenants with their fixed ids and schemas, and their non-secret settings.

INSERT INTO shared.tenants (tenant_id, tenant_code, tenant_name, tenant_type, schema_name, provider_id, status) VALUES
    ('10000000-0000-4000-8000-000000000001', 'LIC', 'Life Insurance Corporation of India',
     'insurance_provider', 'lic_schema', '20000000-0000-4000-8000-000000000001', 'active'),
    ('10000000-0000-4000-8000-000000000002', 'HDFC_LIFE', 'HDFC Life Insurance',
     'insurance_provider', 'hdfc_schema', '20000000-0000-4000-8000-000000000002', 'active'),
    ('10000000-0000-4000-8000-000000000003', 'ICICI_PRUDENTIAL', 'ICICI Prudential Life Insurance',
     'insurance_provider', 'icici_schema', '20000000-0000-4000-8000-000000000003', 'active');

-- business_timezone: the business day for due dates, SLAs and daily metrics.
-- premium_grace_period_days: IRDAI / LIC practice, 15 days for monthly mode, 30 otherwise.
-- callback_sla_hours: seed §7 calculate_callback_due_date.
INSERT INTO shared.tenant_config (tenant_id, config_key, config_value, config_type)
SELECT t.tenant_id, c.config_key, c.config_value, c.config_type
FROM shared.tenants t
CROSS JOIN (VALUES
    ('business_timezone',         '"Asia/Kolkata"'::jsonb,                          'string'),
    ('default_language',          '"en"'::jsonb,                                    'string'),
    ('premium_grace_period_days', '{"monthly": 15, "default": 30}'::jsonb,          'json'),
    ('callback_sla_hours',        '{"high": 2, "medium": 8, "low": 24}'::jsonb,     'json')
) AS c (config_key, config_value, config_type)
WHERE t.tenant_code IN ('LIC', 'HDFC_LIFE', 'ICICI_PRUDENTIAL');
