package com.agentmitra.reports;

import com.agentmitra.data.AccessEvents;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Page;
import com.agentmitra.lambda.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The report requests: {@code POST /reports} records one ({@code queued}) and puts it on the reports queue in the
 * same transaction (the queue refusing rolls the row back: 503); {@code GET /reports} lists the caller's own,
 * newest first; {@code GET /reports/{id}} shows one and, when its file is ready, a short-lived download link, each
 * link handed out counted. A report is its requester's alone: anybody else gets 404.
 * <p>
 * Both are access events (tenant V202) in the same transaction, so a request the queue refused or a read that failed
 * leaves none: a report asked for is an {@code export}, a download link handed out a {@code report_download}, each
 * naming the report ({@code portal_reports}), the requester and the API request; {@code GET /audit} lists them.
 */
final class Reports {

    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 100;
    private static final String LIST_CURSOR = "reports";
    private static final int MAX_FILTERS = 2;

    /** Where a report to write is announced: {@code {"tenantId": ..., "reportId": ...}}. */
    interface Queue {
        void send(UUID tenantId, UUID reportId);
    }

    /** A short-lived GET link for a stored file. */
    interface Links {
        String download(String key, String fileName);
    }

    record View(UUID id, String type, String format, String language, String status, Map<String, Object> filters,
            Instant requestedAt, Optional<Instant> generatedAt, Optional<Integer> rowCount, Optional<Long> fileSize,
            int downloadCount, Optional<Instant> expiresAt, Optional<String> downloadUrl, Optional<String> failure) {}

    private final Database database;
    private final Queue queue;
    private final Links links;
    private final Clock clock;

    Reports(Database database, Queue queue, Links links, Clock clock) {
        this.database = database;
        this.queue = queue;
        this.links = links;
        this.clock = clock;
    }

    View request(Caller caller, NewReport body, String requestId) {
        Performance.requireReader(caller);
        Violations violations = new Violations();
        Optional<ReportType> type = Optional.ofNullable(body.type()).filter(t -> t.length() <= 40)
                .flatMap(ReportType::of);
        if (type.isEmpty()) {
            violations.add("type", "must be one of " + ReportType.literals());
        }
        String format = body.format() == null ? "xlsx" : body.format();
        if (!format.equals("xlsx") && !format.equals("csv")) {
            violations.add("format", "must be xlsx or csv");
        }
        violations.throwIfAny();
        ReportType report = type.get();
        if (!report.roles.contains(caller.role())) {
            throw new ApiProblem.Forbidden(report.literal() + " reports are for managers and staff");
        }
        Map<String, Object> filters = filters(report, body.filters() == null ? Map.of() : body.filters());
        return database.inTransaction(caller, tx -> {
            String schema = caller.tenant().schema();
            String language = caller.userId().flatMap(user -> tx.resultQuery("SELECT language_preference FROM "
                            + schema + ".users WHERE user_id = {0}", DSL.val(user)).fetchOptional(0, String.class))
                    .filter(preference -> preference.startsWith("hi")).map(preference -> "hi").orElse("en");
            UUID id = tx.resultQuery("INSERT INTO " + schema + ".portal_reports (report_type, report_name, file_format,"
                            + " language, parameters, generated_by, generated_by_role, generated_by_agent)"
                            + " VALUES ({0}, {1}, {2}, {3}, {4}::jsonb, {5}, {6}, {7}) RETURNING report_id",
                    DSL.val(report.literal()), DSL.val(name(report, filters)), DSL.val(format), DSL.val(language),
                    DSL.val(Json.write(filters)), DSL.val(caller.requireUserId()), DSL.val(caller.role().sqlName()),
                    DSL.val(caller.agentId().orElse(null), UUID.class)).fetchSingle(0, UUID.class);
            accessEvent(tx, caller, "export", id, requestId, Map.of("reportType", report.literal(),
                    "format", format));
            try {
                queue.send(caller.tenant().id(), id);
            } catch (RuntimeException e) {
                throw new ApiProblem.ServiceUnavailable("the report could not be queued; ask again");
            }
            return view(find(tx, schema, caller, id).orElseThrow(), Optional.empty());
        });
    }

    Page<View> list(Caller caller, Optional<String> cursor, int limit) {
        Performance.requireReader(caller);
        Optional<Cursor> after = cursor.map(text -> Cursor.decode(text, LIST_CURSOR, 2));
        return database.inTransaction(caller, tx -> {
            String schema = caller.tenant().schema();
            String sql = "SELECT * FROM " + schema + ".portal_reports WHERE generated_by = {0}"
                    + (after.isPresent() ? " AND (requested_at, report_id) < ({1}, {2})" : "")
                    + " ORDER BY requested_at DESC, report_id DESC LIMIT " + (limit + 1);
            List<Record> rows = after.isPresent()
                    ? tx.resultQuery(sql, DSL.val(caller.requireUserId()),
                            DSL.val(after.get().instant(0).atOffset(java.time.ZoneOffset.UTC)),
                            DSL.val(after.get().uuid(1))).fetch()
                    : tx.resultQuery(sql, DSL.val(caller.requireUserId())).fetch();
            List<View> items = rows.stream().limit(limit).map(row -> view(row, Optional.empty())).toList();
            Optional<String> next = rows.size() > limit
                    ? Optional.of(Cursor.of(LIST_CURSOR, items.getLast().requestedAt(), items.getLast().id()).encode())
                    : Optional.empty();
            return new Page<>(items, next);
        });
    }

