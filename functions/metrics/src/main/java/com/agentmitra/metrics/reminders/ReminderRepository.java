package com.agentmitra.metrics.reminders;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The daily job's SQL: each selection is one set-based statement that claims its messages in
 * {@code scheduled_messages} (unique idempotency key, {@code ON CONFLICT DO NOTHING}), so a rerun or an overlapping
 * run claims nothing twice; then claimed messages are leased in batches ({@code FOR UPDATE SKIP LOCKED}), queued,
 * and marked queued. Plain SQL over the tenant's schema (a validated identifier).
 */
final class ReminderRepository {

    /** The agent's name as the templates show it (as the dashboard view names agents, tenant V022). */
    private static final String AGENT_NAME = "coalesce(nullif(u.display_name, ''),"
            + " nullif(btrim(concat_ws(' ', u.first_name, u.last_name)), ''), a.business_name, a.agent_code)";
    private static final String LANGUAGE = "CASE WHEN h.preferred_language = 'hi' THEN 'hi' ELSE 'en' END";
    /** An agent's messages go in the agent's own language preference, by the same rule as the customer's. */
    private static final String AGENT_LANGUAGE = "CASE WHEN u.language_preference = 'hi' THEN 'hi' ELSE 'en' END";
    /**
     * The customer's notification categories (tenant V100, set in the app): a missing key, a JSON null or a NULL
     * column means on. {@code premiumReminders} governs every message about their policies (premium due, grace,
     * lapse and maturity notices: all are reminders about the policy they pay for); {@code greetingsAndOffers} the
     * birthday greeting.
     */
    private static final String PREMIUM_ON = "coalesce(h.communication_preferences ->> 'premiumReminders', 'true')"
            + " <> 'false'";
    private static final String GREETINGS_ON = "coalesce(h.communication_preferences ->> 'greetingsAndOffers', 'true')"
            + " <> 'false'";
    private static final String GRACE_END = "CASE WHEN p.premium_frequency = 'monthly' THEN p.next_payment_date + {2}"
            + " ELSE greatest((p.next_payment_date + interval '1 month')::date, p.next_payment_date + {3}) END";
    private static final String CLAIM_COLUMNS = "(idempotency_key, kind, policy_id, policyholder_id, agent_id,"
            + " due_date, step, recipient, language, details, status, skip_reason, expires_on)";
    /**
     * Utility messages go to customers who opted in to WhatsApp, have a number and keep premium reminders on; the
     * others' steps are recorded skipped, with the first reason that applies.
     */
    private static final String CUSTOMER_STATUS = "CASE WHEN h.whatsapp_utility_opt_in AND h.phone_number IS NOT NULL"
            + " AND @premium_on THEN 'pending' ELSE 'skipped' END";
    private static final String CUSTOMER_SKIP = "CASE WHEN NOT h.whatsapp_utility_opt_in THEN 'not_opted_in'"
            + " WHEN h.phone_number IS NULL THEN 'no_phone' WHEN NOT (@premium_on) THEN 'preference_off' END";

    /**
     * Active premium-paying policies whose grace period ended before today: lapsed, with the day and the revival
     * deadline (5 years from the first unpaid premium, which {@code next_payment_date} is), and a lapse notice
     * claimed for the customer and for the agent, in one statement. {0} today, {1} the shortest grace (so the
     * partial index on next_payment_date bounds the scan), {2} {3} grace days (monthly, other modes);
     * {@code @lapsable} the statuses that may lapse (the policies module's state machine), inlined so the planner
     * sees they imply the index's {@code status = 'active'}.
     */
    private static final String LAPSE = """
            WITH lapsed AS (
                UPDATE @s.insurance_policies p
                   SET status = 'lapsed', sub_status = 'grace period ended', payment_status = 'overdue',
                       lapsed_on = {0}, revival_deadline = (p.next_payment_date + interval '5 years')::date
                 WHERE p.status IN @lapsable
                   AND p.premium_frequency <> 'single'
                   AND p.next_payment_date < {0} - {1}
                   AND @grace_end < {0}
                RETURNING p.policy_id, p.policyholder_id, p.agent_id, p.policy_number,
                          p.next_payment_date AS due_date, p.revival_deadline),
            people AS (
                SELECT l.*, h.full_name AS customer_name, h.phone_number AS customer_phone,
                       @customer_status AS customer_status, @customer_skip AS customer_skip,
                       @language AS language, @agent_name AS agent_name
                  FROM lapsed l
                  JOIN @s.policyholders h ON h.policyholder_id = l.policyholder_id
                  LEFT JOIN @s.agents a ON a.agent_id = l.agent_id
                  LEFT JOIN @s.users u ON u.user_id = a.user_id),
            notices AS (
                INSERT INTO @s.scheduled_messages @columns
                SELECT 'policy-lapsed:' || policy_id || ':' || due_date || ':customer', 'lapse_customer', policy_id,
                       policyholder_id, agent_id, due_date, 'lapsed', customer_phone, language,
                       jsonb_build_object('customerName', customer_name, 'policyNumber', policy_number,
                                          'dueDate', due_date, 'agentName', agent_name),
                       customer_status, customer_skip, {0} + 7
                  FROM people
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING status)
            SELECT (SELECT count(*) FROM lapsed), count(*) FILTER (WHERE status = 'pending'),
                   count(*) FILTER (WHERE status = 'skipped')
              FROM notices
            """;

