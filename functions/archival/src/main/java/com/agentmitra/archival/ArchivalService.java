package com.agentmitra.archival;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/**
 * Moves cold rows to the archive, per tenant and table, one calendar month (UTC) at a time, in bounded parts:
 * each part is written, read back and verified, then its manifest is written, and only then are its rows removed,
 * in one transaction that must remove exactly the manifest's row count. A run killed anywhere loses nothing; the
 * next run first finishes every part whose manifest exists but whose rows are still here, then continues with new
 * part numbers, so no object and no row is duplicated.
 */
final class ArchivalService {

    private static final Logger log = LoggerFactory.getLogger(ArchivalService.class);

    private final Database database;
    private final TenantDirectory tenants;
    private final ArchiveStore store;
    private final Clock clock;
    private final int rowsPerPart;
    private final List<ArchiveSource> sources;
    private final Checkpoint checkpoint;

    ArchivalService(Database database, TenantDirectory tenants, ArchiveStore store, Clock clock, int rowsPerPart,
            List<ArchiveSource> sources, Checkpoint checkpoint) {
        this.database = database;
        this.tenants = tenants;
        this.store = store;
        this.clock = clock;
        this.rowsPerPart = rowsPerPart;
        this.sources = List.copyOf(sources);
        this.checkpoint = checkpoint;
    }

    static List<ArchiveSource> allSources() {
        return List.of(new AuditLogSource(), EventTableSource.userEvents(), EventTableSource.sessionAnalytics(),
                EventTableSource.videoAnalytics(), new WhatsappBodySource(), new CallbackSource());
    }