    /** One report; when ready and not expired, a download link (counted). */
    View get(Caller caller, UUID id, String requestId) {
        Performance.requireReader(caller);
        return database.inTransaction(caller, tx -> {
            String schema = caller.tenant().schema();
            Record row = find(tx, schema, caller, id).orElseThrow(() -> new ApiProblem.NotFound("report"));
            if (!"ready".equals(row.get("status", String.class))
                    || !row.get("expires_at", OffsetDateTime.class).toInstant().isAfter(clock.instant())) {
                return view(row, Optional.empty());
            }
            Record counted = tx.resultQuery("UPDATE " + schema + ".portal_reports SET download_count = download_count + 1"
                    + " WHERE report_id = {0} RETURNING *", DSL.val(id)).fetchSingle();
            accessEvent(tx, caller, "report_download", id, requestId, Map.of("reportType",
                    row.get("report_type", String.class), "format", row.get("file_format", String.class)));
            String fileName = row.get("report_name", String.class).replaceAll("[^A-Za-z0-9_.-]", "_") + "."
                    + row.get("file_format", String.class);
            return view(counted, Optional.of(links.download(row.get("file_path", String.class), fileName)));
        });
    }

    /** An access event of the caller on a report, as themselves. */
    private static void accessEvent(DSLContext tx, Caller caller, String event, UUID reportId,
            String requestId, Map<String, Object> detail) {
        AccessEvents.record(tx, caller, event, "portal_reports", reportId.toString(), requestId, Json.write(detail));
    }

    private static Optional<Record> find(DSLContext tx, String schema, Caller caller, UUID id) {
        return tx.resultQuery("SELECT * FROM " + schema + ".portal_reports WHERE report_id = {0} AND generated_by = {1}",
                DSL.val(id), DSL.val(caller.requireUserId())).fetchOptional();
    }

    /** The report's days from its filters: only {@code from} and {@code to}, only for a report over days. */
    private Map<String, Object> filters(ReportType type, Map<String, Object> given) {
        Violations violations = new Violations();
        if (given.size() > MAX_FILTERS) {
            throw ApiProblem.InvalidInput.field("filters", "may hold from and to only");
        }
        for (String key : given.keySet()) {
            if (type.days == ReportType.Days.NONE || !(key.equals("from") || key.equals("to"))) {
                violations.add("filters." + (key.length() > 40 ? key.substring(0, 40) : key),
                        type.days == ReportType.Days.NONE ? "a " + type.literal() + " report takes no filters"
                                : "is not a filter of this report; from and to are");
            }
        }
        violations.throwIfAny();
        if (type.days == ReportType.Days.NONE) {
            return Map.of();
        }
        LocalDate today = LocalDate.now(clock.withZone(Period.INDIA));
        Optional<LocalDate> from = date(given.get("from"), "filters.from", violations);
        Optional<LocalDate> to = date(given.get("to"), "filters.to", violations);
        violations.throwIfAny();
        LocalDate start;
        LocalDate end;
        if (type.days == ReportType.Days.AHEAD) {
            start = from.orElse(today);
            end = to.orElse(start.plusDays(29));
        } else {
            end = to.orElse(today.minusDays(1));
            start = from.orElse(end.minusDays(29));
            if (end.isAfter(today.minusDays(1))) {
                violations.add("filters.to", "must be before today (IST)");
            }
        }
        if (start.isAfter(end)) {
            violations.add("filters.from", "must not be after to");
        } else if (ChronoUnit.DAYS.between(start, end) + 1 > type.maxDays) {
            violations.add("filters.from", "from and to may cover at most " + type.maxDays + " days");
        }
        violations.throwIfAny();
        Map<String, Object> days = new LinkedHashMap<>();
        days.put("from", start.toString());
        days.put("to", end.toString());
        return days;
    }

    private static Optional<LocalDate> date(Object value, String field, Violations violations) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.length() != 10) {
            violations.add(field, "must be a date, YYYY-MM-DD");
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            violations.add(field, "must be a date, YYYY-MM-DD");
            return Optional.empty();
        }
    }

    private static String name(ReportType type, Map<String, Object> filters) {
        return filters.isEmpty() ? type.literal() : type.literal() + "_" + filters.get("from") + "_" + filters.get("to");
    }

    @SuppressWarnings("unchecked")
    static View view(Record row, Optional<String> downloadUrl) {
        Map<String, Object> filters;
        try {
            filters = Json.mapper().readValue(row.get("parameters").toString(), Map.class);
        } catch (java.io.IOException e) {
            filters = Map.of();
        }
        return new View(row.get("report_id", UUID.class), row.get("report_type", String.class),
                row.get("file_format", String.class), row.get("language", String.class),
                row.get("status", String.class), filters, instant(row, "requested_at").orElseThrow(),
                instant(row, "generated_at"), Optional.ofNullable(row.get("row_count", Integer.class)),
                Optional.ofNullable(row.get("file_size", Long.class)), row.get("download_count", Integer.class),
                instant(row, "expires_at"), downloadUrl, Optional.ofNullable(row.get("failure", String.class)));
    }

    private static Optional<Instant> instant(Record row, String name) {
        return Optional.ofNullable(row.get(name, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
