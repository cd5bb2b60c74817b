package com.agentmitra.archival;


import com.agentmitra.data.Tenant;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Archival throughput on this machine: N user events (default 5,000,000) older than the retention, archived by the
 * real service into the in-process S3 (write, read back, verify, then delete), with the JVM capped by the command's
 * -Xmx. Prints rows/s, peak heap and the check that every row ended up either in the database or the archive.
 *
 * <p>Run: see functions/archival/README.md, "Benchmark".
 */
public final class ArchivalBenchmark {

    private ArchivalBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int rowsPerPart = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        TestDatabase db = TestDatabase.get();
        InProcessAws aws = InProcessAws.shared();
        aws.bucket("archive-benchmark");
        Tenant lic = db.lic();
        var owner = DSL.using(db.owner(), SQLDialect.POSTGRES);

        long seeding = System.nanoTime();
        int chunk = 500_000;
        for (int start = 0; start < rows; start += chunk) {
            owner.execute("""
                    insert into lic_schema.user_events (event_type, event_category, event_properties, page_url, occurred_at)
                    select 'policy_viewed', 'navigation',
                           jsonb_build_object('policyNumber', 'TP' || lpad(g::text, 9, '0'), 'screen', 'policy', 'n', g),
                           '/policies/' || g, timestamptz '2021-01-01 00:00:00+00' + g * interval '7 seconds'
                      from generate_series(?, ?) as g""", start + 1, Math.min(rows, start + chunk));
        }
        owner.execute("analyze lic_schema.user_events");
        System.out.printf("seeded %,d user events in %.1f s%n", rows, (System.nanoTime() - seeding) / 1e9);

        ArchivalService archival = new ArchivalService(db.database(), db.tenants(),
                new ArchiveStore(aws.s3(), "archive-benchmark"),
                Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC), rowsPerPart,
                List.of(EventTableSource.userEvents()), ArchivalService.Checkpoint.NONE);

        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .map(MemoryPoolMXBean::getUsage).mapToLong(usage -> usage.getUsed()).sum();
                peakHeap.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        ArchivalReport.TenantResult result = archival.archiveTenant(lic, Instant.parse("2026-11-25T00:00:00Z"));
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();

        long archived = result.archived().get("user_events");
        long left = owner.fetchCount(DSL.table(DSL.name("lic_schema", "user_events")),
                DSL.field(DSL.name("event_type")).eq("policy_viewed"));
        System.out.printf("archived %,d rows in %.1f s: %,.0f rows/s (parts of %,d rows)%n",
                archived, seconds, archived / seconds, rowsPerPart);
        System.out.printf("peak heap %,d MB (max heap %,d MB)%n", peakHeap.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("rows left in the database %,d; database + archive = %,d of %,d%n",
                left, left + archived, rows);
        if (left + archived != rows) {
            throw new IllegalStateException("rows lost or duplicated");
        }
        System.exit(0);
    }

}
