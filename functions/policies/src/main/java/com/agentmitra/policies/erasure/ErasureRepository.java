package com.agentmitra.policies.erasure;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.LOGIN_OTPS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.SCHEDULED_MESSAGES;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.data.AccessEvents;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.Routines;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The statements of an erasure, each set-based over one person's rows. Runs as the backend (the caller's right to
 * ask was checked first), because an erasure reaches rows the caller's own role cannot (sessions, outbox rows).
 */
final class ErasureRepository {

    record Person(UUID id, Optional<UUID> userId, Optional<String> phone, String language, Optional<Instant> erasedAt,
            String fullName) {}

    Optional<Person> lock(DSLContext tx, UUID policyholderId) {
        var p = POLICYHOLDERS;
        return tx.select(p.POLICYHOLDER_ID, p.USER_ID, p.PHONE_NUMBER, p.PREFERRED_LANGUAGE, p.ERASED_AT, p.FULL_NAME)
                .from(p).where(p.POLICYHOLDER_ID.eq(policyholderId)).forUpdate()
                .fetchOptional(r -> new Person(r.value1(), Optional.ofNullable(r.value2()),
                        Optional.ofNullable(r.value3()), r.value4(), Optional.ofNullable(r.value5()), r.value6()));
    }

    boolean hasOpenCallback(DSLContext tx, UUID policyholderId) {
        var c = CALLBACK_REQUESTS;
        return tx.fetchExists(c, c.CUSTOMER_ID.eq(policyholderId),
                c.STATUS.notIn(CallbackStatus.completed, CallbackStatus.cancelled));
    }

    /** Personal fields cleared, the name replaced by the pseudonym; ids, agent and insurer's customer id kept. */
    void erasePolicyholder(DSLContext tx, UUID id, String pseudonym, Instant now) {
        var p = POLICYHOLDERS;
        tx.update(p)
                .set(p.SALUTATION, (String) null)
                .set(p.FIRST_NAME, pseudonym)
                .set(p.LAST_NAME, (String) null)
                .set(p.PHONE_NUMBER, (String) null)
                .set(p.EMAIL, (String) null)
                .set(p.DATE_OF_BIRTH, (java.time.LocalDate) null)
                .set(p.GENDER, (String) null)
                .set(p.PAN_NUMBER, (String) null)
                .set(p.AADHAAR_MASKED, (String) null)
                .set(p.AADHAAR_LAST4, (String) null)
                .set(p.ADDRESS, (JSONB) null)
                .set(p.MARITAL_STATUS, (String) null)
                .set(p.OCCUPATION, (String) null)
                .set(p.ANNUAL_INCOME, (java.math.BigDecimal) null)
                .set(p.EDUCATION_LEVEL, (String) null)
                .set(p.RISK_PROFILE, (JSONB) null)
                .set(p.COMMUNICATION_PREFERENCES, (JSONB) null)
                .set(p.FAMILY_MEMBERS, (JSONB) null)
                .set(p.NOMINEE_DETAILS, (JSONB) null)
                .set(p.BANK_DETAILS, (JSONB) null)
                .set(p.INVESTMENT_PORTFOLIO, (JSONB) null)
                .set(p.WHATSAPP_LAST_INBOUND_AT, (Instant) null)
                .set(p.MARKETING_CONSENT, false)
                .set(p.ERASED_AT, now)
                .where(p.POLICYHOLDER_ID.eq(id))
                .execute();
    }

    /** The login can no longer sign in: contact and profile cleared, deactivated, every session ended. */
    void eraseUser(DSLContext tx, UUID userId, Instant now) {
        var u = USERS;
        tx.update(u)
                .set(u.EMAIL, (String) null)
                .set(u.PHONE_NUMBER, (String) null)
                // a login needs one identifier (users_has_login_identifier): one that names nobody
                .set(u.USERNAME, "erased-" + userId)
                .set(u.PASSWORD_HASH, (String) null)
                .set(u.FIRST_NAME, (String) null)
                .set(u.LAST_NAME, (String) null)
                .set(u.DISPLAY_NAME, (String) null)
                .set(u.AVATAR_URL, (String) null)
                .set(u.DATE_OF_BIRTH, (java.time.LocalDate) null)
                .set(u.GENDER, (String) null)
                .set(u.ADDRESS, (JSONB) null)
                .set(u.EMERGENCY_CONTACT, (JSONB) null)
                .set(u.MFA_ENABLED, false)
                .set(u.MFA_SECRET, (String) null)
                .set(u.STATUS, UserStatusEnum.deactivated)
                .set(u.ERASED_AT, now)
                .where(u.USER_ID.eq(userId))
                .execute();
        var s = USER_SESSIONS;
        tx.update(s).set(s.REVOKED_AT, now).set(s.REVOKED_REASON, "erased")
                .where(s.USER_ID.eq(userId), s.REVOKED_AT.isNull()).execute();
    }

