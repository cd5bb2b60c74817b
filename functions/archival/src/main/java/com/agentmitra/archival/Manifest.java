package com.agentmitra.archival;

import java.time.Instant;

/**
 * What one archive object holds, written beside it after the object was read back and verified: row count, key
 * range (first and last row) and the SHA-256 of the object's bytes. Rows leave the database only under a manifest.
 */
record Manifest(
        int schemaVersion,
        String tenant,
        String table,
        String month,
        int part,
        String objectKey,
        long rowCount,
        Instant firstAt,
        String firstId,
        Instant lastAt,
        String lastId,
        String sha256,
        Instant writtenAt) {

    RowKey first() {
        return new RowKey(firstAt, firstId);
    }

    RowKey last() {
        return new RowKey(lastAt, lastId);
    }
}