    /** The monthly run over every active tenant; one tenant's failure is reported and the others still run. */
    ArchivalReport archiveAll() {
        Instant now = clock.instant();
        List<ArchivalReport.TenantResult> results = tenants.all().stream().map(tenant -> {
            try {
                return archiveTenant(tenant, now);
            } catch (RuntimeException e) {
                log.error("Archival failed for a tenant", entry("tenant", tenant.code()), e);
                return new ArchivalReport.TenantResult(tenant.code(), Map.of(), 0, 0,
                        e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }).toList();
        return new ArchivalReport(results);
    }

    ArchivalReport.TenantResult archiveTenant(Tenant tenant, Instant now) {
        Caller system = Caller.system(tenant);
        Retention retention = retention(tenant);
        Map<String, Long> archived = new LinkedHashMap<>();
        for (ArchiveSource source : sources) {
            archived.put(source.table(), archive(tenant, source, source.cutoff(retention, now), now));
        }
        int created = database.inTransaction(system, tx -> tx.select(DSL.field("{0}.create_monthly_partitions(3)",
                Integer.class, DSL.schema(DSL.name(tenant.schema())))).fetchSingle().value1());
        // the behaviour tables' empty months past retention, and the content library's watch sessions' (tenant V181)
        int dropped = database.inTransaction(system, tx -> tx.select(DSL.field("{0}.drop_empty_partitions_before({1})",
                Integer.class, DSL.schema(DSL.name(tenant.schema())), DSL.val(retention.eventMonths()))).fetchSingle().value1()
                + tx.select(DSL.field("{0}.drop_empty_video_analytics_partitions_before({1})", Integer.class,
                        DSL.schema(DSL.name(tenant.schema())), DSL.val(retention.eventMonths()))).fetchSingle().value1());
        log.info("Tenant archived", entry("tenant", tenant.code()), entry("archived", archived),
                entry("partitionsCreated", created), entry("partitionsDropped", dropped));
        return new ArchivalReport.TenantResult(tenant.code(), archived, created, dropped, null);
    }

    /** Loads one archived table-month back into {@code <table>_restored}; answers rows in the archive and rows added. */
    Map<String, Object> restore(String tenantCode, String table, YearMonth month) {
        Tenant tenant = tenants.byCode(tenantCode);
        ArchiveSource source = sources.stream().filter(candidate -> candidate.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no archived table named " + table));
        List<Manifest> manifests = store.manifests(tenant.code(), table, month);
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("nothing is archived for " + tenant.code() + " " + table + " " + month);
        }
        long inArchive = 0;
        long restored = 0;
        for (Manifest manifest : manifests) {
            List<String> rows = store.verify(manifest);
            inArchive += rows.size();
            restored += database.inTransaction(Caller.system(tenant), tx -> source.restore(tx, tenant, rows));
        }
        return Map.of("tenant", tenant.code(), "table", table, "month", month.toString(), "parts", manifests.size(),
                "rowsInArchive", inArchive, "rowsRestored", restored);
    }

    private long archive(Tenant tenant, ArchiveSource source, Instant cutoff, Instant now) {
        Caller system = Caller.system(tenant);
        long archived = 0;
        YearMonth previous = null;
        while (true) {
            Optional<Instant> oldest = database.inTransaction(system, tx -> source.oldest(tx, tenant, cutoff));
            if (oldest.isEmpty()) {
                return archived;
            }
            YearMonth month = YearMonth.from(oldest.get().atZone(ZoneOffset.UTC));
            if (month.equals(previous)) {
                throw new IllegalStateException(source.table() + " rows of " + month + " remain after archiving the month");
            }
            Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = monthEnd.isBefore(cutoff) ? monthEnd : cutoff;

            List<Manifest> existing = store.manifests(tenant.code(), source.table(), month);
            for (Manifest manifest : existing) {
                long remaining = database.inTransaction(system,
                        tx -> source.count(tx, tenant, from, to, manifest.first(), manifest.last()));
                if (remaining > 0) {
                    store.verify(manifest);
                    archived += removeVerified(tenant, source, manifest, from, to);
                }
            }
            int part = existing.isEmpty() ? 1 : existing.getLast().part() + 1;
            Optional<RowKey> after = Optional.empty();
            while (true) {
                Optional<RowKey> position = after;
                List<ArchiveRow> rows = database.inTransaction(system,
                        tx -> source.batch(tx, tenant, from, to, position, rowsPerPart));
                if (rows.isEmpty()) {
                    break;
                }
                Manifest manifest = store.write(tenant.code(), source.table(), month, part, rows, now);
                checkpoint.partWritten(manifest);
                archived += removeVerified(tenant, source, manifest, from, to);
                after = Optional.of(rows.getLast().key());
                part++;
            }
            previous = month;
        }
    }

    private long removeVerified(Tenant tenant, ArchiveSource source, Manifest manifest, Instant from, Instant to) {
        return database.inTransaction(Caller.system(tenant), tx -> {
            long removed = source.remove(tx, tenant, from, to, manifest.first(), manifest.last());
            if (removed != manifest.rowCount()) {
                // rolls the transaction back: nothing is removed that the archive does not hold
                throw new IllegalStateException("archive part " + manifest.objectKey() + " holds " + manifest.rowCount()
                        + " rows but " + removed + " would be removed");
            }
            return removed;
        });
    }

    private Retention retention(Tenant tenant) {
        Optional<String> config = database.inSharedTransaction(tx -> tx.resultQuery(
                        "select config_value::text from shared.tenant_config where tenant_id = {0} and config_key = {1}",
                        DSL.val(tenant.id()), DSL.val(Retention.CONFIG_KEY))
                .fetchOptional(0, String.class));
        if (config.isEmpty()) {
            return Retention.defaults();
        }
        try {
            JsonNode value = Json.mapper().readTree(config.get());
            return Retention.from(value);
        } catch (IOException e) {
            log.warn("Tenant archival retention is not JSON; defaults apply", entry("tenant", tenant.code()));
            return Retention.defaults();
        }
    }

    /** A hook between the verified write of a part and the removal of its rows (tests use it to kill a run there). */
    @FunctionalInterface
    interface Checkpoint {
        Checkpoint NONE = manifest -> {};

        void partWritten(Manifest manifest);
    }
}
