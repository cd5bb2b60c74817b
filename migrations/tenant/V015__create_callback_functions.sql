-- Callback functions and triggers of seed §7, schema-qualified and with a fixed
-- search_path (the application never sets one).

-- Priority score 1..100: request-type weight + urgency + customer value + up to 10 for age
-- (one point per 4 hours waited). customer_id is kept for the seed's signature and unused.
-- Fixed: NULL or negative age_hours no longer collapses the score to 1 (NULL + x = NULL).
CREATE FUNCTION ${tenant_schema}.calculate_callback_priority_score(
    customer_id    uuid,
    request_type   varchar(100),
    urgency_level  varchar(20),
    customer_value varchar(20),
    age_hours      integer DEFAULT 0
) RETURNS numeric(5,2)
    LANGUAGE plpgsql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    base_score        numeric(6,2);
    request_weights   CONSTANT jsonb := '{
        "policy_issue": 90,
        "payment_problem": 85,
        "claim_assistance": 80,
        "general_inquiry": 60,
        "feedback": 40,
        "suggestion": 30
    }';
    urgency_modifiers CONSTANT jsonb := '{"critical": 20, "high": 15, "medium": 10, "low": 0}';
    value_modifiers   CONSTANT jsonb := '{"platinum": 15, "gold": 10, "silver": 5, "bronze": 0}';
BEGIN
    base_score := coalesce((request_weights ->> request_type)::numeric, 50.0);
    base_score := base_score + coalesce((urgency_modifiers ->> urgency_level)::numeric, 0);
    base_score := base_score + coalesce((value_modifiers ->> customer_value)::numeric, 0);
    base_score := base_score + least(greatest(coalesce(age_hours, 0), 0)::numeric / 4, 10);
    RETURN least(100.0, greatest(1.0, base_score));
END
$$;

CREATE FUNCTION ${tenant_schema}.get_callback_priority_category(score numeric(5,2))
    RETURNS shared.callback_priority
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
               WHEN score >= 85 THEN 'high'::shared.callback_priority
               WHEN score >= 70 THEN 'medium'::shared.callback_priority
               ELSE 'low'::shared.callback_priority
           END
$$;

-- SLA: high 2 h, medium 8 h, low 24 h (seed §7).
CREATE FUNCTION ${tenant_schema}.calculate_callback_due_date(
    created_at timestamptz,
    priority   shared.callback_priority
) RETURNS timestamptz
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT created_at + interval '1 hour' * CASE priority
                                                 WHEN 'high' THEN 2
                                                 WHEN 'medium' THEN 8
                                                 ELSE 24
                                             END
$$;

CREATE FUNCTION ${tenant_schema}.set_callback_due_date() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.due_at IS NULL THEN
        NEW.due_at := ${tenant_schema}.calculate_callback_due_date(coalesce(NEW.created_at, now()), NEW.priority);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER callback_due_date_trigger
    BEFORE INSERT ON ${tenant_schema}.callback_requests
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.set_callback_due_date();

-- Stamps assigned_at / started_at / completed_at on status changes and last_updated_at on
-- every update. An explicit value written by the caller is kept.
CREATE FUNCTION ${tenant_schema}.update_callback_timestamps() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.status = 'assigned' AND OLD.status IS DISTINCT FROM 'assigned'
       AND NEW.assigned_at IS NOT DISTINCT FROM OLD.assigned_at THEN
        NEW.assigned_at := now();
    END IF;
    IF NEW.status = 'in_progress' AND OLD.status IS DISTINCT FROM 'in_progress'
       AND NEW.started_at IS NOT DISTINCT FROM OLD.started_at THEN
        NEW.started_at := now();
    END IF;
    IF NEW.status = 'completed' AND OLD.status IS DISTINCT FROM 'completed'
       AND NEW.completed_at IS NOT DISTINCT FROM OLD.completed_at THEN
        NEW.completed_at := now();
    END IF;
    NEW.last_updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER callback_timestamps_trigger
    BEFORE UPDATE ON ${tenant_schema}.callback_requests
    FOR EACH ROW EXECUTE FUNCTION ${tenant_schema}.update_callback_timestamps();
