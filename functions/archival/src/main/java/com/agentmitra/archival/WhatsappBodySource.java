package com.agentmitra.archival;

import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.data.Tenant;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * WhatsApp message bodies (text, media link, template parameters) older than their retention: the bodies go to the
 * archive and are blanked; the metadata row (who, when, status) stays for reporting.
 */
final class WhatsappBodySource implements ArchiveSource {

    private static final Condition HAS_BODY = WHATSAPP_MESSAGES.CONTENT.isNotNull()
            .or(WHATSAPP_MESSAGES.MEDIA_URL.isNotNull())
            .or(WHATSAPP_MESSAGES.TEMPLATE_PARAMETERS.isNotNull());

    @Override
    public String table() {
        return "whatsapp_message_bodies";
    }

    @Override
    public Instant cutoff(Retention retention, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(retention.whatsappBodies()).toInstant();
    }

    @Override
    public Optional<Instant> oldest(DSLContext tx, Tenant tenant, Instant cutoff) {
        return Optional.ofNullable(tx.select(DSL.min(WHATSAPP_MESSAGES.CREATED_AT)).from(WHATSAPP_MESSAGES)
                .where(WHATSAPP_MESSAGES.CREATED_AT.lt(cutoff)).and(HAS_BODY).fetchSingle().value1());
    }

    @Override
    public List<ArchiveRow> batch(DSLContext tx, Tenant tenant, Instant from, Instant to, Optional<RowKey> after, int limit) {
        Condition window = WHATSAPP_MESSAGES.CREATED_AT.ge(from).and(WHATSAPP_MESSAGES.CREATED_AT.lt(to)).and(HAS_BODY);
        if (after.isPresent()) {
            window = window.and(DSL.row(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.MESSAGE_ID)
                    .gt(after.get().at(), UUID.fromString(after.get().id())));
        }
        return tx.select(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.MESSAGE_ID,
                        DSL.field("jsonb_build_object('message_id', {0}, 'tenant_id', {1}, 'created_at', {2}, "
                                + "'content', {3}, 'media_url', {4}, 'template_parameters', {5})::text", String.class,
                                WHATSAPP_MESSAGES.MESSAGE_ID, WHATSAPP_MESSAGES.TENANT_ID, WHATSAPP_MESSAGES.CREATED_AT,
                                WHATSAPP_MESSAGES.CONTENT, WHATSAPP_MESSAGES.MEDIA_URL, WHATSAPP_MESSAGES.TEMPLATE_PARAMETERS))
                .from(WHATSAPP_MESSAGES)
                .where(window)
                .orderBy(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.MESSAGE_ID)
                .limit(limit)
                .fetch(row -> new ArchiveRow(new RowKey(row.value1(), row.value2().toString()), row.value3()));
    }

    @Override
    public long count(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.fetchCount(WHATSAPP_MESSAGES, inRange(from, to, first, last));
    }

    @Override
    public long remove(DSLContext tx, Tenant tenant, Instant from, Instant to, RowKey first, RowKey last) {
        return tx.update(WHATSAPP_MESSAGES)
                .setNull(WHATSAPP_MESSAGES.CONTENT)
                .setNull(WHATSAPP_MESSAGES.MEDIA_URL)
                .setNull(WHATSAPP_MESSAGES.TEMPLATE_PARAMETERS)
                .where(inRange(from, to, first, last))
                .execute();
    }

    @Override
    public long restore(DSLContext tx, Tenant tenant, List<String> rows) {
        return tx.execute("""
                insert into {0} (message_id, tenant_id, created_at, content, media_url, template_parameters)
                select r.message_id, r.tenant_id, r.created_at, r.content, r.media_url, r.template_parameters
                  from jsonb_to_recordset({1}) as r(message_id uuid, tenant_id uuid, created_at timestamptz,
                       content text, media_url varchar(500), template_parameters jsonb)
                on conflict (message_id) do nothing""",
                com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES_RESTORED,
                DSL.val(JSONB.jsonb("[" + String.join(",", rows) + "]")));
    }

    private static Condition inRange(Instant from, Instant to, RowKey first, RowKey last) {
        return WHATSAPP_MESSAGES.CREATED_AT.ge(from).and(WHATSAPP_MESSAGES.CREATED_AT.lt(to)).and(HAS_BODY)
                .and(DSL.row(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.MESSAGE_ID)
                        .ge(first.at(), UUID.fromString(first.id())))
                .and(DSL.row(WHATSAPP_MESSAGES.CREATED_AT, WHATSAPP_MESSAGES.MESSAGE_ID)
                        .le(last.at(), UUID.fromString(last.id())));
    }
}
