package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The performance routes' reads, from the nightly table {@code agent_performance} only: one set-based statement per
 * answer, as the caller, so row level security ({@code visible_agent_ids()}) decides whose rows exist. An agent
 * another caller may not see is a 404, never told apart from one that does not exist.
 *
 * <p>One agent's figures are summed from its day rows (at most 366). A team's are read from the rows the nightly job
 * rolls up (tenant V190, V191): the range's whole months from {@code monthly} rows, and its edges as differences of
 * {@code month_to_date} rows (the first month's days before {@code from} subtracted, the last month's days up to
 * {@code to} added), so any range is at most 14 rows per agent instead of one per day, with the same figures.
 */
final class Performance {

    /** Who may ask for figures at all: agents, managers and staff; policyholders and guests get 403. */
    static final Set<Role> READERS = EnumSet.of(Role.SENIOR_AGENT, Role.JUNIOR_AGENT, Role.REGIONAL_MANAGER,
            Role.SUPER_ADMIN, Role.INSURANCE_PROVIDER_ADMIN, Role.SUPPORT_STAFF);
    static final int DEFAULT_TEAM_PAGE = 200;
    static final int MAX_TEAM_PAGE = 1000;
    private static final String TEAM_CURSOR = "team-performance";
    /** Set on the {@link #TEAM} statement's last row only: the number of visible agents, beside their totals. */
    private static final String TOTAL_AGENTS = "total_agents";

    /**
     * The day rows of one agent between {0} and {1}, grouped by {@code @group}. Sums for flows, the last day's value
     * for book figures, and the weights of the weighted averages (computed in {@link Raw#values()}).
     */
    private static final String FIGURES = """
            SELECT @group AS grp, count(*) AS days,
                   sum(policies_sold) AS policies_sold, sum(premium_collected) AS premium_collected,
                   (array_agg(premium_under_management ORDER BY metric_date DESC))[1] AS premium_under_management,
                   sum(new_policyholders) AS new_customers,
                   (array_agg(active_policyholders ORDER BY metric_date DESC))[1] AS active_customers,
                   sum(renewals_due) AS renewals_due, sum(renewals_collected) AS renewals_collected,
                   sum(lapses) AS lapses, sum(revivals) AS revivals,
                   sum(callbacks_assigned) AS callbacks_assigned, sum(callbacks_handled) AS callbacks_handled,
                   100 * sum(callbacks_resolved_in_time) AS sla_points, sum(callbacks_resolved) AS sla_weight,
                   sum(customer_satisfaction * callbacks_handled) AS satisfaction_points,
                   sum(callbacks_handled) FILTER (WHERE customer_satisfaction IS NOT NULL) AS satisfaction_weight,
                   sum(whatsapp_messages) AS whatsapp_messages, sum(whatsapp_sent) AS whatsapp_sent,
                   sum(whatsapp_delivered) AS whatsapp_delivered, sum(whatsapp_read) AS whatsapp_read
              FROM @s.agent_performance
             WHERE metric_period = 'daily' AND metric_date BETWEEN {0} AND {1} AND agent_id = {2}
             GROUP BY grp ORDER BY grp
            """;

    /** The agents the caller may see ({@code v}), for the {@link #TEAM} and {@link #TEAM_30} statements. */
    private static final String TEAM_VISIBLE = """
            WITH v AS MATERIALIZED (
                SELECT a.agent_id, a.agent_code, a.parent_agent_id FROM @s.agents a
                 WHERE a.agent_id IN (SELECT @s.visible_agent_ids())),
            """;

