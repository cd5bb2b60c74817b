-- Issue 17: the rolled-up rows of agent_performance (V190) that let GET /teams/me/performance read any range of days
-- as a few rows per agent instead of one per day (functions/reports README, "Figures"): the range's whole months
-- from 'monthly' rows, and its edges as differences of 'month_to_date' rows (the days from the first of the range's
-- first month up to the day before the range, subtracted; the days of its last month up to its last day, added).
--
-- rollup_agent_performance_month(day) rebuilds the month of that day from its day rows, for every agent with a day
-- row in it: one 'month_to_date' row per agent for every day of the month (a day without a day row, the days not
-- yet computed included, carries the running sums on, so the route finds a row for any day it is asked about), and
-- one 'monthly' row per agent (the whole month). Each holds the running sums of the flows, the book figures
-- (premium under management, active customers) of the last day row it covers (last_day), the day rows counted
-- (days_covered) and satisfaction as its weighted sum and weight (and their rounded average). Rows whose figures
-- are unchanged are not rewritten, rows no day row backs any more are removed: it replaces, never adds, so a rerun
-- writes nothing new. The nightly job (functions/metrics) calls it for the month of every day it writes, in that
-- day's transaction. Financial columns (commission, expenses, net profit) and the hour and rate averages are not
-- rolled up: nothing reads them per month.
-- Runs as the caller under row level security; only 'system' (the nightly job, this migration) may call it.

CREATE FUNCTION ${tenant_schema}.rollup_agent_performance_month(p_day date) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_first date := date_trunc('month', p_day)::date;
    v_next  date := (date_trunc('month', p_day) + interval '1 month')::date;
    v_rows  integer;
