package com.agentmitra.archival;

import com.agentmitra.data.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * One kind of cold data: how its rows older than a cut-off are found in keyset order, removed once archived
 * (deleted, or for message bodies blanked), counted, and loaded back into its {@code _restored} table.
 * Every method runs inside a transaction opened as the tenant's system caller.
 */
interface ArchiveSource {

    /** The name used in archive keys and restore requests, e.g. {@code user_events}. */
    String table();

    /** The retention that applies to this source. */
    Instant cutoff(Retention retention, Instant now);

    /** The earliest time of a row still to archive, if any. */
    Optional<Instant> oldest(DSLContext tx, Tenant tenant, Instant cutoff);

    /** Up to {@code limit} rows with time in {@code [from, to)} after {@code after}, in key order. */
    List<ArchiveRow> batch(DSLContext tx, Tenant tenant, Instant from, Instant to, Optional<RowKey> after, int limit);

    /** How many archivable rows lie between {@code first} and {@code last} (inclusive) in {@code [from, to)}. */
    long count(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last);

    /** Removes those rows (or their archived content); answers how many. */
    long remove(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last);

    /** Loads archived rows (JSON objects) into the source's {@code _restored} table; answers how many. */
    long restore(DSLContext tx, Tenant tenant, List<String> rows);
}