    /** Sign-in codes sent to the number (hashes, but keyed by the number). */
    void deleteLoginCodes(DSLContext tx, String phone) {
        tx.deleteFrom(LOGIN_OTPS).where(LOGIN_OTPS.PHONE_NUMBER.eq(phone)).execute();
    }

    /** Stored WhatsApp bodies and parameters of the person, both directions, redacted; the rows (and statuses) stay. */
    int redactMessages(DSLContext tx, UUID policyholderId, Optional<String> phone) {
        var m = WHATSAPP_MESSAGES;
        var who = m.POLICYHOLDER_ID.eq(policyholderId);
        if (phone.isPresent()) {
            who = who.or(m.PHONE_NUMBER.eq(phone.get()));
        }
        return tx.update(m)
                .set(m.CONTENT, (String) null)
                .set(m.TEMPLATE_PARAMETERS, (JSONB) null)
                .set(m.MEDIA_URL, (String) null)
                .set(m.PHONE_NUMBER, (String) null)
                .set(m.WA_ID, (String) null)
                .set(m.POLICYHOLDER_ID, policyholderId)
                .where(who)
                .execute();
    }

    /** Closed callbacks keep their record (times, outcome) under the pseudonym; returns their ids for the audit. */
    List<UUID> redactCallbacks(DSLContext tx, UUID policyholderId, String pseudonym) {
        var c = CALLBACK_REQUESTS;
        return tx.update(c)
                .set(c.CUSTOMER_NAME, pseudonym)
                .set(c.CUSTOMER_PHONE, (String) null)
                .set(c.CUSTOMER_EMAIL, (String) null)
                .set(c.DESCRIPTION, "[erased]")
                .where(c.CUSTOMER_ID.eq(policyholderId))
                .returning(c.CALLBACK_REQUEST_ID)
                .fetch(c.CALLBACK_REQUEST_ID);
    }

    /** Messages the reminders job planned: pending ones cancelled; the number and names gone from all of them. */
    void redactScheduledMessages(DSLContext tx, UUID policyholderId, String pseudonym) {
        var s = SCHEDULED_MESSAGES;
        tx.update(s)
                .set(s.STATUS, DSL.when(s.STATUS.eq("pending"), "cancelled").otherwise(s.STATUS))
                .set(s.SKIP_REASON, DSL.when(s.STATUS.eq("pending"), "erased").otherwise(s.SKIP_REASON))
                .set(s.SENDING_UNTIL, (Instant) null)
                .set(s.RECIPIENT, DSL.when(s.KIND.eq("lapse_agent"), s.RECIPIENT).otherwise((String) null))
                .set(s.DETAILS, DSL.field("jsonb_set({0}, '{customerName}', to_jsonb({1}::text), false)",
                        JSONB.class, s.DETAILS, DSL.val(pseudonym)))
                .where(s.POLICYHOLDER_ID.eq(policyholderId))
                .execute();
    }

    /** Personal fields out of the earlier audit images of each record (shared V061). */
    /**
     * The erasure as an access event (tenant V202): the customer record, the requester and their role, the API request.
     * The transaction runs as the backend for the requester (app.user_id is theirs), so the event names them.
     */
    void recordErasure(DSLContext tx, Caller requester, UUID policyholderId, Optional<String> requestId,
            String source) {
        AccessEvents.record(tx, requester, "erasure", "policyholders", policyholderId.toString(),
                requestId.orElse(null), "{\"source\": \"" + source + "\"}");
    }

    void redactAudit(DSLContext tx, Tenant tenant, String table, List<UUID> ids) {
        for (UUID id : ids) {
            tx.select(Routines.redactErasedAudit(tenant.schema(), table, id)).fetchSingle();
        }
    }
}
