-- The default Excel layout an agent downloads and fills in: one row per policy, customer
-- columns repeated. Headers are matched case-insensitively by the import function.
SELECT set_config('app.tenant_id', '${tenant_id}', true),
       set_config('app.user_role', 'system', true);

INSERT INTO ${tenant_schema}.excel_templates
    (template_name, description, column_mapping, required_columns, optional_columns, validation_rules)
VALUES (
    'customer_policy_import_v1',
    'Customers and their policies, one row per policy',
    '{
        "Customer Name":      "policyholder.name",
        "Mobile Number":      "policyholder.phone_number",
        "Email":              "policyholder.email",
        "Date of Birth":      "policyholder.date_of_birth",
        "Gender":             "policyholder.gender",
        "PAN":                "policyholder.pan_number",
        "Aadhaar Last 4":     "policyholder.aadhaar_last4",
        "Customer ID":        "policyholder.customer_id",
        "Address":            "policyholder.address.line1",
        "City":               "policyholder.address.city",
        "State":              "policyholder.address.state",
        "Pincode":            "policyholder.address.pincode",
        "Preferred Language": "policyholder.preferred_language",
        "Policy Number":      "policy.policy_number",
        "Plan Name":          "policy.plan_name",
        "Plan Code":          "policy.plan_code",
        "Policy Type":        "policy.policy_type",
        "Sum Assured":        "policy.sum_assured",
        "Premium Amount":     "policy.premium_amount",
        "Premium Frequency":  "policy.premium_frequency",
        "Commencement Date":  "policy.start_date",
        "Maturity Date":      "policy.maturity_date",
        "Next Due Date":      "policy.next_payment_date",
        "Policy Status":      "policy.status"
    }'::jsonb,
    ARRAY['Customer Name', 'Mobile Number', 'Policy Number', 'Plan Name', 'Sum Assured',
          'Premium Amount', 'Premium Frequency', 'Commencement Date'],
    ARRAY['Email', 'Date of Birth', 'Gender', 'PAN', 'Aadhaar Last 4', 'Customer ID', 'Address',
          'City', 'State', 'Pincode', 'Preferred Language', 'Plan Code', 'Policy Type',
          'Maturity Date', 'Next Due Date', 'Policy Status'],
    '{
        "Mobile Number":     {"format": "indian_mobile", "normalise_to": "E.164"},
        "PAN":               {"pattern": "^[A-Z]{5}[0-9]{4}[A-Z]$"},
        "Aadhaar Last 4":    {"pattern": "^[0-9]{4}$", "note": "never the full Aadhaar number"},
        "Premium Frequency": {"one_of": ["monthly", "quarterly", "half_yearly", "annual", "single"]},
        "Sum Assured":       {"type": "decimal", "min": 0},
        "Premium Amount":    {"type": "decimal", "min": 0},
        "Date of Birth":     {"type": "date"},
        "Commencement Date": {"type": "date"},
        "Maturity Date":     {"type": "date"},
        "Next Due Date":     {"type": "date"}
    }'::jsonb
);
