package com.agentmitra.archival;

import com.agentmitra.config.Env;

/**
 * The archival function's settings, read once at cold start: {@code ARCHIVE_BUCKET} (required) and
 * {@code ARCHIVE_ROWS_PER_PART} (rows per archive object, default 50,000: it bounds the memory one part needs, about 50 MB).
 */
record ArchivalConfig(String bucket, int rowsPerPart) {

    ArchivalConfig {
        if (rowsPerPart < 1 || rowsPerPart > 200_000) {
            throw new IllegalStateException("ARCHIVE_ROWS_PER_PART must be between 1 and 200000");
        }
    }

    static ArchivalConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        String bucket = env.required("ARCHIVE_BUCKET");
        int rows = env.optionalInt("ARCHIVE_ROWS_PER_PART", 50_000);
        env.validate();
        return new ArchivalConfig(bucket, rows);
    }
}
