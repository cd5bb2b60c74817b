package com.agentmitra.archival;

import java.time.Instant;
import java.util.Objects;

/** Where a row sits in an archive's order: its time, then its id (both written to the manifest). */
record RowKey(Instant at, String id) {

    RowKey {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
    }
}
