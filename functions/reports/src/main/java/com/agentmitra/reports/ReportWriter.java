package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Json;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Cursor;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes one queued report: claims it ({@code queued} → {@code running}; a report already claimed less than
 * {@link #STALE_MINUTES} ago, written, or gone is left alone, so a message delivered twice writes one file), reads its
 * rows as the requester (row level security keeps the file to what they may see) through a server-side cursor,
 * streams them into the file and the file into S3 (multipart), then records {@code ready}, the row count, size and
 * expiry. Any failure aborts the upload and records {@code failed} with a reason that names no data.
 * <p>
 * The API sends the message inside the request's transaction (so a queue that refuses rolls the request back), so
 * the message can arrive before the row is committed: a report not there yet is looked for again, every
 * {@link #CLAIM_RETRY} for up to {@link #CLAIM_WAIT}, before the message is taken for a request that was rolled back.
 */
final class ReportWriter {

    private static final Logger log = LoggerFactory.getLogger(ReportWriter.class);
    static final int STALE_MINUTES = 15;
    static final int FETCH_SIZE = 1000;
    static final java.time.Duration CLAIM_WAIT = java.time.Duration.ofSeconds(10);
    static final java.time.Duration CLAIM_RETRY = java.time.Duration.ofMillis(100);

    /** What became of one report message. */
    enum Outcome { WRITTEN, FAILED, SKIPPED }

    private final Database database;
    private final S3Client s3;
    private final ReportsConfig config;
    private final Clock clock;

    ReportWriter(Database database, S3Client s3, ReportsConfig config, Clock clock) {
        this.database = database;
        this.s3 = s3;
        this.config = config;
        this.clock = clock;
    }

    record Claimed(ReportType type, String format, String language, Map<String, Object> filters, Caller requester) {}

    Outcome write(Tenant tenant, UUID reportId) {
        Caller system = Caller.system(tenant);
        long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
        Optional<Claimed> claimed;
        while (true) {
            // the claim, and whether the row exists at all (null: not committed yet, or rolled back)
            Optional<Optional<Claimed>> found = database.inTransaction(system, tx -> {
                Optional<Claimed> mine = tx.resultQuery("UPDATE " + tenant.schema()
                                + ".portal_reports SET status = 'running', started_at = now(), failure = NULL"
                                + " WHERE report_id = {0} AND (status = 'queued' OR (status = 'running'"
                                + " AND started_at < now() - make_interval(mins => " + STALE_MINUTES + ")))"
                                + " RETURNING report_type, file_format, language, parameters::text AS parameters,"
                                + " generated_by, generated_by_role, generated_by_agent", DSL.val(reportId))
                        .fetchOptional().map(row -> claimed(tenant, row));
                return mine.isPresent() || tx.fetchExists(DSL.selectOne().from(DSL.table(tenant.schema()
                                + ".portal_reports")).where(DSL.field("report_id").eq(DSL.val(reportId))))
                        ? Optional.of(mine) : Optional.empty();
            });
            if (found.isPresent()) {
                claimed = found.get();
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                log.info("Report not found after {} ms (its request rolled back); skipped reportId={}",
                        CLAIM_WAIT.toMillis(), reportId);
                return Outcome.SKIPPED;
            }
            try {
                Thread.sleep(CLAIM_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for report " + reportId, e);
            }
        }
        if (claimed.isEmpty()) {
            log.info("Report not queued any more; skipped reportId={}", reportId);
            return Outcome.SKIPPED;
        }
        Claimed report = claimed.get();
        String key = "reports/" + tenant.code().toLowerCase(Locale.ROOT) + "/" + reportId + "." + report.format();
        String contentType = report.format().equals("csv") ? "text/csv; charset=utf-8"
                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        long started = System.nanoTime();
        MultipartUpload upload = null;
        try {
            upload = new MultipartUpload(s3, config.bucket(), key, contentType);
            MultipartUpload out = upload;
            long rows = database.inTransaction(report.requester(), tx -> {
                long n = 0;
                try (Cursor<Record> cursor = tx.resultQuery(sql(report.type(), tenant), binds(report.filters()))
                        .fetchSize(FETCH_SIZE).fetchLazy();
                        ReportSheet sheet = ReportSheet.open(report.format(), report.type().columns, report.language(),
                                report.type().literal(), out)) {
                    for (Record record : cursor) {
                        sheet.row(record.intoArray());
                        n++;
                    }
                }
                return n;
            });
            upload.close();
            long size = upload.size();
            database.inTransaction(system, tx -> tx.execute("UPDATE " + tenant.schema() + ".portal_reports SET"
                            + " status = 'ready', generated_at = now(), row_count = {1}, file_path = {2}, file_size = {3},"
                            + " expires_at = {4} WHERE report_id = {0}", DSL.val(reportId), DSL.val((int) rows),
                    DSL.val(key), DSL.val(size),
                    DSL.val(OffsetDateTime.ofInstant(clock.instant().plus(config.ttl()), ZoneOffset.UTC))));
            log.info("Report written reportId={} type={} format={} rows={} bytes={} milliseconds={}", reportId,
                    report.type().literal(), report.format(), rows, size, (System.nanoTime() - started) / 1_000_000);
            return Outcome.WRITTEN;
        } catch (RuntimeException e) {
            if (upload != null) {
                upload.abort();
            }
            log.error("Report failed reportId={} error={}", reportId, e.getClass().getSimpleName(), e);
            database.inTransaction(system, tx -> tx.execute("UPDATE " + tenant.schema() + ".portal_reports SET"
                    + " status = 'failed', failure = {1} WHERE report_id = {0}", DSL.val(reportId),
                    DSL.val("the file could not be written; ask for the report again")));
            return Outcome.FAILED;
        }
    }

    @SuppressWarnings("unchecked")
    private static Claimed claimed(Tenant tenant, Record row) {
        Map<String, Object> filters;
        try {
            filters = Json.mapper().readValue(row.get("parameters", String.class), Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable report parameters", e);
        }
        Role role = Arrays.stream(Role.values()).filter(r -> r.sqlName().equals(row.get("generated_by_role", String.class)))
                .findFirst().orElseThrow();
        Caller requester = new Caller(tenant, Optional.of(row.get("generated_by", UUID.class)), role,
                Optional.ofNullable(row.get("generated_by_agent", UUID.class)));
        return new Claimed(ReportType.of(row.get("report_type", String.class)).orElseThrow(),
                row.get("file_format", String.class), row.get("language", String.class), filters, requester);
    }

    static String sql(ReportType type, Tenant tenant) {
        return type.sql.replace("@s.", tenant.schema() + ".");
    }

    /** {0}, {1}: the first and last day; {2}, {3}: the instants that bound them in IST. */
    static Object[] binds(Map<String, Object> filters) {
        if (filters.isEmpty()) {
            return new Object[0];
        }
        LocalDate from = LocalDate.parse((String) filters.get("from"));
        LocalDate to = LocalDate.parse((String) filters.get("to"));
        return new Object[] {DSL.val(from), DSL.val(to),
                DSL.val(from.atStartOfDay(Period.INDIA).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)),
                DSL.val(to.plusDays(1).atStartOfDay(Period.INDIA).toOffsetDateTime()
                        .withOffsetSameInstant(ZoneOffset.UTC))};
    }
}