    /**
     * The agents' daily digest (issue 21): one message per agent per day, never one per policy, to each agent with
     * policies lapsed today: how many lapsed today and how many premiums of theirs fall due in the coming week (today
     * and the six days after); the detail is in the portal. A first run over a large imported book lapses its whole
     * backlog in one statement, and this summarises it the same way (48,612 lapsed: one message). Keyed
     * {@code agent-digest:<agent>:<day>}, so a rerun the same day claims nothing. {0} today.
     */
    private static final String AGENT_DIGESTS = """
            WITH lapsed AS (
                SELECT p.agent_id, count(*) AS n
                  FROM @s.insurance_policies p
                 WHERE p.lapsed_on = {0} AND p.status = 'lapsed' AND p.agent_id IS NOT NULL
                 GROUP BY p.agent_id),
            due AS (
                SELECT p.agent_id, count(*) AS n
                  FROM @s.insurance_policies p
                 WHERE p.status = 'active' AND p.premium_frequency <> 'single'
                   AND p.next_payment_date BETWEEN {0} AND {0} + 6
                   AND p.agent_id IN (SELECT agent_id FROM lapsed)
                 GROUP BY p.agent_id),
            digests AS (
                INSERT INTO @s.scheduled_messages @columns
                SELECT 'agent-digest:' || l.agent_id || ':' || {0}, 'agent_digest', NULL, NULL, l.agent_id, {0},
                       'daily', coalesce(a.whatsapp_business_number, u.phone_number), @agent_language,
                       jsonb_build_object('agentName', @agent_name, 'lapsedToday', l.n,
                                          'dueThisWeek', coalesce(d.n, 0)),
                       CASE WHEN coalesce(a.whatsapp_business_number, u.phone_number) IS NOT NULL
                            THEN 'pending' ELSE 'skipped' END,
                       CASE WHEN coalesce(a.whatsapp_business_number, u.phone_number) IS NULL THEN 'no_phone' END,
                       {0} + 1
                  FROM lapsed l
                  JOIN @s.agents a ON a.agent_id = l.agent_id
                  LEFT JOIN @s.users u ON u.user_id = a.user_id
                  LEFT JOIN due d ON d.agent_id = l.agent_id
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING status)
            SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'skipped')
              FROM digests
            """;

    /**
     * Premium reminders: for each active policy with a premium due soon or inside its grace period, the latest step
     * whose date has come (see {@link ReminderSteps}), unless already claimed. {0} today, {1} how far back a due date
     * can lie (longest grace), {2} {3} grace days, {4} {5} {6} the steps (days before due, after due, before grace
     * ends), {7} how far ahead.
     */
    private static final String PREMIUM_REMINDERS = """
            WITH due AS (
                SELECT p.policy_id, p.policyholder_id, p.agent_id, p.policy_number, p.premium_amount,
                       p.next_payment_date AS due_date, @grace_end AS grace_end
                  FROM @s.insurance_policies p
                 WHERE p.status = 'active' AND p.premium_frequency <> 'single'
                   AND p.next_payment_date BETWEEN {0} - {1} AND {0} + {7}),
            current_step AS (
                SELECT DISTINCT ON (d.policy_id) d.*, s.step, s.kind,
                       'premium-reminder:' || d.policy_id || ':' || d.due_date || ':' || s.step AS idempotency_key
                  FROM due d
                  CROSS JOIN LATERAL (
                      SELECT 'due-' || n AS step, 'premium_due' AS kind, d.due_date - n AS step_date, 2 AS rank
                        FROM unnest({4}::int[]) n
                      UNION ALL
                      SELECT 'grace+' || n, 'grace_period', d.due_date + n, 1
                        FROM unnest({5}::int[]) n WHERE d.due_date + n <= d.grace_end
                      UNION ALL
                      SELECT 'grace-end-' || n, 'grace_period', d.grace_end - n, 0
                        FROM unnest({6}::int[]) n WHERE d.grace_end - n > d.due_date) s
                 WHERE d.grace_end >= {0} AND s.step_date <= {0}
                 ORDER BY d.policy_id, s.step_date DESC, s.rank),
            claimed AS (
                INSERT INTO @s.scheduled_messages @columns
                SELECT c.idempotency_key, c.kind, c.policy_id, c.policyholder_id, c.agent_id, c.due_date, c.step,
                       h.phone_number, @language,
                       jsonb_build_object('customerName', h.full_name, 'policyNumber', c.policy_number,
                                          'amount', c.premium_amount, 'dueDate', c.due_date, 'graceEnd', c.grace_end),
                       @customer_status, @customer_skip, c.grace_end
                  FROM current_step c
                  JOIN @s.policyholders h ON h.policyholder_id = c.policyholder_id
                 WHERE NOT EXISTS (SELECT 1 FROM @s.scheduled_messages m
                                    WHERE m.policy_id = c.policy_id AND m.due_date = c.due_date AND m.step = c.step)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING status)
            SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'skipped') FROM claimed
            """;

