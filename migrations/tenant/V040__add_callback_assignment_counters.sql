-- Auto-assignment (issue 6) keeps every counter it decides on in the row it locks, so one conditional UPDATE
-- both checks and takes capacity: assigned_today / assigned_on enforce max_daily_callbacks per business day
-- (Asia/Kolkata), last_assigned_at breaks ties ("longest idle"). callback_requests.assignment_count numbers each
-- assignment of a callback: the idempotency key of its WhatsApp notice.
ALTER TABLE ${tenant_schema}.agent_callback_capacity
    ADD COLUMN assigned_today   integer     NOT NULL DEFAULT 0 CHECK (assigned_today >= 0),
    ADD COLUMN assigned_on      date,
    ADD COLUMN last_assigned_at timestamptz;

ALTER TABLE ${tenant_schema}.callback_requests
    ADD COLUMN assignment_count integer NOT NULL DEFAULT 0 CHECK (assignment_count >= 0);
