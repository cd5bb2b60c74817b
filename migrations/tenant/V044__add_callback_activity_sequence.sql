-- Activities written in one transaction share its time (created_at comes from the application's clock), so the
-- history of a callback is ordered by this insertion sequence after the time (issue 6).
ALTER TABLE ${tenant_schema}.callback_activities
    ADD COLUMN activity_seq bigint GENERATED ALWAYS AS IDENTITY;
