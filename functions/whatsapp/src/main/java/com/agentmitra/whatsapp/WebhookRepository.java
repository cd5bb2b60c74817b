package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.impl.DSL;

/** The webhook's SQL: status updates of outbound rows, inbound rows, consent and the service window. */
final class WebhookRepository {

    record Outbound(UUID messageId, String wamid, String whatsappStatus, UUID policyholderId) {}

    Optional<Outbound> lockByWamid(DSLContext tx, String wamid) {
        var m = WHATSAPP_MESSAGES;
        return tx.select(m.MESSAGE_ID, m.WHATSAPP_MESSAGE_ID, m.WHATSAPP_STATUS, m.POLICYHOLDER_ID).from(m)
                .where(m.WHATSAPP_MESSAGE_ID.eq(wamid), m.IS_FROM_CUSTOMER.isFalse()).forUpdate()
                .fetchOptional(r -> new Outbound(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    Optional<Outbound> lockById(DSLContext tx, UUID messageId) {
        var m = WHATSAPP_MESSAGES;
        return tx.select(m.MESSAGE_ID, m.WHATSAPP_MESSAGE_ID, m.WHATSAPP_STATUS, m.POLICYHOLDER_ID).from(m)
                .where(m.MESSAGE_ID.eq(messageId), m.IS_FROM_CUSTOMER.isFalse()).forUpdate()
                .fetchOptional(r -> new Outbound(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * Records a status: the status column only if it moves forward; each time column only if still empty (times
     * from the payload); a row we never heard back about (unknown outcome) learns its wamid and counts as accepted.
     */
    void applyStatus(DSLContext tx, Outbound row, WebhookPayload.StatusUpdate update, boolean moves) {
        var m = WHATSAPP_MESSAGES;
        var query = tx.update(m)
                .set(m.WHATSAPP_MESSAGE_ID, DSL.coalesce(m.WHATSAPP_MESSAGE_ID, DSL.val(update.wamid())))
                .set(m.SEND_STATUS, DSL.when(m.SEND_STATUS.in(WhatsappSendStatusEnum.unknown,
                                WhatsappSendStatusEnum.sending, WhatsappSendStatusEnum.retry),
                        DSL.val(WhatsappSendStatusEnum.accepted)).otherwise(m.SEND_STATUS))
                .set(m.SENDING_UNTIL, DSL.when(m.SEND_STATUS.in(WhatsappSendStatusEnum.unknown,
                        WhatsappSendStatusEnum.sending, WhatsappSendStatusEnum.retry), DSL.val((Instant) null))
                        .otherwise(m.SENDING_UNTIL))
                .set(m.ACCEPTED_AT, DSL.coalesce(m.ACCEPTED_AT, DSL.val(update.at())));
        Instant at = update.at();
        switch (update.status()) {
            case "sent" -> query = query.set(m.SENT_AT, DSL.coalesce(m.SENT_AT, DSL.val(at)));
            case "delivered" -> query = query.set(m.DELIVERED_AT, DSL.coalesce(m.DELIVERED_AT, DSL.val(at)));
            case "read", "played" -> query = query
                    .set(m.READ_AT, DSL.coalesce(m.READ_AT, DSL.val(at)))
                    .set(m.DELIVERED_AT, DSL.coalesce(m.DELIVERED_AT, DSL.val(at)));
            case "failed" -> {
                if (moves) {
                    query = query.set(m.FAILED_AT, DSL.coalesce(m.FAILED_AT, DSL.val(at)))
                            .set(m.ERROR_CODE, update.errorCode().orElse(null))
                            .set(m.ERROR_DETAILS, update.errorTitle().orElse("failed"));
                }
            }
            default -> { }
        }
        if (moves) {
            query = query.set(m.WHATSAPP_STATUS, update.status());
        }
        query.where(m.MESSAGE_ID.eq(row.messageId())).execute();
    }

    record Customer(UUID policyholderId, UUID agentId, boolean marketingOptIn, Optional<Instant> consentUpdatedAt) {}

    Optional<Customer> lockCustomer(DSLContext tx, String phone) {
        var p = POLICYHOLDERS;
        return tx.select(p.POLICYHOLDER_ID, p.AGENT_ID, p.WHATSAPP_MARKETING_OPT_IN, p.WHATSAPP_CONSENT_UPDATED_AT)
                .from(p).where(p.PHONE_NUMBER.eq(phone)).forUpdate()
                .fetchOptional(r -> new Customer(r.value1(), r.value2(), Boolean.TRUE.equals(r.value3()),
                        Optional.ofNullable(r.value4())));
    }

    /** Stores an inbound message once per wamid; false when it was stored before (a webhook retry). */
    boolean insertInbound(DSLContext tx, Customer customer, WebhookPayload.InboundMessage message) {
        var m = WHATSAPP_MESSAGES;
        return tx.insertInto(m)
                .set(m.WHATSAPP_MESSAGE_ID, message.wamid())
                .set(m.POLICYHOLDER_ID, customer.policyholderId())
                .set(m.AGENT_ID, customer.agentId())
                .set(m.PHONE_NUMBER, message.phone())
                .set(m.WA_ID, message.from())
                .set(m.MESSAGE_TYPE, message.type())
                .set(m.CONTENT, message.text().orElse(null))
                .set(m.IS_FROM_CUSTOMER, true)
                .set(m.CREATED_AT, message.at())
                .onConflict(m.WHATSAPP_MESSAGE_ID).doNothing()
                .execute() == 1;
    }

    /** Opens (or extends) the 24-hour service window; an older message never shortens it. */
    void openWindow(DSLContext tx, UUID policyholderId, Instant at) {
        var p = POLICYHOLDERS;
        tx.update(p).set(p.WHATSAPP_LAST_INBOUND_AT, DSL.greatest(DSL.coalesce(p.WHATSAPP_LAST_INBOUND_AT,
                        DSL.val(at)), DSL.val(at)))
                .where(p.POLICYHOLDER_ID.eq(policyholderId)).execute();
    }

    /**
     * Opts the number's customers out of marketing as of {@code at}, unless they already are or changed their
     * consent after {@code at}, compared to the second as {@link ConsentChange} does for a STOP; answers how many rows
     * changed.
     */
    int recordMarketingStop(DSLContext tx, String phone, Instant at) {
        var p = POLICYHOLDERS;
        return tx.update(p).set(p.WHATSAPP_MARKETING_OPT_IN, false).set(p.WHATSAPP_CONSENT_UPDATED_AT, at)
                .where(p.PHONE_NUMBER.eq(phone), p.WHATSAPP_CONSENT_UPDATED_AT.isNull()
                        .or(p.WHATSAPP_MARKETING_OPT_IN.isTrue()
                                .and(DSL.trunc(p.WHATSAPP_CONSENT_UPDATED_AT, DatePart.SECOND).le(at))))
                .execute();
    }

    void setMarketingConsent(DSLContext tx, UUID policyholderId, boolean optIn, Instant at) {
        var p = POLICYHOLDERS;
        tx.update(p).set(p.WHATSAPP_MARKETING_OPT_IN, optIn).set(p.WHATSAPP_CONSENT_UPDATED_AT, at)
                .where(p.POLICYHOLDER_ID.eq(policyholderId)).execute();
    }
}
