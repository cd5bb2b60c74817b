-- Reference rows: India, the languages the apps offer, product categories, the three providers.
-- Provider ids are fixed so tests, fixtures and tenants can name them.

INSERT INTO shared.countries (country_code, country_name, currency_code, phone_code, timezone)
VALUES ('IND', 'India', 'INR', '+91', 'Asia/Kolkata');

INSERT INTO shared.languages (language_code, language_name, native_name, rtl) VALUES
    ('en', 'English',   'English',   false),
    ('hi', 'Hindi',     'हिन्दी',      false),
    ('bn', 'Bengali',   'বাংলা',      false),
    ('te', 'Telugu',    'తెలుగు',     false),
    ('mr', 'Marathi',   'मराठी',      false),
    ('ta', 'Tamil',     'தமிழ்',      false),
    ('gu', 'Gujarati',  'ગુજરાતી',    false),
    ('kn', 'Kannada',   'ಕನ್ನಡ',      false),
    ('ml', 'Malayalam', 'മലയാളം',    false),
    ('pa', 'Punjabi',   'ਪੰਜਾਬੀ',     false),
    ('or', 'Odia',      'ଓଡ଼ିଆ',      false),
    ('as', 'Assamese',  'অসমীয়া',    false),
    ('ur', 'Urdu',      'اردو',       true);

INSERT INTO shared.insurance_categories (category_code, category_name, category_type, description) VALUES
    ('TERM',       'Term insurance',       'life',   'Pure protection, sum assured paid on death within the term'),
    ('ENDOWMENT',  'Endowment plan',       'life',   'Savings with life cover, sum assured paid at maturity or on death'),
    ('WHOLE_LIFE', 'Whole life plan',      'life',   'Cover for the whole of life'),
    ('MONEY_BACK', 'Money back plan',      'life',   'Periodic survival benefits during the term'),
    ('ULIP',       'Unit linked plan',     'life',   'Market-linked investment with life cover'),
    ('PENSION',    'Pension / annuity',    'life',   'Retirement and annuity plans'),
    ('CHILD',      'Child plan',           'life',   'Savings for a child''s education or marriage'),
    ('MICRO',      'Micro insurance',      'life',   'Low sum assured plans for low-income customers'),
    ('HEALTH',     'Health insurance',     'health', 'Hospitalisation and critical illness cover');

INSERT INTO shared.insurance_providers (
    provider_id, provider_code, provider_name, provider_type, description,
    license_number, regulatory_authority, established_year, headquarters,
    supported_languages, service_regions, status, integration_status)
VALUES
    ('20000000-0000-4000-8000-000000000001', 'LIC', 'Life Insurance Corporation of India', 'life_insurance',
     'Public sector life insurer', '512', 'IRDAI', 1956,
     '{"city": "Mumbai", "state": "Maharashtra", "country": "IND"}',
     ARRAY['en', 'hi', 'bn', 'te', 'mr', 'ta', 'gu', 'kn', 'ml', 'pa', 'or', 'as'], ARRAY['IN'],
     'active', 'pending'),
    ('20000000-0000-4000-8000-000000000002', 'HDFC_LIFE', 'HDFC Life Insurance Company Limited', 'life_insurance',
     'Private sector life insurer', '101', 'IRDAI', 2000,
     '{"city": "Mumbai", "state": "Maharashtra", "country": "IND"}',
     ARRAY['en', 'hi'], ARRAY['IN'], 'active', 'pending'),
    ('20000000-0000-4000-8000-000000000003', 'ICICI_PRUDENTIAL', 'ICICI Prudential Life Insurance Company Limited', 'life_insurance',
     'Private sector life insurer', '105', 'IRDAI', 2000,
     '{"city": "Mumbai", "state": "Maharashtra", "country": "IND"}',
     ARRAY['en', 'hi'], ARRAY['IN'], 'active', 'pending');
