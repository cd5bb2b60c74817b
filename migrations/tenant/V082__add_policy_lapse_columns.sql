-- Issue 9: a policy whose grace period ended unpaid becomes lapsed (daily reminders job). A lapsed
-- policy can be revived within 5 years of its first unpaid premium (LIC revival rules), so the
-- job stores that deadline, and the day it lapsed, when it makes the change; both stay as they
-- were recorded if the policy is later revived (status back to active).
ALTER TABLE ${tenant_schema}.insurance_policies
    ADD COLUMN lapsed_on        date,
    ADD COLUMN revival_deadline date;

COMMENT ON COLUMN ${tenant_schema}.insurance_policies.revival_deadline IS
    'last day a lapsed policy can be revived: first unpaid premium due date + 5 years';
