package com.agentmitra.archival;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS_RESTORED;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
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
import org.jooq.impl.DSL;

/**
 * Completed callbacks older than their retention (3 years by default), each archived as one JSON object: the
 * request with its activities and SLA records nested, which leave with it (they cascade on delete).
 */
final class CallbackSource implements ArchiveSource {

    private static final Condition COMPLETED = CALLBACK_REQUESTS.STATUS.eq(CallbackStatus.completed)
            .and(CALLBACK_REQUESTS.COMPLETED_AT.isNotNull());

    @Override
    public String table() {
        return "callback_requests";
    }

    @Override
    public Instant cutoff(Retention retention, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(retention.callbacks()).toInstant();
    }

    @Override
    public Optional<Instant> oldest(DSLContext tx, Tenant tenant, Instant cutoff) {
        return Optional.ofNullable(tx.select(DSL.min(CALLBACK_REQUESTS.COMPLETED_AT)).from(CALLBACK_REQUESTS)
                .where(COMPLETED).and(CALLBACK_REQUESTS.COMPLETED_AT.lt(cutoff)).fetchSingle().value1());
    }

    @Override
    public List<ArchiveRow> batch(DSLContext tx, Tenant tenant, Instant from, Instant to, Optional<RowKey> after, int limit) {
        Table<?> r = CALLBACK_REQUESTS.as("r");
        Field<Instant> completedAt = r.field(CALLBACK_REQUESTS.COMPLETED_AT);
        Field<UUID> id = r.field(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID);
        Condition window = r.field(CALLBACK_REQUESTS.STATUS).eq(CallbackStatus.completed)
                .and(completedAt.ge(from)).and(completedAt.lt(to));
        if (after.isPresent()) {
            window = window.and(DSL.row(completedAt, id).gt(after.get().at(), UUID.fromString(after.get().id())));
        }
        Field<String> json = DSL.field("""
                (to_jsonb(r)
                 || jsonb_build_object('activities', coalesce((select jsonb_agg(to_jsonb(a) order by a.created_at, a.callback_activity_id)
                                                                from {0} a where a.callback_request_id = r.callback_request_id), '[]'::jsonb))
                 || jsonb_build_object('sla_records', coalesce((select jsonb_agg(to_jsonb(s) order by s.created_at)
                                                                from {1} s where s.callback_request_id = r.callback_request_id), '[]'::jsonb))
                )::text""", String.class,
                com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES,
                com.agentmitra.data.jooq.tenant.Tables.CALLBACK_SLA_TRACKING);
        return tx.select(completedAt, id, json)
                .from(r)
                .where(window)
                .orderBy(completedAt, id)
                .limit(limit)
                .fetch(row -> new ArchiveRow(new RowKey(row.value1(), row.value2().toString()), row.value3()));
    }

    @Override
    public long count(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.fetchCount(CALLBACK_REQUESTS, inRange(from, to, first, last));
    }

    @Override
    public long remove(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.deleteFrom(CALLBACK_REQUESTS).where(inRange(from, to, first, last)).execute();
    }

    @Override
    public long restore(DSLContext tx, Tenant tenant, List<String> rows) {
        return tx.execute("""
                insert into {0}
                select r.* from jsonb_populate_recordset(null::{0},
                       (select jsonb_agg(e || jsonb_build_object('restored_at', now())) from jsonb_array_elements({1}) as e)) as r
                on conflict do nothing""",
                CALLBACK_REQUESTS_RESTORED, DSL.val(JSONB.jsonb("[" + String.join(",", rows) + "]")));
    }

    private static Condition inRange(Instant from, Instant to, RowKey first, RowKey last) {
        return COMPLETED.and(CALLBACK_REQUESTS.COMPLETED_AT.ge(from)).and(CALLBACK_REQUESTS.COMPLETED_AT.lt(to))
                .and(DSL.row(CALLBACK_REQUESTS.COMPLETED_AT, CALLBACK_REQUESTS.CALLBACK_REQUEST_ID)
                        .ge(first.at(), UUID.fromString(first.id())))
                .and(DSL.row(CALLBACK_REQUESTS.COMPLETED_AT, CALLBACK_REQUESTS.CALLBACK_REQUEST_ID)
                        .le(last.at(), UUID.fromString(last.id())));
    }
}
