package com.agentmitra.metrics;

import com.agentmitra.data.Tenant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The three daily metric tables, each written by one set-based statement per tenant and day (no per-agent loop),
 * as upserts on their natural keys, so a rerun of a day rewrites the same rows. The day is a business day: its
 * window is [00:00, 24:00) Asia/Kolkata. Plain SQL over the tenant's schema (a validated identifier).
 */
final class MetricsRepository {

    /** Statuses of a policy that was issued (sold): not an application in progress, not a cancelled one. */
    private static final String ISSUED = "('approved', 'active', 'lapsed', 'surrendered', 'matured', 'claimed')";

    /**
     * One row per agent of the tenant. Day figures: policies whose risk started that day (sold), premiums paid
     * that day, policyholders added, callback activities (customer interactions), WhatsApp messages, callbacks
     * completed and their satisfaction, hours to first response of first responses that day, and conversion: of
     * the applications dated that day, the share issued. Book figures (premium under management, active
     * policyholders) are the book as it stands when the day is computed. Tenant V140 (issue 17): renewals due (issued
     * policies whose next premium or a recorded payment falls due that day), renewals collected (completed payments
     * that day), lapses (lapsed that day), revivals (a payment that day on a policy lapsed before it and active
     * again), and the agent's outbound WhatsApp messages of the day that WhatsApp sent, delivered and read. Engagement
     * from the app's events ({@code POST /events}, issue 17): {@code feature_use} events of the agent's customers that
     * day named {@code video...} (video content views) and {@code chatbot...} (chatbot conversations). Tenant V190: the
     * callbacks assigned to the agent that day, resolved that day, and of those resolved by their due time (as
     * {@code agent_callback_performance} counts them), so the performance routes read one table.
     */
    private static final String AGENT_PERFORMANCE = """
            WITH sold AS (
                SELECT agent_id, count(*) AS n FROM @s.insurance_policies
                 WHERE start_date = {0} AND status IN @issued GROUP BY agent_id),
            paid AS (
                SELECT p.agent_id, sum(pay.amount) AS amount, count(*) AS n,
                       count(DISTINCT p.policy_id) FILTER (WHERE p.lapsed_on < {0} AND p.status = 'active') AS revived
                  FROM @s.premium_payments pay JOIN @s.insurance_policies p ON p.policy_id = pay.policy_id
                 WHERE pay.status = 'completed' AND pay.payment_date >= {1} AND pay.payment_date < {2}
                 GROUP BY p.agent_id),
            due AS (
                SELECT agent_id, count(DISTINCT policy_id) AS n FROM (
                    SELECT agent_id, policy_id FROM @s.insurance_policies
                     WHERE next_payment_date = {0} AND status IN @issued
                    UNION
                    SELECT p.agent_id, p.policy_id
                      FROM @s.premium_payments pay JOIN @s.insurance_policies p ON p.policy_id = pay.policy_id
                     WHERE pay.due_date = {0} AND p.status IN @issued) x
                 GROUP BY agent_id),
            lapsed AS (
                SELECT agent_id, count(*) AS n FROM @s.insurance_policies WHERE lapsed_on = {0} GROUP BY agent_id),
            engaged AS (
                SELECT ph.agent_id, count(*) FILTER (WHERE e.event_label LIKE 'video%') AS videos,
                       count(*) FILTER (WHERE e.event_label LIKE 'chatbot%') AS chats
                  FROM @s.user_events e JOIN @s.policyholders ph ON ph.user_id = e.user_id
                 WHERE e.occurred_at >= {1} AND e.occurred_at < {2} AND e.event_type = 'feature_use'
                 GROUP BY ph.agent_id),
            book AS (
                SELECT agent_id, sum(premium_amount) AS premium, count(DISTINCT policyholder_id) AS holders
                  FROM @s.insurance_policies WHERE status = 'active' GROUP BY agent_id),
            added AS (
                SELECT agent_id, count(*) AS n FROM @s.policyholders
                 WHERE created_at >= {1} AND created_at < {2} GROUP BY agent_id),
            touched AS (
                SELECT agent_id, count(*) AS n FROM @s.callback_activities
                 WHERE created_at >= {1} AND created_at < {2} AND agent_id IS NOT NULL GROUP BY agent_id),
            messages AS (
                SELECT agent_id, count(*) AS n,
                       count(*) FILTER (WHERE NOT is_from_customer
                                          AND whatsapp_status IN ('sent', 'delivered', 'read', 'played')) AS sent,
                       count(*) FILTER (WHERE NOT is_from_customer
                                          AND whatsapp_status IN ('delivered', 'read', 'played')) AS delivered,
                       count(*) FILTER (WHERE NOT is_from_customer AND whatsapp_status IN ('read', 'played')) AS seen
                  FROM @s.whatsapp_messages
                 WHERE created_at >= {1} AND created_at < {2} AND agent_id IS NOT NULL GROUP BY agent_id),
            handled AS (
                SELECT agent_id, count(*) AS n, avg(satisfaction_rating) AS satisfaction
                  FROM @s.callback_requests
                 WHERE status = 'completed' AND completed_at >= {1} AND completed_at < {2} AND agent_id IS NOT NULL
                 GROUP BY agent_id),
            responded AS (
                SELECT c.agent_id, avg(extract(epoch FROM t.actual_time - c.created_at) / 3600) AS hours
                  FROM @s.callback_sla_tracking t
                  JOIN @s.callback_requests c ON c.callback_request_id = t.callback_request_id
                 WHERE t.sla_type = 'first_response' AND t.actual_time >= {1} AND t.actual_time < {2}
                   AND c.agent_id IS NOT NULL
                 GROUP BY c.agent_id),
            applied AS (
                SELECT agent_id, 100.0 * count(*) FILTER (WHERE status IN @issued) / count(*) AS rate
                  FROM @s.insurance_policies WHERE application_date = {0} GROUP BY agent_id),
            callbacks AS (
                SELECT agent_id,
                       count(*) FILTER (WHERE assigned_at >= {1} AND assigned_at < {2}) AS assigned,
                       count(*) FILTER (WHERE resolved) AS resolved,
                       count(*) FILTER (WHERE resolved AND completed_at <= due) AS in_time
                  FROM (SELECT agent_id, assigned_at, completed_at,
                               status = 'completed' AND completed_at >= {1} AND completed_at < {2} AS resolved,
                               coalesce(due_at, created_at + make_interval(hours => sla_hours)) AS due
                          FROM @s.callback_requests
                         WHERE agent_id IS NOT NULL
                           AND ((assigned_at >= {1} AND assigned_at < {2})
                                OR (completed_at >= {1} AND completed_at < {2}))) c
                 GROUP BY agent_id),
            written AS (
                INSERT INTO @s.agent_performance AS ap
                       (agent_id, metric_date, metric_period, policies_sold, premium_collected,
                        premium_under_management, new_policyholders, active_policyholders, customer_interactions,
                        whatsapp_messages, callbacks_handled, customer_satisfaction, response_time_hours,
                        conversion_rate, renewals_due, renewals_collected, lapses, revivals, whatsapp_sent,
                        whatsapp_delivered, whatsapp_read, video_content_views, chatbot_conversations,
                        callbacks_assigned, callbacks_resolved, callbacks_resolved_in_time)
                SELECT a.agent_id, {0}, 'daily', coalesce(sold.n, 0), coalesce(paid.amount, 0),
                       coalesce(book.premium, 0), coalesce(added.n, 0), coalesce(book.holders, 0),
                       coalesce(touched.n, 0), coalesce(messages.n, 0), coalesce(handled.n, 0),
                       round(handled.satisfaction, 2), round((CASE WHEN responded.hours > 9999.99 THEN 9999.99 ELSE responded.hours END)::numeric, 2),
                       round(applied.rate, 2), coalesce(due.n, 0), coalesce(paid.n, 0), coalesce(lapsed.n, 0),
                       coalesce(paid.revived, 0), coalesce(messages.sent, 0), coalesce(messages.delivered, 0),
                       coalesce(messages.seen, 0), coalesce(engaged.videos, 0), coalesce(engaged.chats, 0),
                       coalesce(callbacks.assigned, 0), coalesce(callbacks.resolved, 0), coalesce(callbacks.in_time, 0)
                  FROM @s.agents a
                  LEFT JOIN sold ON sold.agent_id = a.agent_id
                  LEFT JOIN paid ON paid.agent_id = a.agent_id
                  LEFT JOIN book ON book.agent_id = a.agent_id
                  LEFT JOIN added ON added.agent_id = a.agent_id
                  LEFT JOIN touched ON touched.agent_id = a.agent_id
                  LEFT JOIN messages ON messages.agent_id = a.agent_id
                  LEFT JOIN handled ON handled.agent_id = a.agent_id
                  LEFT JOIN responded ON responded.agent_id = a.agent_id
                  LEFT JOIN applied ON applied.agent_id = a.agent_id
                  LEFT JOIN due ON due.agent_id = a.agent_id
                  LEFT JOIN lapsed ON lapsed.agent_id = a.agent_id
                  LEFT JOIN engaged ON engaged.agent_id = a.agent_id
                  LEFT JOIN callbacks ON callbacks.agent_id = a.agent_id
                ON CONFLICT (agent_id, metric_date, metric_period) DO UPDATE SET
                       policies_sold = excluded.policies_sold,
                       premium_collected = excluded.premium_collected,
                       premium_under_management = excluded.premium_under_management,
                       new_policyholders = excluded.new_policyholders,
                       active_policyholders = excluded.active_policyholders,
                       customer_interactions = excluded.customer_interactions,
                       whatsapp_messages = excluded.whatsapp_messages,
                       callbacks_handled = excluded.callbacks_handled,
                       customer_satisfaction = excluded.customer_satisfaction,
                       response_time_hours = excluded.response_time_hours,
                       conversion_rate = excluded.conversion_rate,
                       renewals_due = excluded.renewals_due,
                       renewals_collected = excluded.renewals_collected,
                       lapses = excluded.lapses,
                       revivals = excluded.revivals,
                       whatsapp_sent = excluded.whatsapp_sent,
                       whatsapp_delivered = excluded.whatsapp_delivered,
                       whatsapp_read = excluded.whatsapp_read,
                       video_content_views = excluded.video_content_views,
                       chatbot_conversations = excluded.chatbot_conversations,
                       callbacks_assigned = excluded.callbacks_assigned,
                       callbacks_resolved = excluded.callbacks_resolved,
                       callbacks_resolved_in_time = excluded.callbacks_resolved_in_time
                RETURNING 1)
            SELECT count(*) FROM written
            """;

