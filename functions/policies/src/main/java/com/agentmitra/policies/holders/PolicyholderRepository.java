package com.agentmitra.policies.holders;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import com.agentmitra.domain.book.Aadhaar;
import com.agentmitra.domain.book.EmailAddress;
import com.agentmitra.domain.book.Pan;
import com.agentmitra.domain.book.PolicyholderDetails;
import com.agentmitra.lambda.Json;
import com.agentmitra.policies.Visibility;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Policyholders as the caller may see them (visibility in the query, row level security beneath). */
final class PolicyholderRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    Optional<PolicyholderView> find(DSLContext tx, Caller caller, UUID id) {
        return tx.selectFrom(POLICYHOLDERS)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).and(Visibility.policyholders(caller))
                .fetchOptional(PolicyholderRepository::view);
    }

    /** The row locked for an update in this transaction. */
    Optional<PolicyholderView> lock(DSLContext tx, Caller caller, UUID id) {
        return tx.selectFrom(POLICYHOLDERS)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).and(Visibility.policyholders(caller))
                .forUpdate()
                .fetchOptional(PolicyholderRepository::view);
    }

    Optional<UUID> idByPhone(DSLContext tx, Caller caller, String phone) {
        return tx.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS)
                .where(POLICYHOLDERS.PHONE_NUMBER.eq(phone)).and(Visibility.policyholders(caller))
                .fetchOptional(POLICYHOLDERS.POLICYHOLDER_ID);
    }

    /** Newest first, keyset on (created_at, id). */
    List<PolicyholderView> list(DSLContext tx, Caller caller, List<Condition> filters,
            Optional<Instant> afterCreatedAt, Optional<UUID> afterId, int limit) {
        Condition keyset = afterCreatedAt.isPresent()
                ? DSL.row(POLICYHOLDERS.CREATED_AT, POLICYHOLDERS.POLICYHOLDER_ID)
                        .lt(afterCreatedAt.get(), afterId.orElseThrow())
                : DSL.trueCondition();
        return tx.selectFrom(POLICYHOLDERS)
                .where(Visibility.policyholders(caller)).and(DSL.and(filters)).and(keyset)
                .orderBy(POLICYHOLDERS.CREATED_AT.desc(), POLICYHOLDERS.POLICYHOLDER_ID.desc())
                .limit(limit)
                .fetch(PolicyholderRepository::view);
    }

    void update(DSLContext tx, UUID id, PolicyholderDetails person) {
        var p = POLICYHOLDERS;
        tx.update(p)
                .set(p.AGENT_ID, person.agentId())
                .set(p.CUSTOMER_ID, person.customerId().orElse(null))
                .set(p.SALUTATION, person.salutation().orElse(null))
                .set(p.FIRST_NAME, person.firstName())
                .set(p.LAST_NAME, person.lastName().orElse(null))
                .set(p.PHONE_NUMBER, person.phone().e164())
                .set(p.EMAIL, person.email().map(EmailAddress::value).orElse(null))
                .set(p.DATE_OF_BIRTH, person.dateOfBirth().orElse(null))
                .set(p.GENDER, person.gender().orElse(null))
                .set(p.PAN_NUMBER, person.pan().map(Pan::value).orElse(null))
                .set(p.AADHAAR_MASKED, person.aadhaar().map(Aadhaar::masked).orElse(null))
                .set(p.AADHAAR_LAST4, person.aadhaar().map(Aadhaar::last4).orElse(null))
                .set(p.ADDRESS, person.address().map(a -> JSONB.valueOf(Json.write(a))).orElse(null))
                .set(p.PREFERRED_LANGUAGE, person.preferredLanguage())
                .where(p.POLICYHOLDER_ID.eq(id))
                .execute();
    }

    static PolicyholderView view(Record row) {
        var p = POLICYHOLDERS;
        return new PolicyholderView(row.get(p.POLICYHOLDER_ID), row.get(p.AGENT_ID), row.get(p.CUSTOMER_ID),
                row.get(p.SALUTATION), row.get(p.FIRST_NAME), row.get(p.LAST_NAME), row.get(p.FULL_NAME),
                row.get(p.PHONE_NUMBER), row.get(p.EMAIL), row.get(p.DATE_OF_BIRTH), row.get(p.GENDER),
                row.get(p.PAN_NUMBER), row.get(p.AADHAAR_MASKED), map(row.get(p.ADDRESS)),
                row.get(p.PREFERRED_LANGUAGE), row.get(p.WHATSAPP_UTILITY_OPT_IN),
                row.get(p.WHATSAPP_MARKETING_OPT_IN), row.get(p.CREATED_AT), row.get(p.UPDATED_AT),
                row.get(p.ERASED_AT));
    }

    static Map<String, Object> map(JSONB json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json.data(), MAP);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