    private static final String TEAM_MONTHS = """
            r AS (
                SELECT agent_id,
                       CASE WHEN metric_period = 'month_to_date' AND metric_date = {4} THEN -1 ELSE 1 END AS sign,
                       days_covered, last_day, policies_sold, premium_collected, premium_under_management,
                       new_policyholders, active_policyholders, renewals_due, renewals_collected, lapses, revivals,
                       callbacks_assigned, callbacks_handled, callbacks_resolved, callbacks_resolved_in_time,
                       satisfaction_points, satisfaction_weight, whatsapp_messages, whatsapp_sent,
                       whatsapp_delivered, whatsapp_read
                  FROM @s.agent_performance
                 WHERE (metric_period = 'monthly' AND metric_date >= {2} AND metric_date < {3})
                    OR (metric_period = 'month_to_date' AND (metric_date = {1} OR metric_date = {4}))),
            g AS (
                SELECT agent_id AS grp, sum(sign * days_covered) AS days,
                       sum(sign * policies_sold) AS policies_sold, sum(sign * premium_collected) AS premium_collected,
                       -- arrays compare element by element: the greatest [day, value] is the latest day's value
                       (max(ARRAY[(last_day - CAST({0} AS date))::numeric, premium_under_management])
                            FILTER (WHERE sign = 1 AND last_day >= {0}))[2] AS premium_under_management,
                       sum(sign * new_policyholders) AS new_customers,
                       (max(ARRAY[last_day - CAST({0} AS date), active_policyholders])
                            FILTER (WHERE sign = 1 AND last_day >= {0}))[2] AS active_customers,
                       sum(sign * renewals_due) AS renewals_due, sum(sign * renewals_collected) AS renewals_collected,
                       sum(sign * lapses) AS lapses, sum(sign * revivals) AS revivals,
                       sum(sign * callbacks_assigned) AS callbacks_assigned,
                       sum(sign * callbacks_handled) AS callbacks_handled,
                       100 * sum(sign * callbacks_resolved_in_time) AS sla_points,
                       sum(sign * callbacks_resolved) AS sla_weight,
                       sum(sign * satisfaction_points) AS satisfaction_points,
                       sum(sign * satisfaction_weight) AS satisfaction_weight,
                       sum(sign * whatsapp_messages) AS whatsapp_messages, sum(sign * whatsapp_sent) AS whatsapp_sent,
                       sum(sign * whatsapp_delivered) AS whatsapp_delivered, sum(sign * whatsapp_read) AS whatsapp_read
                  FROM r GROUP BY agent_id),
            """;

    /**
     * A range of exactly {@value #TRAILING_DAYS} days, {0}..{1}: the {@code trailing_30} row of {1} of each agent
     * (tenant V203), the 30 days ending on it summed by the nightly job, read as it is: one row an agent, nothing
     * summed here. A row exists only where a day row does, so its book figures are of a day in the range.
     */
    private static final String TEAM_TRAILING = """
            g AS (
                SELECT agent_id AS grp, days_covered AS days, policies_sold, premium_collected,
                       premium_under_management, new_policyholders AS new_customers,
                       active_policyholders AS active_customers, renewals_due, renewals_collected, lapses, revivals,
                       callbacks_assigned, callbacks_handled, 100 * callbacks_resolved_in_time AS sla_points,
                       callbacks_resolved AS sla_weight, satisfaction_points, satisfaction_weight, whatsapp_messages,
                       whatsapp_sent, whatsapp_delivered, whatsapp_read
                  FROM @s.agent_performance
                 WHERE metric_period = 'trailing_30' AND metric_date = {1}),
            """;

    private static final String TEAM_PAGE = """
            t AS (
                SELECT v.agent_id, v.agent_code, v.parent_agent_id, g.* FROM v LEFT JOIN g ON g.grp = v.agent_id),
            page AS (
                SELECT * FROM t WHERE CAST({5} AS text) IS NULL OR t.agent_code > {5}
                 ORDER BY t.agent_code LIMIT {6})
            SELECT * FROM (
                SELECT page.*, NULL::bigint AS total_agents FROM page
                UNION ALL
                SELECT NULL, NULL, NULL, NULL, max(days), sum(policies_sold), sum(premium_collected),
                   sum(premium_under_management), sum(new_customers), sum(active_customers), sum(renewals_due),
                   sum(renewals_collected), sum(lapses), sum(revivals), sum(callbacks_assigned),
                   sum(callbacks_handled), sum(sla_points), sum(sla_weight), sum(satisfaction_points),
                   sum(satisfaction_weight), sum(whatsapp_messages), sum(whatsapp_sent), sum(whatsapp_delivered),
                   sum(whatsapp_read), count(*)
                  FROM t) x
             ORDER BY x.total_agents IS NOT NULL, x.agent_code
            """;