    /** Maturity reminders: active policies maturing within {1} days after today {0}, once per maturity date. */
    private static final String MATURITY_REMINDERS = """
            WITH maturing AS (
                SELECT p.policy_id, p.policyholder_id, p.agent_id, p.policy_number, p.maturity_date,
                       'maturity:' || p.policy_id || ':' || p.maturity_date AS idempotency_key
                  FROM @s.insurance_policies p
                 WHERE p.status = 'active' AND p.maturity_date > {0} AND p.maturity_date <= {0} + {1}),
            claimed AS (
                INSERT INTO @s.scheduled_messages @columns
                SELECT m.idempotency_key, 'maturity', m.policy_id, m.policyholder_id, m.agent_id, m.maturity_date,
                       'maturity-' || {1}, h.phone_number, @language,
                       jsonb_build_object('customerName', h.full_name, 'policyNumber', m.policy_number,
                                          'maturityDate', m.maturity_date, 'agentName', @agent_name),
                       @customer_status, @customer_skip, m.maturity_date
                  FROM maturing m
                  JOIN @s.policyholders h ON h.policyholder_id = m.policyholder_id
                  LEFT JOIN @s.agents a ON a.agent_id = m.agent_id
                  LEFT JOIN @s.users u ON u.user_id = a.user_id
                 WHERE NOT EXISTS (SELECT 1 FROM @s.scheduled_messages s WHERE s.idempotency_key = m.idempotency_key)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING status)
            SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'skipped') FROM claimed
            """;

    /**
     * Birthday greetings (a MARKETING template): only customers who opted in to WhatsApp marketing and gave
     * marketing consent; 29 February birthdays are greeted on 28 February in other years. {0} today, {1} month,
     * {2} day, {3} whether today also greets 29 February birthdays, {4} the year.
     */
    private static final String BIRTHDAYS = """
            WITH born AS (
                SELECT h.policyholder_id, h.agent_id, h.full_name, h.phone_number, @language AS language,
                       'birthday:' || h.policyholder_id || ':' || {4} AS idempotency_key
                  FROM @s.policyholders h
                 WHERE ((extract(month FROM h.date_of_birth) = {1} AND extract(day FROM h.date_of_birth) = {2})
                        OR ({3} AND extract(month FROM h.date_of_birth) = 2 AND extract(day FROM h.date_of_birth) = 29))
                   AND h.whatsapp_marketing_opt_in AND h.marketing_consent AND h.phone_number IS NOT NULL
                   AND @greetings_on),
            claimed AS (
                INSERT INTO @s.scheduled_messages @columns
                SELECT b.idempotency_key, 'birthday', NULL, b.policyholder_id, b.agent_id, NULL, 'birthday',
                       b.phone_number, b.language,
                       jsonb_build_object('customerName', b.full_name, 'agentName', @agent_name),
                       'pending', NULL, {0}
                  FROM born b
                  LEFT JOIN @s.agents a ON a.agent_id = b.agent_id
                  LEFT JOIN @s.users u ON u.user_id = a.user_id
                 WHERE NOT EXISTS (SELECT 1 FROM @s.scheduled_messages s WHERE s.idempotency_key = b.idempotency_key)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING status)
            SELECT count(*), 0 FROM claimed
            """;

