-- Issue 6 benchmark (functions/callbacks README): the sweeper re-scores every open callback each run, calling
-- calculate_callback_priority_score and get_callback_priority_category (V015) two to four times per row. As written
-- there (PL/pgSQL parsing three jsonb constants on every call, and SET search_path on both, which forbids inlining and
-- saves and restores the setting per call) that was most of a 6 s sweep over 100,000 open callbacks.
--
-- Same names, arguments, results and rules (seed §7; PriorityScoreMatchesSqlIT pins them against the Java score),
-- written as single-expression SQL functions that PostgreSQL inlines into the statement that calls them. They use
-- only built-in operators on their own arguments, read no table, and so need no search_path of their own.
CREATE OR REPLACE FUNCTION ${tenant_schema}.calculate_callback_priority_score(
    customer_id    uuid,
    request_type   varchar(100),
    urgency_level  varchar(20),
    customer_value varchar(20),
    age_hours      integer DEFAULT 0
) RETURNS numeric(5,2)
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT least(100.0, greatest(1.0,
               CASE request_type
                   WHEN 'policy_issue' THEN 90
                   WHEN 'payment_problem' THEN 85
                   WHEN 'claim_assistance' THEN 80
                   WHEN 'general_inquiry' THEN 60
                   WHEN 'feedback' THEN 40
                   WHEN 'suggestion' THEN 30
                   ELSE 50.0
               END
               + CASE urgency_level WHEN 'critical' THEN 20 WHEN 'high' THEN 15 WHEN 'medium' THEN 10 ELSE 0 END
               + CASE customer_value WHEN 'platinum' THEN 15 WHEN 'gold' THEN 10 WHEN 'silver' THEN 5 ELSE 0 END
               + least(greatest(coalesce(age_hours, 0), 0)::numeric / 4, 10)
           ))::numeric(5,2)
$$;

CREATE OR REPLACE FUNCTION ${tenant_schema}.get_callback_priority_category(score numeric(5,2))
    RETURNS shared.callback_priority
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT CASE
               WHEN score >= 85 THEN 'high'::shared.callback_priority
               WHEN score >= 70 THEN 'medium'::shared.callback_priority
               ELSE 'low'::shared.callback_priority
           END
$$;