BEGIN
    IF shared.current_app_role() IS DISTINCT FROM 'system' THEN
        RAISE EXCEPTION 'rolled-up rows are written by the nightly metrics job only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    WITH agents AS (
        SELECT DISTINCT agent_id FROM ${tenant_schema}.agent_performance
         WHERE metric_period = 'daily' AND metric_date >= v_first AND metric_date < v_next),
    grid AS (
        SELECT a.agent_id AS agent, g.day::date AS day, d.*
          FROM agents a
         CROSS JOIN generate_series(v_first, v_next - 1, interval '1 day') g(day)
          LEFT JOIN ${tenant_schema}.agent_performance d
                 ON d.agent_id = a.agent_id AND d.metric_date = g.day::date AND d.metric_period = 'daily'),
    running AS (
        SELECT grid.agent, grid.day,
               count(grid.metric_date) OVER w AS days,
               max(grid.metric_date) OVER w AS last_day,
               coalesce(sum(policies_sold) OVER w, 0) AS policies_sold,
               coalesce(sum(premium_collected) OVER w, 0) AS premium_collected,
               -- arrays compare element by element: the greatest [day, value] is the last day row's value
               coalesce((max(CASE WHEN grid.metric_date IS NOT NULL
                                  THEN ARRAY[(grid.metric_date - v_first)::numeric, premium_under_management] END)
                         OVER w)[2], 0) AS premium_under_management,
               coalesce((max(CASE WHEN grid.metric_date IS NOT NULL
                                  THEN ARRAY[grid.metric_date - v_first, active_policyholders] END) OVER w)[2], 0)
                   AS active_policyholders,
               coalesce(sum(new_policyholders) OVER w, 0) AS new_policyholders,
               coalesce(sum(customer_interactions) OVER w, 0) AS customer_interactions,
               coalesce(sum(whatsapp_messages) OVER w, 0) AS whatsapp_messages,
               coalesce(sum(video_content_views) OVER w, 0) AS video_content_views,
               coalesce(sum(chatbot_conversations) OVER w, 0) AS chatbot_conversations,
               coalesce(sum(callbacks_handled) OVER w, 0) AS callbacks_handled,
               coalesce(sum(renewals_due) OVER w, 0) AS renewals_due,
               coalesce(sum(renewals_collected) OVER w, 0) AS renewals_collected,
               coalesce(sum(lapses) OVER w, 0) AS lapses,
               coalesce(sum(revivals) OVER w, 0) AS revivals,
               coalesce(sum(whatsapp_sent) OVER w, 0) AS whatsapp_sent,
               coalesce(sum(whatsapp_delivered) OVER w, 0) AS whatsapp_delivered,
               coalesce(sum(whatsapp_read) OVER w, 0) AS whatsapp_read,
               coalesce(sum(callbacks_assigned) OVER w, 0) AS callbacks_assigned,
               coalesce(sum(callbacks_resolved) OVER w, 0) AS callbacks_resolved,
               coalesce(sum(callbacks_resolved_in_time) OVER w, 0) AS callbacks_resolved_in_time,
               coalesce(sum(customer_satisfaction * callbacks_handled) OVER w, 0) AS satisfaction_points,
               coalesce(sum(callbacks_handled) FILTER (WHERE customer_satisfaction IS NOT NULL) OVER w, 0)
                   AS satisfaction_weight
          FROM grid
        WINDOW w AS (PARTITION BY grid.agent ORDER BY grid.day ROWS UNBOUNDED PRECEDING)),
    wanted AS (
        SELECT r.*, 'month_to_date'::varchar(20) AS kind, r.day AS on_day FROM running r
        UNION ALL
        SELECT r.*, 'monthly', v_first FROM running r WHERE r.day = v_next - 1),
    written AS (
        INSERT INTO ${tenant_schema}.agent_performance AS ap
               (agent_id, metric_date, metric_period, days_covered, last_day, policies_sold, premium_collected,
                premium_under_management, active_policyholders, new_policyholders, customer_interactions,
                whatsapp_messages, video_content_views, chatbot_conversations, callbacks_handled, renewals_due,
                renewals_collected, lapses, revivals, whatsapp_sent, whatsapp_delivered, whatsapp_read,
                callbacks_assigned, callbacks_resolved, callbacks_resolved_in_time, satisfaction_points,
                satisfaction_weight, customer_satisfaction)
        SELECT agent, on_day, kind, days, last_day, policies_sold, premium_collected, premium_under_management,
               active_policyholders, new_policyholders, customer_interactions, whatsapp_messages,
               video_content_views, chatbot_conversations, callbacks_handled, renewals_due, renewals_collected,
               lapses, revivals, whatsapp_sent, whatsapp_delivered, whatsapp_read, callbacks_assigned,
               callbacks_resolved, callbacks_resolved_in_time, satisfaction_points, satisfaction_weight,
               round(satisfaction_points / nullif(satisfaction_weight, 0), 2)
          FROM wanted
         ORDER BY on_day, agent -- a day's rows side by side on disk: the route reads one day of every agent
        ON CONFLICT (agent_id, metric_date, metric_period) DO UPDATE SET
               days_covered = excluded.days_covered,
               last_day = excluded.last_day,
               policies_sold = excluded.policies_sold,
               premium_collected = excluded.premium_collected,
               premium_under_management = excluded.premium_under_management,
               active_policyholders = excluded.active_policyholders,
               new_policyholders = excluded.new_policyholders,
               customer_interactions = excluded.customer_interactions,
               whatsapp_messages = excluded.whatsapp_messages,
               video_content_views = excluded.video_content_views,
               chatbot_conversations = excluded.chatbot_conversations,
               callbacks_handled = excluded.callbacks_handled,
               renewals_due = excluded.renewals_due,
               renewals_collected = excluded.renewals_collected,
               lapses = excluded.lapses,
               revivals = excluded.revivals,
               whatsapp_sent = excluded.whatsapp_sent,
               whatsapp_delivered = excluded.whatsapp_delivered,
               whatsapp_read = excluded.whatsapp_read,
               callbacks_assigned = excluded.callbacks_assigned,
               callbacks_resolved = excluded.callbacks_resolved,
               callbacks_resolved_in_time = excluded.callbacks_resolved_in_time,
               satisfaction_points = excluded.satisfaction_points,
               satisfaction_weight = excluded.satisfaction_weight,
               customer_satisfaction = excluded.customer_satisfaction
         WHERE (ap.days_covered, ap.last_day, ap.policies_sold, ap.premium_collected, ap.premium_under_management,
                ap.active_policyholders, ap.new_policyholders, ap.customer_interactions, ap.whatsapp_messages,
                ap.video_content_views, ap.chatbot_conversations, ap.callbacks_handled, ap.renewals_due,
                ap.renewals_collected, ap.lapses, ap.revivals, ap.whatsapp_sent, ap.whatsapp_delivered,
                ap.whatsapp_read, ap.callbacks_assigned, ap.callbacks_resolved, ap.callbacks_resolved_in_time,
                ap.satisfaction_points, ap.satisfaction_weight)
               IS DISTINCT FROM
               (excluded.days_covered, excluded.last_day, excluded.policies_sold, excluded.premium_collected,
                excluded.premium_under_management, excluded.active_policyholders, excluded.new_policyholders,
                excluded.customer_interactions, excluded.whatsapp_messages, excluded.video_content_views,
                excluded.chatbot_conversations, excluded.callbacks_handled, excluded.renewals_due,
                excluded.renewals_collected, excluded.lapses, excluded.revivals, excluded.whatsapp_sent,
                excluded.whatsapp_delivered, excluded.whatsapp_read, excluded.callbacks_assigned,
                excluded.callbacks_resolved, excluded.callbacks_resolved_in_time, excluded.satisfaction_points,
                excluded.satisfaction_weight)
        RETURNING 1),
    stale AS (
        DELETE FROM ${tenant_schema}.agent_performance ap
         WHERE ap.metric_period IN ('monthly', 'month_to_date') AND ap.metric_date >= v_first
           AND ap.metric_date < v_next
           AND NOT EXISTS (SELECT 1 FROM wanted w
                            WHERE w.agent = ap.agent_id AND w.on_day = ap.metric_date AND w.kind = ap.metric_period)
        RETURNING 1)
    SELECT (SELECT count(*) FROM wanted WHERE kind = 'monthly') + 0 * (SELECT count(*) FROM written)
           + 0 * (SELECT count(*) FROM stale)
      INTO v_rows;
    RETURN v_rows;
END
$$;

COMMENT ON FUNCTION ${tenant_schema}.rollup_agent_performance_month(date) IS
    'Rebuilds the monthly and month_to_date rows of agent_performance of the month of p_day (system only)';

-- The months already written.
SELECT set_config('app.tenant_id', '${tenant_id}', true),
       set_config('app.user_role', 'system', true);
SELECT ${tenant_schema}.rollup_agent_performance_month(m.first_day)
  FROM (SELECT DISTINCT date_trunc('month', metric_date)::date AS first_day
          FROM ${tenant_schema}.agent_performance WHERE metric_period = 'daily') m;
