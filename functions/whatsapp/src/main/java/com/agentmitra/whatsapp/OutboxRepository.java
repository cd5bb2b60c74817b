package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.shared.Tables.WHATSAPP_TEMPLATES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** The sender's SQL: the outbox rows of {@code whatsapp_messages}, templates and recipients. */
final class OutboxRepository {

    /** The rows of template {@code name} in {@code language} and in English, for {@link LanguageFallback}. */
    List<ApprovedTemplate> templates(DSLContext tx, String name, String language) {
        var t = WHATSAPP_TEMPLATES;
        return tx.select(t.TEMPLATE_NAME, t.LANGUAGE, t.CATEGORY, t.PARAMETER_COUNT, t.APPROVAL_STATUS, t.BUTTONS)
                .from(t).where(t.TEMPLATE_NAME.eq(name), t.LANGUAGE.in(language, LanguageFallback.ENGLISH))
                .fetch(r -> new ApprovedTemplate(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6() != null && r.value6().data().contains("\"url\"")));
    }

    /**
     * The recipient as they stand now (read when the message is sent, so a consent withdrawn or a category switched
     * off after the message was queued still stops it).
     */
    Recipient recipient(DSLContext tx, String phone) {
        var p = POLICYHOLDERS;
        return tx.select(p.POLICYHOLDER_ID, p.AGENT_ID, p.WHATSAPP_UTILITY_OPT_IN, p.WHATSAPP_MARKETING_OPT_IN,
                        p.WHATSAPP_LAST_INBOUND_AT,
                        switchedOff(p.COMMUNICATION_PREFERENCES, NotificationCategory.PREMIUM_REMINDERS),
                        switchedOff(p.COMMUNICATION_PREFERENCES, NotificationCategory.CALLBACK_UPDATES),
                        switchedOff(p.COMMUNICATION_PREFERENCES, NotificationCategory.GREETINGS_AND_OFFERS))
                .from(p).where(p.PHONE_NUMBER.eq(phone))
                .fetchOptional(r -> {
                    Set<NotificationCategory> off = EnumSet.noneOf(NotificationCategory.class);
                    if (r.value6()) {
                        off.add(NotificationCategory.PREMIUM_REMINDERS);
                    }
                    if (r.value7()) {
                        off.add(NotificationCategory.CALLBACK_UPDATES);
                    }
                    if (r.value8()) {
                        off.add(NotificationCategory.GREETINGS_AND_OFFERS);
                    }
                    return new Recipient(Optional.of(r.value1()), Optional.ofNullable(r.value2()),
                            Boolean.TRUE.equals(r.value3()), Boolean.TRUE.equals(r.value4()), off,
                            Optional.ofNullable(r.value5()));
                })
                .orElse(Recipient.unknown());
    }

    /** Off only when the customer set the key to false: a missing key or no preferences at all is on. */
    private static Field<Boolean> switchedOff(Field<JSONB> preferences, NotificationCategory category) {
        return DSL.field("coalesce(({0} -> {1}) = 'false'::jsonb, false)", Boolean.class, preferences,
                DSL.inline(category.key()));
    }

