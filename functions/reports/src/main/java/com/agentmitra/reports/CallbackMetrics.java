package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@code GET /callbacks/metrics}: of the callbacks opened on the days (IST), per day opened or per assigned agent,
 * the SLA compliance (resolved by the due time), minutes to first response and to resolution (median and 90th
 * percentile, which daily averages cannot give, so they are taken from the callbacks themselves), escalations and
 * ratings. Only callbacks of agents the caller may see (staff: the whole tenant, unassigned ones included).
 */
final class CallbackMetrics {

    /** Callbacks are read row by row for the percentiles: a quarter at most per request. */
    static final int MAX_DAYS = 92;

    private static final String METRICS = """
            WITH c AS (
                SELECT cr.agent_id, (cr.created_at AT TIME ZONE 'Asia/Kolkata')::date AS day, cr.status::text AS status,
                       cr.created_at, cr.completed_at, cr.satisfaction_rating,
                       coalesce(cr.due_at, cr.created_at + make_interval(hours => cr.sla_hours)) AS due_at,
                       (SELECT min(t.actual_time) FROM @s.callback_sla_tracking t
                         WHERE t.callback_request_id = cr.callback_request_id AND t.sla_type = 'first_response')
                           AS first_response_at,
                       EXISTS (SELECT 1 FROM @s.callback_activities a
                                WHERE a.callback_request_id = cr.callback_request_id
                                  AND a.activity_type = 'escalated') AS escalated
                  FROM @s.callback_requests cr
                 WHERE cr.created_at >= {0} AND cr.created_at < {1}
                   AND (shared.has_tenant_wide_access() OR cr.agent_id IN (SELECT @s.visible_agent_ids())))
            SELECT @group AS grp, count(*) AS total,
                   count(*) FILTER (WHERE status = 'completed') AS resolved,
                   count(*) FILTER (WHERE status = 'completed' AND completed_at <= due_at) AS resolved_in_time,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 60)
                       AS first_response_median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 60)
                       AS first_response_p90,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) / 60)
                       FILTER (WHERE status = 'completed') AS resolution_median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) / 60)
                       FILTER (WHERE status = 'completed') AS resolution_p90,
                   count(*) FILTER (WHERE escalated) AS escalations,
                   count(satisfaction_rating) AS ratings, round(avg(satisfaction_rating), 2) AS rating_average
              FROM c GROUP BY grp ORDER BY grp NULLS LAST
            """;

    private final Database database;

    CallbackMetrics(Database database) {
        this.database = database;
    }

    record Values(long total, long resolved, Optional<BigDecimal> slaCompliancePercent,
            Optional<BigDecimal> firstResponseMinutesMedian, Optional<BigDecimal> firstResponseMinutesP90,
            Optional<BigDecimal> resolutionMinutesMedian, Optional<BigDecimal> resolutionMinutesP90,
            long escalations, long ratings, Optional<BigDecimal> ratingAverage) {}

    /** A day's row has {@code day}; an agent's row {@code agentId} (none: callbacks nobody holds). */
    record Row(Optional<LocalDate> day, Optional<UUID> agentId, Values figures) {}

    record Answer(LocalDate from, LocalDate to, String by, List<Row> items, Values totals) {}

    Answer read(Caller caller, Period period) {
        Performance.requireReader(caller);
        OffsetDateTime start = period.from().atStartOfDay(Period.INDIA).toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = period.to().plusDays(1).atStartOfDay(Period.INDIA).toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        boolean byAgent = period.grouping() == Period.Grouping.AGENT;
        return database.inTransaction(caller, tx -> {
            String sql = METRICS.replace("@s.", caller.tenant().schema() + ".");
            List<Row> rows = tx.resultQuery(sql.replace("@group", byAgent ? "agent_id" : "day"),
                            DSL.val(start), DSL.val(end)).fetch().stream()
                    .map(r -> new Row(byAgent ? Optional.empty() : Optional.of(r.get("grp", LocalDate.class)),
                            byAgent ? Optional.ofNullable(r.get("grp", UUID.class)) : Optional.empty(), values(r)))
                    .toList();
            Values totals = tx.resultQuery(sql.replace("@group", "true"), DSL.val(start), DSL.val(end)).fetch()
                    .stream().findFirst().map(CallbackMetrics::values)
                    .orElse(new Values(0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty(), 0, 0, Optional.empty()));
            return new Answer(period.from(), period.to(), byAgent ? "agent" : "day", rows, totals);
        });
    }

    private static Values values(Record r) {
        long resolved = number(r, "resolved");
        Optional<BigDecimal> sla = resolved == 0 ? Optional.empty() : Optional.of(BigDecimal.valueOf(100L
                * number(r, "resolved_in_time")).divide(BigDecimal.valueOf(resolved), 2, RoundingMode.HALF_UP));
        return new Values(number(r, "total"), resolved, sla, minutes(r, "first_response_median"),
                minutes(r, "first_response_p90"), minutes(r, "resolution_median"), minutes(r, "resolution_p90"),
                number(r, "escalations"), number(r, "ratings"),
                Optional.ofNullable(r.get("rating_average", BigDecimal.class)));
    }

    private static long number(Record r, String name) {
        Number n = (Number) r.get(name);
        return n == null ? 0 : n.longValue();
    }

    private static Optional<BigDecimal> minutes(Record r, String name) {
        Number n = (Number) r.get(name);
        return n == null ? Optional.empty()
                : Optional.of(new BigDecimal(n.toString()).setScale(1, RoundingMode.HALF_UP));
    }
}