    /**
     * Every visible agent's figures over {0}..{1} from the rolled-up rows: the {@code monthly} rows of the months
     * from {2} (the first month of the range) up to but not including {3} (its last month), the
     * {@code month_to_date} row of {1} added and the {@code month_to_date} row of {4} subtracted: the day before
     * {0}, or none (NULL) when the range starts on a month's first day. Book figures are those of the latest day row
     * behind an added row ({@code last_day}) within the range; no such row, no book (as no day row in the range).
     * Only one page of agents leaves the database (by agent code, after the cursor's code {5}, at most {6} rows),
     * then one more row ({@code total_agents} set) with the totals of every visible agent: a manager over 1,000
     * agents reads a page of 200, not 1,000 rows to sum and cut in Java.
     */
    private static final String TEAM = TEAM_VISIBLE + TEAM_MONTHS + TEAM_PAGE;
    /** The {@link #TEAM} statement for a range of exactly {@value #TRAILING_DAYS} days (the default one). */
    private static final String TEAM_30 = TEAM_VISIBLE + TEAM_TRAILING + TEAM_PAGE;
    static final int TRAILING_DAYS = 30;

    private final Database database;

    Performance(Database database) {
        this.database = database;
    }

    /** The caller's own figures: only a caller with an agent row has them. */
    Figures.AgentPerformance mine(Caller caller, Period period) {
        requireReader(caller);
        UUID agentId = caller.agentId().orElseThrow(() ->
                new ApiProblem.Forbidden("only an agent has figures of their own; ask for a team or an agent"));
        return of(caller, agentId, period);
    }

    /** An agent's figures, for that agent, those above them and staff; anybody else gets 404. */
    Figures.AgentPerformance of(Caller caller, UUID agentId, Period period) {
        requireReader(caller);
        return database.inTransaction(caller, tx -> {
            String schema = caller.tenant().schema();
            String code = tx.resultQuery("SELECT agent_code FROM " + schema + ".agents WHERE agent_id = {0}"
                            + " AND agent_id IN (SELECT " + schema + ".visible_agent_ids())", DSL.val(agentId))
                    .fetchOptional(0, String.class)
                    .orElseThrow(() -> new ApiProblem.NotFound("agent"));
            String grouping = period.grouping() == Period.Grouping.MONTH
                    ? "date_trunc('month', metric_date)::date" : "metric_date";
            List<Figures.PeriodRow> rows = new ArrayList<>();
            for (Record r : figures(tx, schema, period, grouping, agentId)) {
                rows.add(new Figures.PeriodRow(r.get("grp", LocalDate.class), Raw.of(r).values()));
            }
            Raw totals = figures(tx, schema, period, "true", agentId).stream().findFirst()
                    .map(Raw::of).orElse(Raw.NONE);
            return new Figures.AgentPerformance(agentId, code, period.from(), period.to(),
                    period.grouping().name().toLowerCase(java.util.Locale.ROOT), rows, totals.values());
        });
    }

    /**
     * Every agent the caller may see (a manager's subtree and territory, an agent's own subtree, the tenant for
     * staff), one row each over the days, by agent code, a page at a time; the totals are of all of them.
     */
    Figures.TeamPerformance team(Caller caller, Period period, Optional<String> cursor, int limit) {
        requireReader(caller);
        Optional<String> after = cursor.map(text -> Cursor.decode(text, TEAM_CURSOR, 1).text(0));
        return database.inTransaction(caller, tx -> {
            String schema = caller.tenant().schema();
            List<Figures.TeamRow> page = new ArrayList<>();
            Raw totals = Raw.NONE;
            int agents = 0;
            for (Record r : teamRows(tx, schema, period, after, limit + 1)) {
                if (r.get(TOTAL_AGENTS) != null) {
                    agents = ((Number) r.get(TOTAL_AGENTS)).intValue();
                    totals = Raw.of(r);
                } else {
                    page.add(new Figures.TeamRow(r.get("agent_id", UUID.class), r.get("agent_code", String.class),
                            Optional.ofNullable(r.get("parent_agent_id", UUID.class)),
                            (r.get("grp") == null ? Raw.NONE : Raw.of(r)).values()));
                }
            }
            Optional<String> next = page.size() > limit
                    ? Optional.of(Cursor.of(TEAM_CURSOR, page.get(limit - 1).agentCode()).encode()) : Optional.empty();
            return new Figures.TeamPerformance(period.from(), period.to(), agents,
                    page.subList(0, Math.min(limit, page.size())), totals.values(), next);
        });
    }

