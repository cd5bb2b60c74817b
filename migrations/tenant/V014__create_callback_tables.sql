-- Callback request management (seed §7), in the tenant schema: the seed's portal_users
-- references become agents / users of this tenant, customer_id references policyholders,
-- and every table carries tenant_id.

CREATE TABLE ${tenant_schema}.callback_requests (
    callback_request_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid          NOT NULL DEFAULT '${tenant_id}'::uuid
                        CHECK (tenant_id = '${tenant_id}'::uuid),
    customer_id         uuid          NOT NULL REFERENCES ${tenant_schema}.policyholders (policyholder_id),
    agent_id            uuid          REFERENCES ${tenant_schema}.agents (agent_id),   -- assigned agent
    policy_id           uuid          REFERENCES ${tenant_schema}.insurance_policies (policy_id),
    request_type        varchar(100)  NOT NULL,       -- policy_issue, payment_problem, claim_assistance, ...
    description         text          NOT NULL,
    priority            shared.callback_priority NOT NULL DEFAULT 'low',
    priority_score      numeric(5,2)  NOT NULL DEFAULT 0.00 CHECK (priority_score BETWEEN 0 AND 100),
    status              shared.callback_status   NOT NULL DEFAULT 'pending',

    -- Customer contact information (copied at creation)
    customer_name       varchar(200)  NOT NULL,
    customer_phone      varchar(16)   NOT NULL CHECK (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
    customer_email      varchar(255),

    -- SLA and time management
    sla_hours           integer       NOT NULL DEFAULT 24 CHECK (sla_hours > 0),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    assigned_at         timestamptz,
    scheduled_at        timestamptz,
    due_at              timestamptz,                  -- set from priority on insert when NULL (V015)
    started_at          timestamptz,
    completed_at        timestamptz,

    -- Source tracking
    source              varchar(50)   NOT NULL DEFAULT 'portal'
                        CHECK (source IN ('portal', 'whatsapp', 'mobile', 'api')),
    source_reference_id varchar(200),

    -- Metadata and categorisation
    tags                text[]        NOT NULL DEFAULT '{}',
    category            varchar(100),                 -- technical, billing, policy, general
    urgency_level       varchar(20)   NOT NULL DEFAULT 'medium'
                        CHECK (urgency_level IN ('critical', 'high', 'medium', 'low')),
    customer_value      varchar(20)   NOT NULL DEFAULT 'bronze'
                        CHECK (customer_value IN ('bronze', 'silver', 'gold', 'platinum')),

    -- Resolution details
    resolution          text,
    resolution_category varchar(100),                 -- resolved, escalated, transferred, cancelled
    satisfaction_rating integer       CHECK (satisfaction_rating BETWEEN 1 AND 5),

    -- Audit fields
    created_by          uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    assigned_by         uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    completed_by        uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    last_updated_by     uuid          REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    last_updated_at     timestamptz   NOT NULL DEFAULT now()
);

-- The same WhatsApp message or API request never opens two callbacks.
CREATE UNIQUE INDEX callback_requests_source_reference_key
    ON ${tenant_schema}.callback_requests (source, source_reference_id)
    WHERE source_reference_id IS NOT NULL;

CREATE INDEX idx_callback_requests_tenant_status ON ${tenant_schema}.callback_requests (tenant_id, status);
CREATE INDEX idx_callback_requests_tenant_priority ON ${tenant_schema}.callback_requests (tenant_id, priority);
CREATE INDEX idx_callback_requests_customer ON ${tenant_schema}.callback_requests (customer_id);
CREATE INDEX idx_callback_requests_agent ON ${tenant_schema}.callback_requests (agent_id, status);
CREATE INDEX idx_callback_requests_due_at ON ${tenant_schema}.callback_requests (due_at);
CREATE INDEX idx_callback_requests_created_at ON ${tenant_schema}.callback_requests (created_at);
CREATE INDEX idx_callback_requests_pending ON ${tenant_schema}.callback_requests (priority_score DESC, created_at)
    WHERE status = 'pending';
-- SLA sweep: open callbacks by due time (the seed's "due_at < NOW()" cannot be an index predicate).
CREATE INDEX idx_callback_requests_open_due ON ${tenant_schema}.callback_requests (due_at)
    WHERE status NOT IN ('completed', 'cancelled');
CREATE INDEX idx_callback_requests_high_priority ON ${tenant_schema}.callback_requests (callback_request_id)
    WHERE priority = 'high' AND status NOT IN ('completed', 'cancelled');

CREATE TABLE ${tenant_schema}.callback_activities (
    callback_activity_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id            uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                         CHECK (tenant_id = '${tenant_id}'::uuid),
    callback_request_id  uuid         NOT NULL REFERENCES ${tenant_schema}.callback_requests (callback_request_id) ON DELETE CASCADE,
    agent_id             uuid         REFERENCES ${tenant_schema}.agents (agent_id),
    activity_type        varchar(50)  NOT NULL,        -- created, assigned, called, completed, escalated, cancelled, ...
    description          text         NOT NULL,
    duration_minutes     integer      CHECK (duration_minutes >= 0),
    contact_method       varchar(50)  CHECK (contact_method IN ('phone', 'whatsapp', 'email', 'sms', 'in_person')),
    contact_outcome      varchar(100),                 -- successful, no_answer, wrong_number, voicemail, ...
    notes                text,
    metadata             jsonb        NOT NULL DEFAULT '{}',
    created_at           timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX idx_callback_activities_callback ON ${tenant_schema}.callback_activities (callback_request_id, created_at);
CREATE INDEX idx_callback_activities_agent ON ${tenant_schema}.callback_activities (agent_id);
CREATE INDEX idx_callback_activities_created_at ON ${tenant_schema}.callback_activities (created_at);

CREATE TABLE ${tenant_schema}.callback_queues (
    callback_queue_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                             CHECK (tenant_id = '${tenant_id}'::uuid),
    queue_name               varchar(100) NOT NULL UNIQUE,
    queue_type               varchar(50)  NOT NULL DEFAULT 'priority'
                             CHECK (queue_type IN ('priority', 'fifo', 'round_robin')),
    description              text,
    is_active                boolean      NOT NULL DEFAULT true,
    max_concurrent_callbacks integer      NOT NULL DEFAULT 5,
    sla_target_hours         integer      NOT NULL DEFAULT 24,
    auto_assignment_enabled  boolean      NOT NULL DEFAULT true,
    assignment_rules         jsonb        NOT NULL DEFAULT '{}',
    created_at               timestamptz  NOT NULL DEFAULT now(),
    updated_at               timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.agent_callback_capacity (
    capacity_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                             CHECK (tenant_id = '${tenant_id}'::uuid),
    agent_id                 uuid        NOT NULL UNIQUE REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    max_daily_callbacks      integer     NOT NULL DEFAULT 50,
    max_concurrent_callbacks integer     NOT NULL DEFAULT 3,
    current_active_callbacks integer     NOT NULL DEFAULT 0 CHECK (current_active_callbacks >= 0),
    specialties              text[]      NOT NULL DEFAULT '{}',
    availability_schedule    jsonb       NOT NULL DEFAULT '{}',   -- weekly hours, Asia/Kolkata
    is_available             boolean     NOT NULL DEFAULT true,
    last_updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.callback_escalation_rules (
    escalation_rule_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id          uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                       CHECK (tenant_id = '${tenant_id}'::uuid),
    rule_name          varchar(200) NOT NULL UNIQUE,
    priority           shared.callback_priority,
    trigger_condition  jsonb        NOT NULL,
    escalation_action  varchar(100) NOT NULL,       -- notify_manager, reassign, increase_priority, ...
    escalation_target  jsonb        NOT NULL,
    is_active          boolean      NOT NULL DEFAULT true,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE ${tenant_schema}.callback_templates (
    template_id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                  CHECK (tenant_id = '${tenant_id}'::uuid),
    template_name varchar(200) NOT NULL UNIQUE,
    category      varchar(100) NOT NULL,
    subject       varchar(500),
    template_text text         NOT NULL,
    variables     text[]       NOT NULL DEFAULT '{}',
    is_active     boolean      NOT NULL DEFAULT true,
    created_by    uuid         REFERENCES ${tenant_schema}.users (user_id) ON DELETE SET NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

-- "date" is the business day (Asia/Kolkata).
CREATE TABLE ${tenant_schema}.callback_metrics_daily (
    metric_id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id                       uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                                    CHECK (tenant_id = '${tenant_id}'::uuid),
    date                            date         NOT NULL,
    total_callbacks                 integer      NOT NULL DEFAULT 0,
    resolved_callbacks              integer      NOT NULL DEFAULT 0,
    avg_resolution_time_minutes     numeric(8,2),
    avg_first_response_time_minutes numeric(8,2),
    sla_compliance_percentage       numeric(5,2),
    customer_satisfaction_avg       numeric(3,2),
    callbacks_by_priority           jsonb        NOT NULL DEFAULT '{}',
    callbacks_by_type               jsonb        NOT NULL DEFAULT '{}',
    callbacks_by_source             jsonb        NOT NULL DEFAULT '{}',
    agent_performance               jsonb        NOT NULL DEFAULT '{}',
    created_at                      timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, date)
);

CREATE TABLE ${tenant_schema}.agent_callback_performance (
    performance_id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id                    uuid         NOT NULL REFERENCES ${tenant_schema}.agents (agent_id) ON DELETE CASCADE,
    tenant_id                   uuid         NOT NULL DEFAULT '${tenant_id}'::uuid
                                CHECK (tenant_id = '${tenant_id}'::uuid),
    date                        date         NOT NULL,
    total_assigned              integer      NOT NULL DEFAULT 0,
    total_resolved              integer      NOT NULL DEFAULT 0,
    avg_resolution_time_minutes numeric(8,2),
    sla_compliance_percentage   numeric(5,2),
    customer_satisfaction_avg   numeric(3,2),
    callbacks_by_priority       jsonb        NOT NULL DEFAULT '{}',
    created_at                  timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (agent_id, date)
);

CREATE TABLE ${tenant_schema}.callback_sla_tracking (
    sla_tracking_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid        NOT NULL DEFAULT '${tenant_id}'::uuid
                        CHECK (tenant_id = '${tenant_id}'::uuid),
    callback_request_id uuid        NOT NULL REFERENCES ${tenant_schema}.callback_requests (callback_request_id) ON DELETE CASCADE,
    sla_type            varchar(50) NOT NULL CHECK (sla_type IN ('first_response', 'resolution')),
    target_time         timestamptz NOT NULL,
    actual_time         timestamptz,
    is_met              boolean GENERATED ALWAYS AS (actual_time <= target_time) STORED,
    delay_minutes       integer GENERATED ALWAYS AS
                        ((floor(extract(epoch FROM (actual_time - target_time)) / 60))::integer) STORED,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (callback_request_id, sla_type)
);

CREATE INDEX idx_callback_sla_open ON ${tenant_schema}.callback_sla_tracking (target_time)
    WHERE actual_time IS NULL;

CREATE INDEX idx_callback_metrics_daily_tenant_date ON ${tenant_schema}.callback_metrics_daily (tenant_id, date);
CREATE INDEX idx_agent_callback_performance_agent_date ON ${tenant_schema}.agent_callback_performance (agent_id, date);

CREATE TRIGGER callback_queues_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.callback_queues
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
CREATE TRIGGER callback_escalation_rules_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.callback_escalation_rules
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();
CREATE TRIGGER callback_templates_set_updated_at
    BEFORE UPDATE ON ${tenant_schema}.callback_templates
    FOR EACH ROW EXECUTE FUNCTION shared.set_updated_at();

CALL shared.enable_tenant_isolation('${tenant_schema}.callback_requests');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_activities');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_queues');
CALL shared.enable_tenant_isolation('${tenant_schema}.agent_callback_capacity');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_escalation_rules');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_templates');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_metrics_daily');
CALL shared.enable_tenant_isolation('${tenant_schema}.agent_callback_performance');
CALL shared.enable_tenant_isolation('${tenant_schema}.callback_sla_tracking');

-- A callback is visible to the agents who may see its assignee or its customer, to the
-- customer who asked for it, and to tenant-wide roles. The customer subquery reads
-- policyholders under that table's own policies.
CREATE POLICY agent_scope ON ${tenant_schema}.callback_requests AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR customer_id IN (SELECT p.policyholder_id FROM ${tenant_schema}.policyholders p))
    WITH CHECK (shared.has_tenant_wide_access()
           OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids())
           OR customer_id IN (SELECT p.policyholder_id FROM ${tenant_schema}.policyholders p));

-- Child rows follow their callback.
CREATE POLICY agent_scope ON ${tenant_schema}.callback_activities AS RESTRICTIVE FOR ALL
    USING (callback_request_id IN (SELECT c.callback_request_id FROM ${tenant_schema}.callback_requests c))
    WITH CHECK (callback_request_id IN (SELECT c.callback_request_id FROM ${tenant_schema}.callback_requests c));
CREATE POLICY agent_scope ON ${tenant_schema}.callback_sla_tracking AS RESTRICTIVE FOR ALL
    USING (callback_request_id IN (SELECT c.callback_request_id FROM ${tenant_schema}.callback_requests c))
    WITH CHECK (callback_request_id IN (SELECT c.callback_request_id FROM ${tenant_schema}.callback_requests c));

-- An agent's callback performance is visible to the agent and those above them.
CREATE POLICY agent_scope ON ${tenant_schema}.agent_callback_performance AS RESTRICTIVE FOR ALL
    USING (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()))
    WITH CHECK (shared.has_tenant_wide_access() OR agent_id IN (SELECT ${tenant_schema}.visible_agent_ids()));