    /**
     * The tenant's callback day: callbacks opened that day (total, by priority, type and source), resolved that day
     * (count, average minutes from opening to completion, SLA compliance = completed by its due time, satisfaction),
     * first responses that day (average minutes from opening), and per agent the callbacks assigned and resolved.
     */
    private static final String CALLBACK_METRICS_DAILY = """
            WITH opened AS (
                SELECT priority::text AS priority, request_type, source FROM @s.callback_requests
                 WHERE created_at >= {1} AND created_at < {2}),
            resolved AS (
                SELECT created_at, completed_at, coalesce(due_at, created_at + make_interval(hours => sla_hours)) AS due_at,
                       satisfaction_rating
                  FROM @s.callback_requests
                 WHERE status = 'completed' AND completed_at >= {1} AND completed_at < {2}),
            first_responses AS (
                SELECT extract(epoch FROM t.actual_time - c.created_at) / 60 AS minutes
                  FROM @s.callback_sla_tracking t
                  JOIN @s.callback_requests c ON c.callback_request_id = t.callback_request_id
                 WHERE t.sla_type = 'first_response' AND t.actual_time >= {1} AND t.actual_time < {2}),
            per_agent AS (
                SELECT agent_id,
                       count(*) FILTER (WHERE assigned_at >= {1} AND assigned_at < {2}) AS assigned,
                       count(*) FILTER (WHERE status = 'completed' AND completed_at >= {1} AND completed_at < {2}) AS resolved
                  FROM @s.callback_requests
                 WHERE agent_id IS NOT NULL
                   AND ((assigned_at >= {1} AND assigned_at < {2}) OR (completed_at >= {1} AND completed_at < {2}))
                 GROUP BY agent_id),
            written AS (
                INSERT INTO @s.callback_metrics_daily AS m
                       (date, total_callbacks, resolved_callbacks, avg_resolution_time_minutes,
                        avg_first_response_time_minutes, sla_compliance_percentage, customer_satisfaction_avg,
                        callbacks_by_priority, callbacks_by_type, callbacks_by_source, agent_performance)
                SELECT {0},
                       (SELECT count(*) FROM opened),
                       (SELECT count(*) FROM resolved),
                       (SELECT round((CASE WHEN m > 999999.99 THEN 999999.99 ELSE m END)::numeric, 2)
                          FROM (SELECT avg(extract(epoch FROM completed_at - created_at) / 60) AS m FROM resolved) x),
                       (SELECT round((CASE WHEN m > 999999.99 THEN 999999.99 ELSE m END)::numeric, 2)
                          FROM (SELECT avg(minutes) AS m FROM first_responses) x),
                       (SELECT round(100.0 * count(*) FILTER (WHERE completed_at <= due_at) / nullif(count(*), 0), 2)
                          FROM resolved),
                       (SELECT round(avg(satisfaction_rating), 2) FROM resolved),
                       coalesce((SELECT jsonb_object_agg(priority, n)
                                   FROM (SELECT priority, count(*) AS n FROM opened GROUP BY priority) x), '{}'::jsonb),
                       coalesce((SELECT jsonb_object_agg(request_type, n)
                                   FROM (SELECT request_type, count(*) AS n FROM opened GROUP BY request_type) x), '{}'::jsonb),
                       coalesce((SELECT jsonb_object_agg(source, n)
                                   FROM (SELECT source, count(*) AS n FROM opened GROUP BY source) x), '{}'::jsonb),
                       coalesce((SELECT jsonb_object_agg(agent_id::text,
                                                         jsonb_build_object('assigned', assigned, 'resolved', resolved))
                                   FROM per_agent), '{}'::jsonb)
                ON CONFLICT (tenant_id, date) DO UPDATE SET
                       total_callbacks = excluded.total_callbacks,
                       resolved_callbacks = excluded.resolved_callbacks,
                       avg_resolution_time_minutes = excluded.avg_resolution_time_minutes,
                       avg_first_response_time_minutes = excluded.avg_first_response_time_minutes,
                       sla_compliance_percentage = excluded.sla_compliance_percentage,
                       customer_satisfaction_avg = excluded.customer_satisfaction_avg,
                       callbacks_by_priority = excluded.callbacks_by_priority,
                       callbacks_by_type = excluded.callbacks_by_type,
                       callbacks_by_source = excluded.callbacks_by_source,
                       agent_performance = excluded.agent_performance
                RETURNING 1)
            SELECT count(*) FROM written
            """;