    /**
     * A page of the visible agents with their figures, by agent code, after {@code after} (at most {@code rows}),
     * then the totals row of every visible agent (the {@link #TEAM} statement).
     */
    org.jooq.Result<Record> teamRows(DSLContext tx, String schema, Period period, Optional<String> after, int rows) {
        boolean trailing = period.from().plusDays(TRAILING_DAYS - 1L).equals(period.to());
        return tx.resultQuery((trailing ? TEAM_30 : TEAM).replace("@s.", schema + "."), DSL.val(period.from()),
                DSL.val(period.to()),
                DSL.val(period.from().withDayOfMonth(1)), DSL.val(period.to().withDayOfMonth(1)),
                DSL.val(period.from().getDayOfMonth() == 1 ? null : period.from().minusDays(1), LocalDate.class),
                DSL.val(after.orElse(null), String.class), DSL.val(rows))
                .fetch();
    }

    private static org.jooq.Result<Record> figures(DSLContext tx, String schema, Period period, String grouping,
            UUID agentId) {
        return tx.resultQuery(FIGURES.replace("@group", grouping).replace("@s.", schema + "."),
                DSL.val(period.from()), DSL.val(period.to()), DSL.val(agentId)).fetch();
    }

    static void requireReader(Caller caller) {
        if (!READERS.contains(caller.role())) {
            throw new ApiProblem.Forbidden("figures are for agents, managers and staff");
        }
    }

    /** The sums of one group of day rows, before the weighted averages are taken. */
    record Raw(int days, long policiesSold, BigDecimal premiumCollected, BigDecimal premiumUnderManagement,
            long newCustomers, long activeCustomers, long renewalsDue, long renewalsCollected, long lapses,
            long revivals, long callbacksAssigned, long callbacksHandled, BigDecimal slaPoints, long slaWeight,
            BigDecimal satisfactionPoints, long satisfactionWeight, long whatsappMessages, long whatsappSent,
            long whatsappDelivered, long whatsappRead) {

        static final Raw NONE = new Raw(0, 0, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), 0, 0, 0, 0,
                0, 0, 0, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, 0, 0, 0, 0);

        static Raw of(Record r) {
            return new Raw(count(r, "days").intValue(), count(r, "policies_sold"), money(r, "premium_collected"),
                    money(r, "premium_under_management"), count(r, "new_customers"), count(r, "active_customers"),
                    count(r, "renewals_due"), count(r, "renewals_collected"), count(r, "lapses"),
                    count(r, "revivals"), count(r, "callbacks_assigned"), count(r, "callbacks_handled"),
                    decimal(r, "sla_points"), count(r, "sla_weight"), decimal(r, "satisfaction_points"),
                    count(r, "satisfaction_weight"), count(r, "whatsapp_messages"), count(r, "whatsapp_sent"),
                    count(r, "whatsapp_delivered"), count(r, "whatsapp_read"));
        }

        Figures.Values values() {
            return new Figures.Values(days, (int) policiesSold, premiumCollected, premiumUnderManagement,
                    (int) newCustomers, (int) activeCustomers, (int) renewalsDue, (int) renewalsCollected,
                    (int) lapses, (int) revivals, (int) callbacksAssigned, (int) callbacksHandled,
                    weighted(slaPoints, slaWeight), weighted(satisfactionPoints, satisfactionWeight),
                    (int) whatsappMessages, (int) whatsappSent, (int) whatsappDelivered, (int) whatsappRead);
        }

        private static Optional<BigDecimal> weighted(BigDecimal points, long weight) {
            return weight == 0 ? Optional.empty()
                    : Optional.of(points.divide(BigDecimal.valueOf(weight), 2, RoundingMode.HALF_UP));
        }

        private static Long count(Record r, String name) {
            Number n = (Number) r.get(name);
            return n == null ? 0L : n.longValue();
        }

        private static BigDecimal money(Record r, String name) {
            BigDecimal value = r.get(name, BigDecimal.class);
            return value == null ? BigDecimal.ZERO.setScale(2) : value.setScale(2, RoundingMode.UNNECESSARY);
        }

        private static BigDecimal decimal(Record r, String name) {
            BigDecimal value = r.get(name, BigDecimal.class);
            return value == null ? BigDecimal.ZERO : value;
        }
    }
}