    /** Claims that can no longer be sent: their day has passed, or the premium was paid or the policy left active. */
    private static final String RETIRE = """
            WITH expired AS (
                UPDATE @s.scheduled_messages SET status = 'expired', sending_until = NULL
                 WHERE status = 'pending' AND expires_on < {0}
                RETURNING 1),
            cancelled AS (
                UPDATE @s.scheduled_messages m SET status = 'cancelled', sending_until = NULL
                  FROM @s.insurance_policies p
                 WHERE m.status = 'pending' AND m.kind IN ('premium_due', 'grace_period') AND p.policy_id = m.policy_id
                   AND (p.status <> 'active' OR p.next_payment_date IS DISTINCT FROM m.due_date)
                RETURNING 1)
            SELECT (SELECT count(*) FROM expired), (SELECT count(*) FROM cancelled)
            """;

    /**
     * Leases the next batch of pending claims to this run (skipping those another run holds), checking each
     * customer message against the customer as they are now: one whose customer has since withdrawn consent for its
     * purpose (utility: premium, grace, lapse, maturity; marketing: the birthday greeting), switched its category off
     * in the app, or been erased is cancelled instead, in the same statement, and never queued. The agent's own
     * lapse notice is not the customer's to stop. Answers the leased and the cancelled rows ({@code cancelled}).
     */
    private static final String LEASE = """
            WITH candidates AS (
                SELECT m.message_id,
                       CASE WHEN m.kind IN ('premium_due', 'grace_period', 'lapse_customer', 'maturity') THEN
                                CASE WHEN h.erased_at IS NOT NULL THEN 'erased'
                                     WHEN NOT h.whatsapp_utility_opt_in THEN 'consent_withdrawn'
                                     WHEN NOT (@premium_on) THEN 'preference_off' END
                            WHEN m.kind = 'birthday' THEN
                                CASE WHEN h.erased_at IS NOT NULL THEN 'erased'
                                     WHEN NOT (h.whatsapp_marketing_opt_in AND h.marketing_consent)
                                          THEN 'consent_withdrawn'
                                     WHEN NOT (@greetings_on) THEN 'preference_off' END
                       END AS stop_reason
                  FROM @s.scheduled_messages m
                  LEFT JOIN @s.policyholders h ON h.policyholder_id = m.policyholder_id
                 WHERE m.status = 'pending' AND (m.sending_until IS NULL OR m.sending_until < {0})
                 ORDER BY m.created_at, m.message_id
                 LIMIT {2}
                 FOR UPDATE OF m SKIP LOCKED),
            cancelled AS (
                UPDATE @s.scheduled_messages m
                   SET status = 'cancelled', skip_reason = c.stop_reason, sending_until = NULL
                  FROM candidates c
                 WHERE m.message_id = c.message_id AND c.stop_reason IS NOT NULL
                RETURNING m.message_id, m.idempotency_key, m.kind, m.recipient, m.language, m.details::text,
                          true AS cancelled),
            leased AS (
                UPDATE @s.scheduled_messages m SET sending_until = {1}, attempts = m.attempts + 1
                  FROM candidates c
                 WHERE m.message_id = c.message_id AND c.stop_reason IS NULL
                RETURNING m.message_id, m.idempotency_key, m.kind, m.recipient, m.language, m.details::text,
                          false AS cancelled)
            SELECT * FROM leased
            UNION ALL
            SELECT * FROM cancelled
            """;

    private static final String MARK_QUEUED = """
            UPDATE @s.scheduled_messages SET status = 'queued', queued_at = {0}, sending_until = NULL
             WHERE message_id = ANY({1}::uuid[]) AND status = 'pending'
            """;

    /** Counts of one claiming statement. */
    record Claimed(long pending, long skipped) {}

    /** Counts of the lapse statement. */
    record Lapsed(long policies, long noticesPending, long noticesSkipped) {}

