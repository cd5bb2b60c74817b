-- Issue 15: only agents and administrators create, change or remove an import template (a saved
-- column mapping every import of the tenant may use); every role of the tenant may still read them.
-- The API checks the role too (403 problem); this policy holds even when code forgets to.
-- 'system' is the backend's own work (seeds such as V017), never taken from a token.
CREATE POLICY template_writers_insert ON ${tenant_schema}.excel_templates AS RESTRICTIVE FOR INSERT
    WITH CHECK (shared.current_app_role() IN
        ('senior_agent', 'junior_agent', 'super_admin', 'insurance_provider_admin', 'system'));
CREATE POLICY template_writers_update ON ${tenant_schema}.excel_templates AS RESTRICTIVE FOR UPDATE
    USING (shared.current_app_role() IN
        ('senior_agent', 'junior_agent', 'super_admin', 'insurance_provider_admin', 'system'))
    WITH CHECK (shared.current_app_role() IN
        ('senior_agent', 'junior_agent', 'super_admin', 'insurance_provider_admin', 'system'));
CREATE POLICY template_writers_delete ON ${tenant_schema}.excel_templates AS RESTRICTIVE FOR DELETE
    USING (shared.current_app_role() IN
        ('senior_agent', 'junior_agent', 'super_admin', 'insurance_provider_admin', 'system'));