    /**
     * One row per agent with a callback assigned or resolved that day (assigned that day by priority; resolved:
     * count, average minutes to resolve, SLA compliance, satisfaction). Rows of that day for agents with no such
     * callback any more (a rerun after a reassignment) are removed in the same statement.
     */
    private static final String AGENT_CALLBACK_PERFORMANCE = """
            WITH day AS (
                SELECT agent_id, priority::text AS priority,
                       assigned_at >= {1} AND assigned_at < {2} AS assigned,
                       status = 'completed' AND completed_at >= {1} AND completed_at < {2} AS resolved,
                       created_at, completed_at,
                       coalesce(due_at, created_at + make_interval(hours => sla_hours)) AS due_at, satisfaction_rating
                  FROM @s.callback_requests
                 WHERE agent_id IS NOT NULL
                   AND ((assigned_at >= {1} AND assigned_at < {2}) OR (completed_at >= {1} AND completed_at < {2}))),
            by_agent AS (
                SELECT agent_id,
                       count(*) FILTER (WHERE assigned) AS total_assigned,
                       count(*) FILTER (WHERE resolved) AS total_resolved,
                       avg(extract(epoch FROM completed_at - created_at) / 60) FILTER (WHERE resolved) AS resolution_minutes,
                       round(100.0 * count(*) FILTER (WHERE resolved AND completed_at <= due_at)
                             / nullif(count(*) FILTER (WHERE resolved), 0), 2) AS sla_percentage,
                       round(avg(satisfaction_rating) FILTER (WHERE resolved), 2) AS satisfaction
                  FROM day GROUP BY agent_id),
            by_priority AS (
                SELECT agent_id, jsonb_object_agg(priority, n) AS priorities
                  FROM (SELECT agent_id, priority, count(*) AS n FROM day WHERE assigned GROUP BY agent_id, priority) x
                 GROUP BY agent_id),
            written AS (
                INSERT INTO @s.agent_callback_performance AS acp
                       (agent_id, date, total_assigned, total_resolved, avg_resolution_time_minutes,
                        sla_compliance_percentage, customer_satisfaction_avg, callbacks_by_priority)
                SELECT b.agent_id, {0}, b.total_assigned, b.total_resolved,
                       round((CASE WHEN b.resolution_minutes > 999999.99 THEN 999999.99
                                   ELSE b.resolution_minutes END)::numeric, 2),
                       b.sla_percentage,
                       b.satisfaction, coalesce(p.priorities, '{}'::jsonb)
                  FROM by_agent b LEFT JOIN by_priority p ON p.agent_id = b.agent_id
                ON CONFLICT (agent_id, date) DO UPDATE SET
                       total_assigned = excluded.total_assigned,
                       total_resolved = excluded.total_resolved,
                       avg_resolution_time_minutes = excluded.avg_resolution_time_minutes,
                       sla_compliance_percentage = excluded.sla_compliance_percentage,
                       customer_satisfaction_avg = excluded.customer_satisfaction_avg,
                       callbacks_by_priority = excluded.callbacks_by_priority
                RETURNING agent_id),
            stale AS (
                DELETE FROM @s.agent_callback_performance
                 WHERE date = {0} AND agent_id NOT IN (SELECT agent_id FROM written))
            SELECT count(*) FROM written
            """;

