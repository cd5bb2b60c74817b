-- Issue 17: tenant V203's trailing_30 rows cost the nightly job about four times the month rows (5.3 s against 1.2 s
-- a day for 1,001 agents, reports benchmark), most of it for days that have not come yet: the nightly run of the 6th
-- rebuilt the rows of the 1st to 29 days after the month's last, 60 days of which 54 were in the future, rebuilt
-- again by every later night. No route reads them (a range ends yesterday at the latest, in India), so the rebuild
-- now stops at tomorrow (current_date + 1, covering India's yesterday whatever the database's time zone): a day the
-- job has not written yet still finds its row (the sums carried on, as the month rows do), and a month wholly in
-- the future rebuilds nothing. A past month is rebuilt as before. Same rows for every day up to tomorrow.

CREATE OR REPLACE FUNCTION ${tenant_schema}.rollup_agent_performance_trailing(p_day date) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_first date := date_trunc('month', p_day)::date;
    -- the last day whose 30 days meet the month (29 days after its last day), but none after tomorrow: the route
    -- reads no day after yesterday in India, and tomorrow's run writes tomorrow's
    v_last  date := least((date_trunc('month', p_day) + interval '1 month')::date - 1 + 29, current_date + 1);
    v_rows  integer;
BEGIN
    IF shared.current_app_role() IS DISTINCT FROM 'system' THEN
        RAISE EXCEPTION 'rolled-up rows are written by the nightly metrics job only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_last < v_first THEN
        RETURN 0;
    END IF;
    WITH agents AS (
        SELECT DISTINCT agent_id FROM ${tenant_schema}.agent_performance
         WHERE metric_period = 'daily' AND metric_date >= v_first - 29 AND metric_date <= v_last),
    grid AS (
        SELECT a.agent_id AS agent, g.day::date AS day, d.*
          FROM agents a
         CROSS JOIN generate_series(v_first - 29, v_last, interval '1 day') g(day)
          LEFT JOIN ${tenant_schema}.agent_performance d
                 ON d.agent_id = a.agent_id AND d.metric_date = g.day::date AND d.metric_period = 'daily'),
    running AS (
        SELECT grid.agent, grid.day,
               count(grid.metric_date) OVER w AS days,
               -- the last day row up to this day (a growing frame, kept as it goes): inside the 30 days when any
               -- day row is (days > 0), so its book figures are the 30 days' last
               max(grid.metric_date) OVER u AS last_day,
               coalesce(sum(policies_sold) OVER w, 0) AS policies_sold,
               coalesce(sum(premium_collected) OVER w, 0) AS premium_collected,
               -- arrays compare element by element: the greatest [day, value] is the last day row's value
               coalesce((max(CASE WHEN grid.metric_date IS NOT NULL
                                  THEN ARRAY[(grid.metric_date - v_first)::numeric, premium_under_management] END)
                         OVER u)[2], 0) AS premium_under_management,
               coalesce((max(CASE WHEN grid.metric_date IS NOT NULL
                                  THEN ARRAY[grid.metric_date - v_first, active_policyholders] END) OVER u)[2], 0)
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
        -- one grid row a day, so 29 rows before are the 29 days before; sums and counts slide (PostgreSQL takes
        -- the leaving row off), a max over a sliding frame would be recomputed 30 times a row, so the book is read
        -- from the growing frame u instead
        WINDOW w AS (PARTITION BY grid.agent ORDER BY grid.day ROWS BETWEEN 29 PRECEDING AND CURRENT ROW),
               u AS (PARTITION BY grid.agent ORDER BY grid.day ROWS UNBOUNDED PRECEDING)),
    wanted AS (
        SELECT r.* FROM running r WHERE r.day >= v_first AND r.days > 0),
    written AS (
        INSERT INTO ${tenant_schema}.agent_performance AS ap
               (agent_id, metric_date, metric_period, days_covered, last_day, policies_sold, premium_collected,
                premium_under_management, active_policyholders, new_policyholders, customer_interactions,
                whatsapp_messages, video_content_views, chatbot_conversations, callbacks_handled, renewals_due,
                renewals_collected, lapses, revivals, whatsapp_sent, whatsapp_delivered, whatsapp_read,
                callbacks_assigned, callbacks_resolved, callbacks_resolved_in_time, satisfaction_points,
                satisfaction_weight, customer_satisfaction)
        SELECT agent, day, 'trailing_30', days, last_day, policies_sold, premium_collected, premium_under_management,
               active_policyholders, new_policyholders, customer_interactions, whatsapp_messages,
               video_content_views, chatbot_conversations, callbacks_handled, renewals_due, renewals_collected,
               lapses, revivals, whatsapp_sent, whatsapp_delivered, whatsapp_read, callbacks_assigned,
               callbacks_resolved, callbacks_resolved_in_time, satisfaction_points, satisfaction_weight,
               round(satisfaction_points / nullif(satisfaction_weight, 0), 2)
          FROM wanted
         ORDER BY day, agent -- a day's rows side by side on disk: the route reads one day of every agent
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
         WHERE ap.metric_period = 'trailing_30' AND ap.metric_date >= v_first AND ap.metric_date <= v_last
           AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.agent = ap.agent_id AND w.day = ap.metric_date)
        RETURNING 1)
    SELECT (SELECT count(*) FROM wanted) + 0 * (SELECT count(*) FROM written) + 0 * (SELECT count(*) FROM stale)
      INTO v_rows;
    RETURN v_rows;
END
$$;

COMMENT ON FUNCTION ${tenant_schema}.rollup_agent_performance_trailing(date) IS
    'Rebuilds the trailing_30 rows of agent_performance whose 30 days meet the month of p_day, up to tomorrow (system only)';

-- Rows V203 wrote for days after tomorrow: no route reads them, and no rebuild would keep them current.
SELECT set_config('app.tenant_id', '${tenant_id}', true),
       set_config('app.user_role', 'system', true);
DELETE FROM ${tenant_schema}.agent_performance
 WHERE metric_period = 'trailing_30' AND metric_date > current_date + 1;
