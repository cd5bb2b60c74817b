package com.agentmitra.imports;

import com.agentmitra.config.Env;
import com.agentmitra.imports.read.ReadLimits;
import java.time.Duration;

/**
 * The import functions' settings, read once at cold start: {@code IMPORTS_BUCKET} (required by the API function,
 * which signs upload URLs; the upload trigger takes the bucket from its event, so its template entry needs no
 * reference to the bucket, which would make a CloudFormation dependency cycle);
 * {@code IMPORT_MAX_MB} (largest upload, default 50), {@code IMPORT_MAX_ROWS} (default 200,000),
 * {@code IMPORT_BATCH_ROWS} (rows per transaction, default 1,000), {@code IMPORT_LEASE_SECONDS} (how long a run
 * holds its job without progress before a retry may take over, default 120).
 */
record ImportsConfig(String bucket, long maxBytes, int maxRows, int batchRows, Duration lease) {

    static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    static final Duration REPORT_URL_VALIDITY = Duration.ofMinutes(15);

    ImportsConfig {
        if (maxBytes < 1024 || batchRows < 1 || batchRows > 5_000 || maxRows < 1 || lease.isNegative()) {
            throw new IllegalStateException("import limits out of range");
        }
    }

    static ImportsConfig fromEnvironment(boolean needsBucket) {
        Env.Reader env = Env.reader();
        String bucket = needsBucket ? env.required("IMPORTS_BUCKET") : env.optional("IMPORTS_BUCKET", "");
        int maxMb = env.optionalInt("IMPORT_MAX_MB", 50);
        int maxRows = env.optionalInt("IMPORT_MAX_ROWS", 200_000);
        int batch = env.optionalInt("IMPORT_BATCH_ROWS", 1_000);
        int lease = env.optionalInt("IMPORT_LEASE_SECONDS", 120);
        env.validate();
        return new ImportsConfig(bucket, maxMb * 1024L * 1024L, maxRows, batch, Duration.ofSeconds(lease));
    }

    /** The reader's bounds: the configured rows, the rest as sized from the largest real book. */
    ReadLimits readLimits() {
        return new ReadLimits(maxRows, ReadLimits.DEFAULT.maxUnpackedEntryBytes());
    }
}