    Lapsed lapse(DSLContext tx, Tenant tenant, LocalDate today, Collection<String> lapsableStatuses, GracePeriod grace) {
        String lapsable = lapsableStatuses.stream().map(status -> DSL.inline(status).toString())
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        var row = tx.resultQuery(sql(LAPSE, tenant).replace("@lapsable", lapsable), DSL.val(today),
                DSL.val(Math.min(grace.monthlyDays(), grace.otherDays())), DSL.val(grace.monthlyDays()),
                DSL.val(grace.otherDays())).fetchSingle();
        return new Lapsed(row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class));
    }

    Claimed agentDigests(DSLContext tx, Tenant tenant, LocalDate today) {
        return claimed(tx.resultQuery(sql(AGENT_DIGESTS, tenant), DSL.val(today)).fetchSingle());
    }

    Claimed premiumReminders(DSLContext tx, Tenant tenant, LocalDate today, ReminderSettings settings) {
        ReminderSteps steps = settings.steps();
        return claimed(tx.resultQuery(sql(PREMIUM_REMINDERS, tenant), DSL.val(today),
                DSL.val(settings.grace().longestDays()), DSL.val(settings.grace().monthlyDays()),
                DSL.val(settings.grace().otherDays()), ints(steps.daysBeforeDue()), ints(steps.daysAfterDue()),
                ints(steps.daysBeforeGraceEnds()), DSL.val(steps.longestLead())).fetchSingle());
    }

    Claimed maturityReminders(DSLContext tx, Tenant tenant, LocalDate today, int daysAhead) {
        return claimed(tx.resultQuery(sql(MATURITY_REMINDERS, tenant), DSL.val(today), DSL.val(daysAhead))
                .fetchSingle());
    }

    Claimed birthdays(DSLContext tx, Tenant tenant, LocalDate today) {
        boolean leapDayToo = today.getMonthValue() == 2 && today.getDayOfMonth() == 28 && !today.isLeapYear();
        return claimed(tx.resultQuery(sql(BIRTHDAYS, tenant), DSL.val(today), DSL.val(today.getMonthValue()),
                DSL.val(today.getDayOfMonth()), DSL.val(leapDayToo), DSL.val(today.getYear())).fetchSingle());
    }

    /** Expired and cancelled claims. */
    long[] retire(DSLContext tx, Tenant tenant, LocalDate today) {
        var row = tx.resultQuery(sql(RETIRE, tenant), DSL.val(today)).fetchSingle();
        return new long[] {row.get(0, Long.class), row.get(1, Long.class)};
    }

    /** A leased batch: the messages to queue, and how many pending claims were cancelled instead. */
    record Leased(List<ScheduledMessage> messages, long cancelled) {
        Leased {
            messages = List.copyOf(messages);
        }

        boolean isEmpty() {
            return messages.isEmpty() && cancelled == 0;
        }
    }

    Leased lease(DSLContext tx, Tenant tenant, Instant now, Duration lease, int batch) {
        List<ScheduledMessage> messages = new java.util.ArrayList<>();
        long cancelled = 0;
        for (org.jooq.Record row : tx.resultQuery(sql(LEASE, tenant), DSL.val(utc(now)), DSL.val(utc(now.plus(lease))),
                DSL.val(batch)).fetch()) {
            if (row.get(6, Boolean.class)) {
                cancelled++;
            } else {
                messages.add(new ScheduledMessage(row.get(0, UUID.class), row.get(1, String.class),
                        MessageKind.fromSql(row.get(2, String.class)), row.get(3, String.class),
                        row.get(4, String.class), json(row.get(5, String.class))));
            }
        }
        return new Leased(messages, cancelled);
    }

    void markQueued(DSLContext tx, Tenant tenant, Collection<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            tx.query(sql(MARK_QUEUED, tenant), DSL.val(utc(now)), DSL.val(ids.toArray(UUID[]::new))).execute();
        }
    }

    /** The tenant's configuration values of these keys, as JSON text. */
    Optional<String> config(DSLContext tx, Tenant tenant, String key) {
        return tx.resultQuery("select config_value::text from shared.tenant_config where tenant_id = {0}"
                + " and config_key = {1}", DSL.val(tenant.id()), DSL.val(key)).fetchOptional(0, String.class);
    }

    private static Claimed claimed(org.jooq.Record row) {
        return new Claimed(row.get(0, Long.class), row.get(1, Long.class));
    }

    private static Param<Integer[]> ints(List<Integer> days) {
        return DSL.val(days.toArray(Integer[]::new), SQLDataType.INTEGER.array());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sql(String template, Tenant tenant) {
        return template.replace("@grace_end", GRACE_END)
                .replace("@agent_name", AGENT_NAME)
                .replace("@language", LANGUAGE)
                .replace("@agent_language", AGENT_LANGUAGE)
                .replace("@columns", CLAIM_COLUMNS)
                .replace("@customer_status", CUSTOMER_STATUS)
                .replace("@customer_skip", CUSTOMER_SKIP)
                .replace("@premium_on", PREMIUM_ON)
                .replace("@greetings_on", GREETINGS_ON)
                .replace("@s.", tenant.schema() + ".");
    }
}
