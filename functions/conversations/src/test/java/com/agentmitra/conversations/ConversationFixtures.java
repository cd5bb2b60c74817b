package com.agentmitra.conversations;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Tenant;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;

/** Conversation test data, written as the schema owner as the webhook and the sender would store it. */
final class ConversationFixtures {

    final TestDatabase db;
    final Fixtures fixtures;

    ConversationFixtures(TestDatabase db) {
        this.db = db;
        this.fixtures = new Fixtures(db);
    }

    DSLContext owner(Tenant tenant) {
        return db.ownerDsl(tenant);
    }

    /** A customer of {@code agent} with utility consent, English. */
    UUID customer(Fixtures.Agent agent, String firstName) {
        UUID id = fixtures.policyholder().of(agent).named(firstName).create();
        owner(agent.tenant()).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, true)
                .set(POLICYHOLDERS.CUSTOMER_ID, "C-" + id.toString().substring(0, 8))
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).execute();
        return id;
    }

    /** A customer's message as the webhook stores it (its time is WhatsApp's), opening the window. */
    UUID inbound(Tenant tenant, UUID policyholderId, String text, Instant at) {
        DSLContext dsl = owner(tenant);
        UUID id = dsl.fetchSingle("insert into " + tenant.schema() + ".whatsapp_messages (whatsapp_message_id,"
                + " policyholder_id, agent_id, phone_number, wa_id, message_type, content, is_from_customer, created_at)"
                + " select ?, p.policyholder_id, p.agent_id, p.phone_number, substr(p.phone_number, 2), 'text', ?, true, ?::timestamptz"
                + " from " + tenant.schema() + ".policyholders p where p.policyholder_id = ? returning message_id",
                "wamid.in." + UUID.randomUUID(), text, at.atOffset(ZoneOffset.UTC), policyholderId).get(0, UUID.class);
        dsl.execute("update " + tenant.schema() + ".policyholders set whatsapp_last_inbound_at ="
                + " greatest(coalesce(whatsapp_last_inbound_at, ?::timestamptz), ?::timestamptz) where policyholder_id = ?",
                at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), policyholderId);
        return id;
    }

    /** An outbound message as the sender leaves it, with Meta's status (null: none yet) and an error. */
    UUID outbound(Tenant tenant, UUID policyholderId, String text, Instant at, String sendStatus,
            String whatsappStatus, Integer errorCode, String errorDetails) {
        return owner(tenant).fetchSingle("insert into " + tenant.schema() + ".whatsapp_messages (idempotency_key,"
                + " whatsapp_message_id, policyholder_id, agent_id, phone_number, message_type, content, send_status,"
                + " whatsapp_status, error_code, error_details, is_from_customer, created_at)"
                + " select ?, ?, p.policyholder_id, p.agent_id, p.phone_number, 'text', ?,"
                + " ?::shared.whatsapp_send_status_enum, ?, ?, ?, false, ?::timestamptz"
                + " from " + tenant.schema() + ".policyholders p where p.policyholder_id = ? returning message_id",
                "test:" + UUID.randomUUID(), "wamid.out." + UUID.randomUUID(), text, sendStatus, whatsappStatus,
                errorCode, errorDetails, at.atOffset(ZoneOffset.UTC), policyholderId).get(0, UUID.class);
    }

    /** What archival leaves of a message: the row without its body. */
    void archiveBody(Tenant tenant, UUID messageId) {
        owner(tenant).execute("update " + tenant.schema() + ".whatsapp_messages set content = null, media_url = null,"
                + " template_parameters = null where message_id = ?", messageId);
    }

    UUID callbackFromWhatsapp(Tenant tenant, UUID policyholderId, Instant at) {
        return owner(tenant).fetchSingle("insert into " + tenant.schema() + ".callback_requests (customer_id,"
                + " request_type, description, customer_name, customer_phone, source, source_reference_id, created_at)"
                + " select p.policyholder_id, 'general_inquiry', 'asked on WhatsApp', p.full_name, p.phone_number,"
                + " 'whatsapp', ?, ?::timestamptz from " + tenant.schema() + ".policyholders p where p.policyholder_id = ?"
                + " returning callback_request_id",
                "wamid.cb." + UUID.randomUUID(), at.atOffset(ZoneOffset.UTC), policyholderId).get(0, UUID.class);
    }

    long rows(Tenant tenant, String where, Object... binds) {
        return owner(tenant).fetchSingle("select count(*) from " + tenant.schema() + ".whatsapp_messages where "
                + where, binds).get(0, Long.class);
    }
}