    /**
     * The app's usage of the day per user (issue 17): one {@code session_analytics} row per user with events that
     * day, {@code event_type} 'activity' at the day's start (IST), {@code event_data} {@code {"rollup": "daily",
     * "day", "events", "screenViews", "featureUses", "sessions", "firstAt", "lastAt"}}. The day's roll-up rows are
     * replaced in the same statement, so a rerun writes the same rows.
     */
    private static final String SESSION_ANALYTICS = """
            WITH cleared AS (
                DELETE FROM @s.session_analytics
                 WHERE occurred_at = {1} AND event_type = 'activity' AND event_data ->> 'rollup' = 'daily'
                RETURNING 1),
            written AS (
                INSERT INTO @s.session_analytics (user_id, event_type, event_data, occurred_at)
                SELECT user_id, 'activity',
                       jsonb_build_object('rollup', 'daily', 'day', {0}::text, 'events', count(*),
                           'screenViews', count(*) FILTER (WHERE event_type = 'screen_view'),
                           'featureUses', count(*) FILTER (WHERE event_type = 'feature_use'),
                           'sessions', count(*) FILTER (WHERE event_type = 'session_start'),
                           'firstAt', min(occurred_at), 'lastAt', max(occurred_at)),
                       {1}
                  FROM @s.user_events
                 WHERE occurred_at >= {1} AND occurred_at < {2} AND user_id IS NOT NULL
                 GROUP BY user_id
                RETURNING 1)
            SELECT (SELECT count(*) FROM written) + 0 * (SELECT count(*) FROM cleared)
            """;

