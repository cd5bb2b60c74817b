package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code reportSweeper} schedule's work: in every tenant, each ready report past its expiry has its file deleted
 * from S3 and is recorded {@code expired} (a file already gone counts as deleted), a batch of {@link #BATCH} at a
 * time. Runs as system. A rerun finds nothing left to do.
 */
final class ReportSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReportSweeper.class);
    static final int BATCH = 500;

    private final Database database;
    private final Supplier<List<Tenant>> tenants;
    private final S3Client s3;
    private final String bucket;

    ReportSweeper(Database database, Supplier<List<Tenant>> tenants, S3Client s3, String bucket) {
        this.database = database;
        this.tenants = tenants;
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The number of files deleted, over every tenant. */
    long sweep() {
        long deleted = 0;
        for (Tenant tenant : tenants.get()) {
            try {
                deleted += sweep(tenant);
            } catch (RuntimeException e) {
                log.error("Expired reports of a tenant not swept tenant={}", tenant.code(), e);
            }
        }
        return deleted;
    }

    long sweep(Tenant tenant) {
        Caller system = Caller.system(tenant);
        long deleted = 0;
        while (true) {
            List<Record> expired = database.inTransaction(system, tx -> tx.resultQuery("SELECT report_id, file_path"
                    + " FROM " + tenant.schema() + ".portal_reports WHERE status = 'ready' AND expires_at <= now()"
                    + " ORDER BY expires_at LIMIT " + BATCH).fetch());
            if (expired.isEmpty()) {
                return deleted;
            }
            for (Record report : expired) {
                s3.deleteObject(request -> request.bucket(bucket).key(report.get("file_path", String.class)));
                database.inTransaction(system, tx -> tx.execute("UPDATE " + tenant.schema() + ".portal_reports"
                        + " SET status = 'expired' WHERE report_id = {0}", DSL.val(report.get("report_id", UUID.class))));
                deleted++;
            }
        }
    }
}
