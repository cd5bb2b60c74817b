package com.agentmitra.archival;

import com.agentmitra.data.Tenant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The audit trail of one tenant. The application role has no privilege on schema {@code audit}; it reaches only
 * the owner-rights functions of shared migration V030, which serve one tenant and rows at least a year old.
 * Keys are the log's ascending ids.
 */
final class AuditLogSource implements ArchiveSource {

    private static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");

    @Override
    public String table() {
        return "audit_log";
    }

    @Override
    public Instant cutoff(Retention retention, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(retention.auditLog()).toInstant();
    }

    @Override
    public Optional<Instant> oldest(DSLContext tx, Tenant tenant, Instant cutoff) {
        return rows(tx, tenant, cutoff, BEGINNING, 0, 1).stream().findFirst().map(row -> row.key().at());
    }

    @Override
    public List<ArchiveRow> batch(DSLContext tx, Tenant tenant, Instant from, Instant to, Optional<RowKey> after, int limit) {
        return rows(tx, tenant, to, from, after.map(key -> Long.parseLong(key.id())).orElse(0L), limit);
    }

    @Override
    public long count(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        long lastId = Long.parseLong(last.id());
        int span = (int) Math.min(Integer.MAX_VALUE, lastId - Long.parseLong(first.id()) + 1);
        return rows(tx, tenant, to, from, Long.parseLong(first.id()) - 1, span).stream()
                .filter(row -> Long.parseLong(row.key().id()) <= lastId)
                .count();
    }

    @Override
    public long remove(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.select(DSL.field("shared.delete_archived_audit_rows({0}, {1}, {2}, {3}, {4})", Long.class,
                        DSL.val(tenant.id()), timestamp(to), timestamp(from),
                        DSL.val(Long.parseLong(first.id())), DSL.val(Long.parseLong(last.id()))))
                .fetchSingle().value1();
    }

    @Override
    public long restore(DSLContext tx, Tenant tenant, List<String> rows) {
        return tx.select(DSL.field("shared.restore_audit_rows({0}, {1})", Long.class,
                        DSL.val(tenant.id()), DSL.val(JSONB.jsonb("[" + String.join(",", rows) + "]"))))
                .fetchSingle().value1();
    }

    private static List<ArchiveRow> rows(DSLContext tx, Tenant tenant, Instant before, Instant from, long afterId,
            int limit) {
        return tx.resultQuery("select id, changed_at, entry::text from shared.audit_rows_to_archive({0}, {1}, {2}, {3}, {4})",
                        DSL.val(tenant.id()), timestamp(before), timestamp(from), DSL.val(afterId), DSL.val(limit))
                .coerce(DSL.field("id", Long.class), DSL.field("changed_at", SQLDataType.TIMESTAMPWITHTIMEZONE),
                        DSL.field("entry", String.class))
                .fetch(AuditLogSource::row);
    }

    private static ArchiveRow row(Record3<Long, OffsetDateTime, String> record) {
        return new ArchiveRow(new RowKey(record.value2().toInstant(), Long.toString(record.value1())), record.value3());
    }

    private static org.jooq.Field<OffsetDateTime> timestamp(Instant at) {
        return DSL.val(at.atOffset(ZoneOffset.UTC), SQLDataType.TIMESTAMPWITHTIMEZONE);
    }
}