    long sessionAnalytics(DSLContext tx, Tenant tenant, LocalDate day) {
        return run(tx, tenant, SESSION_ANALYTICS, day);
    }

    long agentPerformance(DSLContext tx, Tenant tenant, LocalDate day) {
        return run(tx, tenant, AGENT_PERFORMANCE, day);
    }

    long callbackMetricsDaily(DSLContext tx, Tenant tenant, LocalDate day) {
        return run(tx, tenant, CALLBACK_METRICS_DAILY, day);
    }

    long agentCallbackPerformance(DSLContext tx, Tenant tenant, LocalDate day) {
        return run(tx, tenant, AGENT_CALLBACK_PERFORMANCE, day);
    }

    /**
     * Tenant V191: the month of {@code day} rolled up again from its day rows ({@code monthly} and
     * {@code month_to_date} rows, replaced, never added); the number of agents with a month row.
     */
    long rollupMonth(DSLContext tx, Tenant tenant, LocalDate day) {
        return tx.resultQuery("SELECT " + tenant.schema() + ".rollup_agent_performance_month({0})", DSL.val(day))
                .fetchSingle(0, Long.class);
    }

    /** REFRESH MATERIALIZED VIEW CONCURRENTLY through the tenant's owner function (tenant V022). */
    void refreshDashboard(DSLContext tx, Tenant tenant) {
        tx.resultQuery("SELECT " + tenant.schema() + ".refresh_agent_dashboard_metrics()").fetch();
    }

    private static long run(DSLContext tx, Tenant tenant, String sql, LocalDate day) {
        OffsetDateTime start = day.atStartOfDay(MetricsDays.INDIA).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = day.plusDays(1).atStartOfDay(MetricsDays.INDIA).toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        String text = sql.replace("@issued", ISSUED).replace("@s.", tenant.schema() + ".");
        return tx.resultQuery(text, DSL.val(day), DSL.val(start), DSL.val(end)).fetchSingle(0, Long.class);
    }
}
