package com.agentmitra.archival;

import static com.agentmitra.data.jooq.tenant.Tables.SESSION_ANALYTICS;
import static com.agentmitra.data.jooq.tenant.Tables.SESSION_ANALYTICS_RESTORED;
import static com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS_RESTORED;
import static com.agentmitra.data.jooq.tenant.Tables.VIDEO_ANALYTICS;
import static com.agentmitra.data.jooq.tenant.Tables.VIDEO_ANALYTICS_RESTORED;

import com.agentmitra.data.Tenant;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * A monthly-partitioned behaviour table ({@code user_events}, {@code session_analytics}, the content library's watch
 * sessions {@code video_analytics}): rows older than the
 * event retention are archived whole, keyed by (time, id), then deleted, and restore loads them into
 * {@code <table>_restored} with the same columns.
 */
final class EventTableSource implements ArchiveSource {

    private final Table<?> table;
    private final TableField<?, Instant> at;
    private final TableField<?, UUID> id;
    private final Table<?> restored;

    private EventTableSource(Table<?> table, TableField<?, Instant> at, TableField<?, UUID> id, Table<?> restored) {
        this.table = table;
        this.at = at;
        this.id = id;
        this.restored = restored;
    }

    static EventTableSource userEvents() {
        return new EventTableSource(USER_EVENTS, USER_EVENTS.OCCURRED_AT, USER_EVENTS.EVENT_ID, USER_EVENTS_RESTORED);
    }

    static EventTableSource sessionAnalytics() {
        return new EventTableSource(SESSION_ANALYTICS, SESSION_ANALYTICS.OCCURRED_AT, SESSION_ANALYTICS.ANALYTICS_ID,
                SESSION_ANALYTICS_RESTORED);
    }

    /** The content library's watch sessions, by the time a session started (its partition key). */
    static EventTableSource videoAnalytics() {
        return new EventTableSource(VIDEO_ANALYTICS, VIDEO_ANALYTICS.STARTED_AT, VIDEO_ANALYTICS.ANALYTICS_ID,
                VIDEO_ANALYTICS_RESTORED);
    }

    @Override
    public String table() {
        return table.getName();
    }

    @Override
    public Instant cutoff(Retention retention, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(retention.events()).toInstant();
    }

    @Override
    public Optional<Instant> oldest(DSLContext tx, Tenant tenant, Instant cutoff) {
        return Optional.ofNullable(tx.select(DSL.min(at)).from(table).where(at.lt(cutoff)).fetchSingle().value1());
    }

    /**
     * Two index range scans on (time, id): the next {@code limit} keys, then those rows with their JSON. Computing
     * the JSON only for the chosen rows keeps each part's cost proportional to its size.
     */
    @Override
    public List<ArchiveRow> batch(DSLContext tx, Tenant tenant, Instant from, Instant to, Optional<RowKey> after, int limit) {
        Condition window = at.ge(from).and(at.lt(to));
        if (after.isPresent()) {
            window = window.and(rowAfter(at, id, after.get()));
        }
        var keys = tx.select(at, id).from(table).where(window).orderBy(at, id).limit(limit).fetch();
        if (keys.isEmpty()) {
            return List.of();
        }
        RowKey first = new RowKey(keys.getFirst().value1(), keys.getFirst().value2().toString());
        RowKey last = new RowKey(keys.getLast().value1(), keys.getLast().value2().toString());
        Table<?> t = table.as("t");
        Field<Instant> tAt = t.field(at);
        Field<UUID> tId = t.field(id);
        return tx.select(tAt, tId, DSL.field("to_jsonb(t)::text", String.class))
                .from(t)
                .where(tAt.ge(from).and(tAt.lt(to)))
                .and(rowAtLeast(tAt, tId, first)).and(rowAtMost(tAt, tId, last))
                .orderBy(tAt, tId)
                .fetch(row -> new ArchiveRow(new RowKey(row.value1(), row.value2().toString()), row.value3()));
    }

    /** Row comparisons written natively, so PostgreSQL uses them as bounds of the (time, id) index. */
    static Condition rowAfter(Field<Instant> at, Field<UUID> id, RowKey key) {
        return DSL.condition("({0}, {1}) > ({2}, {3})", at, id, DSL.val(key.at()), DSL.val(UUID.fromString(key.id())));
    }

    static Condition rowAtLeast(Field<Instant> at, Field<UUID> id, RowKey key) {
        return DSL.condition("({0}, {1}) >= ({2}, {3})", at, id, DSL.val(key.at()), DSL.val(UUID.fromString(key.id())));
    }

    static Condition rowAtMost(Field<Instant> at, Field<UUID> id, RowKey key) {
        return DSL.condition("({0}, {1}) <= ({2}, {3})", at, id, DSL.val(key.at()), DSL.val(UUID.fromString(key.id())));
    }

    @Override
    public long count(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.fetchCount(table, inRange(from, to, first, last));
    }

    @Override
    public long remove(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.deleteFrom(table).where(inRange(from, to, first, last)).execute();
    }

    @Override
    public long restore(DSLContext tx, Tenant tenant, List<String> rows) {
        return tx.execute("insert into {0} select r.*, now() from jsonb_populate_recordset(null::{1}, {2}) as r on conflict do nothing",
                restored, table, DSL.val(JSONB.jsonb("[" + String.join(",", rows) + "]")));
    }

    private Condition inRange(Instant from, Instant to, RowKey first, RowKey last) {
        return at.ge(from).and(at.lt(to)).and(rowAtLeast(at, id, first)).and(rowAtMost(at, id, last));
    }
}