    /** The outbox row for the key, queued if new; a key seen before keeps its row untouched. */
    void insertIfNew(DSLContext tx, WhatsappMessage message, Optional<ApprovedTemplate> template, Recipient recipient) {
        var m = WHATSAPP_MESSAGES;
        boolean secret = template.map(ApprovedTemplate::isAuthentication).orElse(false);
        List<String> parameters = message.template() == null ? List.of()
                : secret ? Collections.nCopies(message.template().parameters().size(), "***")
                : message.template().parameters();
        tx.insertInto(m)
                .set(m.IDEMPOTENCY_KEY, message.idempotencyKey())
                .set(m.PHONE_NUMBER, message.recipient())
                .set(m.POLICYHOLDER_ID, recipient.policyholderId().orElse(null))
                .set(m.AGENT_ID, recipient.agentId().orElse(null))
                .set(m.MESSAGE_TYPE, message.text() != null ? "text" : "template")
                .set(m.CONTENT, message.text())
                .set(m.WHATSAPP_TEMPLATE_NAME, message.template() == null ? null : message.template().name())
                .set(m.TEMPLATE_LANGUAGE, message.template() == null ? null : message.template().language())
                .set(m.TEMPLATE_PARAMETERS, message.template() == null ? null : JSONB.valueOf(Json.write(parameters)))
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.queued)
                .set(m.IS_FROM_CUSTOMER, false)
                .onConflict(m.IDEMPOTENCY_KEY).doNothing()
                .execute();
    }

    record Locked(UUID messageId, int attempts, ClaimRule.Row row) {}

    Locked lock(DSLContext tx, String idempotencyKey) {
        var m = WHATSAPP_MESSAGES;
        return tx.select(m.MESSAGE_ID, m.ATTEMPT_COUNT, m.SEND_STATUS, m.SENDING_UNTIL, m.UPDATED_AT,
                        m.WHATSAPP_MESSAGE_ID, m.HELD_UNTIL)
                .from(m).where(m.IDEMPOTENCY_KEY.eq(idempotencyKey)).forUpdate()
                .fetchSingle(r -> new Locked(r.value1(), r.value2(),
                        new ClaimRule.Row(r.value3(), r.value4(), r.value5(), r.value6(), r.value7())));
    }

    /**
     * Takes the row for this invocation: {@code sending} until the lease ends, in send slot {@code slot} (kept in
     * {@code held_until}, which later messages to the number keep their distance from). Returns the attempt number.
     */
    int claim(DSLContext tx, UUID messageId, Optional<String> templateLanguage, Instant now, Duration lease,
            Instant slot) {
        var m = WHATSAPP_MESSAGES;
        return tx.update(m)
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.sending)
                .set(m.HELD_UNTIL, slot)
                .set(m.HELD_REASON, (String) null)
                // the language this attempt sends in (LanguageFallback may have chosen English)
                .set(m.TEMPLATE_LANGUAGE, templateLanguage.<Field<String>>map(DSL::val).orElse(m.TEMPLATE_LANGUAGE))
                .set(m.ATTEMPT_COUNT, m.ATTEMPT_COUNT.plus(1))
                .set(m.SENDING_UNTIL, now.plus(lease).plus(Duration.between(now, slot).isNegative() ? Duration.ZERO
                        : Duration.between(now, slot)))
                .where(m.MESSAGE_ID.eq(messageId))
                .returning(m.ATTEMPT_COUNT).fetchSingle(m.ATTEMPT_COUNT);
    }

    /** Held for the recipient's next free send slot: the row says so, until when and why; nothing is sent now. */
    void hold(DSLContext tx, UUID messageId, Instant until, String reason) {
        var m = WHATSAPP_MESSAGES;
        tx.update(m)
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.held)
                .set(m.HELD_UNTIL, until)
                .set(m.HELD_REASON, reason)
                .where(m.MESSAGE_ID.eq(messageId))
                .execute();
    }

    /**
     * Serialises the slot decisions for one number within the tenant until the transaction ends (two senders
     * deciding at once would give two messages the same slot).
     */
    void lockPair(DSLContext tx, String phone) {
        tx.fetch("select pg_advisory_xact_lock(hashtextextended({0}, 0))", DSL.val("whatsapp-pair:" + phone));
    }

    /**
     * The send slots other messages to {@code phone} hold from {@code since} on, ascending: accepted ones at the time
     * Meta accepted them, ones being sent at their slot, held ones at the slot they wait for (only those up to
     * {@code heldUpTo} when given: a held message come back for its own slot does not yield to messages held after
     * it), unknown ones at the time their outcome became unknown.
     */
    List<Instant> takenSlots(DSLContext tx, String phone, UUID except, Instant since, Optional<Instant> heldUpTo,
            Duration lease) {
        var m = WHATSAPP_MESSAGES;
        Field<Instant> slot = DSL.when(m.SEND_STATUS.eq(WhatsappSendStatusEnum.accepted),
                        DSL.coalesce(m.ACCEPTED_AT, m.UPDATED_AT))
                .when(m.SEND_STATUS.eq(WhatsappSendStatusEnum.sending),
                        DSL.coalesce(m.HELD_UNTIL, DSL.field("{0} - make_interval(secs => {1})", Instant.class,
                                m.SENDING_UNTIL, DSL.val(lease.toSeconds()))))
                .when(m.SEND_STATUS.eq(WhatsappSendStatusEnum.held), m.HELD_UNTIL)
                .otherwise(m.UPDATED_AT).as("slot");
        var held = heldUpTo.map(upTo -> m.SEND_STATUS.ne(WhatsappSendStatusEnum.held).or(m.HELD_UNTIL.le(upTo)))
                .orElse(DSL.trueCondition());
        var slots = tx.select(slot).from(m)
                .where(m.PHONE_NUMBER.eq(phone), m.IS_FROM_CUSTOMER.isFalse(), m.MESSAGE_ID.ne(except),
                        m.SEND_STATUS.in(WhatsappSendStatusEnum.accepted, WhatsappSendStatusEnum.sending,
                                WhatsappSendStatusEnum.held, WhatsappSendStatusEnum.unknown), held)
                .asTable("s");
        Field<Instant> at = DSL.field(DSL.name("s", "slot"), Instant.class);
        return tx.select(at).from(slots).where(at.ge(since)).orderBy(at).limit(PairPacing.MAX_TAKEN).fetch(at);
    }

    /**
     * Meta accepted this attempt. Should the row have moved on meanwhile (a status webhook settled it with another
     * wamid), this wamid is still kept among its other wamids: every message id Meta gave is kept (issue 21).
     */
    void accepted(DSLContext tx, UUID messageId, int attempt, String wamid, String waId, Instant now) {
        var m = WHATSAPP_MESSAGES;
        int updated = tx.update(m)
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.accepted)
                .set(m.WHATSAPP_MESSAGE_ID, wamid)
                .set(m.WA_ID, waId)
                .set(m.ACCEPTED_AT, now)
                .set(m.SENDING_UNTIL, (Instant) null)
                .set(m.ERROR_CODE, (Integer) null)
                .set(m.ERROR_DETAILS, (String) null)
                .where(m.MESSAGE_ID.eq(messageId), m.ATTEMPT_COUNT.eq(attempt),
                        m.SEND_STATUS.in(WhatsappSendStatusEnum.sending, WhatsappSendStatusEnum.unknown))
                .execute();
        if (updated == 0) {
            tx.update(m).set(m.OTHER_WHATSAPP_MESSAGE_IDS, WebhookRepository.withOtherWamid(wamid))
                    .where(m.MESSAGE_ID.eq(messageId)).execute();
        }
    }

    /** Ends a send attempt in {@code status} (failed, retry, unknown) with the error, if this attempt still owns it. */
    void ended(DSLContext tx, UUID messageId, int attempt, WhatsappSendStatusEnum status, Integer code, String details,
            Instant now) {
        var m = WHATSAPP_MESSAGES;
        tx.update(m)
                .set(m.SEND_STATUS, status)
                .set(m.SENDING_UNTIL, (Instant) null)
                .set(m.ERROR_CODE, code)
                .set(m.ERROR_DETAILS, details)
                .set(m.FAILED_AT, status == WhatsappSendStatusEnum.failed ? now : null)
                .where(m.MESSAGE_ID.eq(messageId), m.ATTEMPT_COUNT.eq(attempt),
                        m.SEND_STATUS.eq(WhatsappSendStatusEnum.sending))
                .execute();
    }

    /** A send whose sender stopped mid-send (lease and grace period over): its outcome is unknown, said so. */
    void abandoned(DSLContext tx, UUID messageId, String reason) {
        var m = WHATSAPP_MESSAGES;
        tx.update(m)
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.unknown)
                .set(m.SENDING_UNTIL, (Instant) null)
                .set(m.ERROR_DETAILS, reason)
                .where(m.MESSAGE_ID.eq(messageId), m.SEND_STATUS.eq(WhatsappSendStatusEnum.sending))
                .execute();
    }

    /** Refused before any send (consent, window, template): failed for good with the reason. */
    void refused(DSLContext tx, UUID messageId, Integer code, String reason, Instant now) {
        var m = WHATSAPP_MESSAGES;
        tx.update(m)
                .set(m.SEND_STATUS, WhatsappSendStatusEnum.failed)
                .set(m.ERROR_CODE, code)
                .set(m.ERROR_DETAILS, "refused: " + reason)
                .set(m.FAILED_AT, now)
                .where(m.MESSAGE_ID.eq(messageId))
                .execute();
    }
}
