package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.shared.Tables.CONSENT_NOTICES;
import static com.agentmitra.data.jooq.shared.Tables.TENANTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.messaging.WhatsappMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.jooq.DatePart;
import org.jooq.impl.DSL;

/**
 * The webhook's SQL: status updates of outbound rows, inbound rows, consent (through {@code record_consent}), the
 * consent question and the service window.
 */
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

    /** The row one of whose other wamids (a message Meta accepted more than once, tenant V121) this is. */
    Optional<Outbound> lockByOtherWamid(DSLContext tx, String wamid) {
        var m = WHATSAPP_MESSAGES;
        return tx.select(m.MESSAGE_ID, m.WHATSAPP_MESSAGE_ID, m.WHATSAPP_STATUS, m.POLICYHOLDER_ID).from(m)
                .where(DSL.condition("cardinality({0}) > 0 and {0} @> array[{1}]::varchar[]",
                        m.OTHER_WHATSAPP_MESSAGE_IDS, DSL.val(wamid)), m.IS_FROM_CUSTOMER.isFalse())
                .limit(1).forUpdate()
                .fetchOptional(r -> new Outbound(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * Adds {@code wamid} to the row's other wamids unless it is its wamid or listed already (at most 20: tenant
     * V121), so every message id Meta gave for the message is kept.
     */
    static org.jooq.Field<String[]> withOtherWamid(String wamid) {
        var m = WHATSAPP_MESSAGES;
        return DSL.when(m.WHATSAPP_MESSAGE_ID.isNotNull().and(m.WHATSAPP_MESSAGE_ID.ne(wamid))
                        .and(DSL.condition("not ({0} = any({1}))", DSL.val(wamid), m.OTHER_WHATSAPP_MESSAGE_IDS))
                        .and(DSL.condition("cardinality({0}) < 20", m.OTHER_WHATSAPP_MESSAGE_IDS)),
                DSL.field("array_append({0}, {1}::varchar)", String[].class, m.OTHER_WHATSAPP_MESSAGE_IDS,
                        DSL.val(wamid)))
                .otherwise(m.OTHER_WHATSAPP_MESSAGE_IDS);
    }

    /**
     * Records a status: the status column only if it moves forward; each time column only if still empty (times
     * from the payload); a row we never heard back about (unknown outcome) learns its wamid and counts as accepted; a
     * wamid other than the row's own (Meta accepted the message more than once) is kept among its other wamids.
     */
    void applyStatus(DSLContext tx, Outbound row, WebhookPayload.StatusUpdate update, boolean moves) {
        var m = WHATSAPP_MESSAGES;
        var query = tx.update(m)
                .set(m.OTHER_WHATSAPP_MESSAGE_IDS, withOtherWamid(update.wamid()))
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

    /**
     * A customer as the webhook needs them, locked: consent per purpose with the time the customer made the
     * statement that set it, and the language they read.
     */
    record Customer(UUID policyholderId, UUID agentId, boolean utilityOptIn, Optional<Instant> utilitySaidAt,
            boolean marketingOptIn, Optional<Instant> marketingSaidAt, String preferredLanguage) {

        boolean optIn(ConsentChange.Purpose purpose) {
            return purpose == ConsentChange.Purpose.WHATSAPP_UTILITY ? utilityOptIn : marketingOptIn;
        }

        Optional<Instant> saidAt(ConsentChange.Purpose purpose) {
            return purpose == ConsentChange.Purpose.WHATSAPP_UTILITY ? utilitySaidAt : marketingSaidAt;
        }
    }

    Optional<Customer> lockCustomer(DSLContext tx, String phone) {
        return customers(tx, POLICYHOLDERS.PHONE_NUMBER.eq(phone)).fetchOptional(WebhookRepository::customer);
    }

    /** Every customer of the tenant with this number (a number may be shared, as in a family). */
    List<Customer> lockCustomers(DSLContext tx, String phone) {
        return customers(tx, POLICYHOLDERS.PHONE_NUMBER.eq(phone)).fetch(WebhookRepository::customer);
    }

    Optional<Customer> lockCustomer(DSLContext tx, UUID policyholderId) {
        return customers(tx, POLICYHOLDERS.POLICYHOLDER_ID.eq(policyholderId))
                .fetchOptional(WebhookRepository::customer);
    }

    private static org.jooq.ResultQuery<Record7<UUID, UUID, Boolean, Instant, Boolean, Instant, String>> customers(
            DSLContext tx, Condition which) {
        var p = POLICYHOLDERS;
        return tx.select(p.POLICYHOLDER_ID, p.AGENT_ID, p.WHATSAPP_UTILITY_OPT_IN, p.WHATSAPP_UTILITY_CONSENT_AT,
                        p.WHATSAPP_MARKETING_OPT_IN, p.WHATSAPP_MARKETING_CONSENT_AT, p.PREFERRED_LANGUAGE)
                .from(p).where(which).orderBy(p.POLICYHOLDER_ID).forUpdate();
    }

    private static Customer customer(Record7<UUID, UUID, Boolean, Instant, Boolean, Instant, String> r) {
        return new Customer(r.value1(), r.value2(), Boolean.TRUE.equals(r.value3()), Optional.ofNullable(r.value4()),
                Boolean.TRUE.equals(r.value5()), Optional.ofNullable(r.value6()), r.value7());
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
     * A customer's statement, through {@code record_consent} (tenant V102, the one way consent changes): appended to
     * the ledger with source {@code whatsapp_reply}, made current when it is the customer's latest for that purpose.
     * Answers whether it became current.
     */
    boolean recordConsent(DSLContext tx, UUID policyholderId, ConsentChange.Purpose purpose, boolean granted,
            String evidence, String noticeVersion, Instant saidAt) {
        return Boolean.TRUE.equals(tx.select(Routines.recordConsent(policyholderId, purpose.code(), granted,
                "whatsapp_reply", evidence, noticeVersion, saidAt, (UUID) null)).fetchSingle().value1());
    }

    /**
     * The notice of the latest consent question Meta accepted for this customer within 24 hours before
     * {@code answeredAt} (WhatsApp's times are whole seconds: a question accepted earlier in the same second counts).
     */
    Optional<String> questionAnswerable(DSLContext tx, UUID policyholderId, Instant answeredAt) {
        var m = WHATSAPP_MESSAGES;
        return tx.select(m.IDEMPOTENCY_KEY).from(m)
                .where(m.POLICYHOLDER_ID.eq(policyholderId), m.IS_FROM_CUSTOMER.isFalse(),
                        // the customer's recent rows, by index; the question was created before it was accepted
                        m.CREATED_AT.gt(answeredAt.minus(ConsentQuestion.ANSWER_WINDOW.multipliedBy(2))),
                        m.IDEMPOTENCY_KEY.startsWith(ConsentQuestion.KEY_PREFIX),
                        m.SEND_STATUS.eq(WhatsappSendStatusEnum.accepted),
                        m.ACCEPTED_AT.gt(answeredAt.minus(ConsentQuestion.ANSWER_WINDOW)),
                        DSL.trunc(m.ACCEPTED_AT, DatePart.SECOND).le(answeredAt))
                .orderBy(m.ACCEPTED_AT.desc()).limit(1)
                .fetchOptional(m.IDEMPOTENCY_KEY).flatMap(ConsentQuestion::noticeOf);
    }

    /**
     * Whether a consent question to this customer reached the sender on the business day of {@code at} (any key
     * with that day's prefix, whatever its notice).
     */
    boolean questionAskedOn(DSLContext tx, UUID policyholderId, Instant at) {
        var m = WHATSAPP_MESSAGES;
        return tx.fetchExists(m, m.POLICYHOLDER_ID.eq(policyholderId), m.IS_FROM_CUSTOMER.isFalse(),
                m.CREATED_AT.gt(at.minus(Duration.ofDays(2))),
                m.IDEMPOTENCY_KEY.startsWith(ConsentQuestion.dayPrefix(policyholderId, at)));
    }

    /**
     * The outbox row of a consent question, queued (the sender finds it by its key and sends it as any other), so
     * the next message of the day sees the question asked even before it is sent. False when it existed already.
     */
    boolean insertQuestion(DSLContext tx, Customer customer, WhatsappMessage question) {
        var m = WHATSAPP_MESSAGES;
        return tx.insertInto(m)
                .set(m.IDEMPOTENCY_KEY, question.idempotencyKey())
                .set(m.PHONE_NUMBER, question.recipient())
                .set(m.POLICYHOLDER_ID, customer.policyholderId())
                .set(m.AGENT_ID, customer.agentId())
                .set(m.MESSAGE_TYPE, "text")
                .set(m.CONTENT, question.text())
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.queued)
                .set(m.IS_FROM_CUSTOMER, false)
                .onConflict(m.IDEMPOTENCY_KEY).doNothing()
                .execute() == 1;
    }

    /** The business as customers know it: the tenant's name. */
    String businessName(DSLContext tx, UUID tenantId) {
        return tx.select(TENANTS.TENANT_NAME).from(TENANTS).where(TENANTS.TENANT_ID.eq(tenantId))
                .fetchSingle(TENANTS.TENANT_NAME);
    }

    String noticeBody(DSLContext tx, String noticeVersion) {
        return tx.select(CONSENT_NOTICES.BODY).from(CONSENT_NOTICES)
                .where(CONSENT_NOTICES.NOTICE_VERSION.eq(noticeVersion)).fetchSingle(CONSENT_NOTICES.BODY);
    }
}
