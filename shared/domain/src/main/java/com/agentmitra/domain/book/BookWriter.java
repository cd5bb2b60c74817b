package com.agentmitra.domain.book;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.lambda.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.InsertValuesStepN;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * Writes validated policyholders and policies in one statement per batch (multi-row {@code INSERT ... ON CONFLICT}),
 * inside the caller's transaction, so row level security and the audit triggers see the acting user. Used by the
 * API (batches of one) and the Excel import (batches of hundreds). Keys: a policyholder is one person per tenant by
 * phone number; a policy by policy number.
 */
public final class BookWriter {

    /** What happened to one row of a batch: its id and key, and whether it was new. */
    public record Written(UUID id, String key, boolean inserted) {
        public Written {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(key, "key");
        }
    }

    private static final Field<Boolean> INSERTED = DSL.field("(xmax = 0)", Boolean.class).as("inserted");

    private final Optional<UUID> actingUser;

    /** {@code actingUser} becomes {@code created_by} of new policies (the audit log records it on every row). */
    public BookWriter(Optional<UUID> actingUser) {
        this.actingUser = Objects.requireNonNull(actingUser, "actingUser");
    }

    /** Inserts new policyholders; a phone number already on record is skipped (absent from the answer). */
    public List<Written> insertPolicyholders(DSLContext tx, List<PolicyholderDetails> people) {
        if (people.isEmpty()) {
            return List.of();
        }
        return policyholderInsert(tx, people)
                .onConflict(POLICYHOLDERS.PHONE_NUMBER).where(POLICYHOLDERS.PHONE_NUMBER.isNotNull()).doNothing()
                .returningResult(POLICYHOLDERS.POLICYHOLDER_ID, POLICYHOLDERS.PHONE_NUMBER, INSERTED)
                .fetch(row -> new Written(row.value1(), row.value2(), true));
    }

    /**
     * Inserts new policyholders and updates those already on record (same phone number): contact and identity
     * columns take the new values; an Aadhaar, PAN, e-mail or birth date left empty keeps what was recorded.
     * The agent is not changed by an update (moving a customer between books is a separate decision).
     */
    public List<Written> upsertPolicyholders(DSLContext tx, List<PolicyholderDetails> people) {
        if (people.isEmpty()) {
            return List.of();
        }
        var p = POLICYHOLDERS;
        return policyholderInsert(tx, people)
                .onConflict(p.PHONE_NUMBER).where(p.PHONE_NUMBER.isNotNull())
                .doUpdate()
                .set(p.FIRST_NAME, DSL.excluded(p.FIRST_NAME))
                .set(p.LAST_NAME, DSL.excluded(p.LAST_NAME))
                .set(p.SALUTATION, DSL.coalesce(DSL.excluded(p.SALUTATION), p.SALUTATION))
                .set(p.CUSTOMER_ID, DSL.coalesce(DSL.excluded(p.CUSTOMER_ID), p.CUSTOMER_ID))
                .set(p.EMAIL, DSL.coalesce(DSL.excluded(p.EMAIL), p.EMAIL))
                .set(p.DATE_OF_BIRTH, DSL.coalesce(DSL.excluded(p.DATE_OF_BIRTH), p.DATE_OF_BIRTH))
                .set(p.GENDER, DSL.coalesce(DSL.excluded(p.GENDER), p.GENDER))
                .set(p.PAN_NUMBER, DSL.coalesce(DSL.excluded(p.PAN_NUMBER), p.PAN_NUMBER))
                .set(p.AADHAAR_MASKED, DSL.coalesce(DSL.excluded(p.AADHAAR_MASKED), p.AADHAAR_MASKED))
                .set(p.AADHAAR_LAST4, DSL.coalesce(DSL.excluded(p.AADHAAR_LAST4), p.AADHAAR_LAST4))
                .set(p.ADDRESS, DSL.coalesce(DSL.excluded(p.ADDRESS), p.ADDRESS))
                .set(p.PREFERRED_LANGUAGE, DSL.excluded(p.PREFERRED_LANGUAGE))
                .returningResult(p.POLICYHOLDER_ID, p.PHONE_NUMBER, INSERTED)
                .fetch(row -> new Written(row.value1(), row.value2(), row.value3()));
    }

    /** Inserts new policies; a policy number already on record is skipped (absent from the answer). */
    public List<Written> insertPolicies(DSLContext tx, List<PolicyDetails> policies) {
        if (policies.isEmpty()) {
            return List.of();
        }
        return policyInsert(tx, policies)
                .onConflict(INSURANCE_POLICIES.POLICY_NUMBER).doNothing()
                .returningResult(INSURANCE_POLICIES.POLICY_ID, INSURANCE_POLICIES.POLICY_NUMBER, INSERTED)
                .fetch(row -> new Written(row.value1(), row.value2(), true));
    }

    /**
     * Inserts new policies and updates those already on record (same policy number): plan, amounts, frequency,
     * dates and status take the new values (an import reflects the insurer's records). Payment history columns
     * ({@code total_payments}, {@code last_payment_date}, {@code outstanding_amount}) are kept.
     */
    public List<Written> upsertPolicies(DSLContext tx, List<PolicyDetails> policies) {
        if (policies.isEmpty()) {
            return List.of();
        }
        var ip = INSURANCE_POLICIES;
        return policyInsert(tx, policies)
                .onConflict(ip.POLICY_NUMBER)
                .doUpdate()
                .set(ip.POLICY_TYPE, DSL.excluded(ip.POLICY_TYPE))
                .set(ip.PLAN_NAME, DSL.excluded(ip.PLAN_NAME))
                .set(ip.PLAN_CODE, DSL.coalesce(DSL.excluded(ip.PLAN_CODE), ip.PLAN_CODE))
                .set(ip.CATEGORY, DSL.coalesce(DSL.excluded(ip.CATEGORY), ip.CATEGORY))
                .set(ip.SUM_ASSURED, DSL.excluded(ip.SUM_ASSURED))
                .set(ip.PREMIUM_AMOUNT, DSL.excluded(ip.PREMIUM_AMOUNT))
                .set(ip.PREMIUM_FREQUENCY, DSL.excluded(ip.PREMIUM_FREQUENCY))
                .set(ip.START_DATE, DSL.excluded(ip.START_DATE))
                .set(ip.MATURITY_DATE, DSL.coalesce(DSL.excluded(ip.MATURITY_DATE), ip.MATURITY_DATE))
                .set(ip.NEXT_PAYMENT_DATE, DSL.coalesce(DSL.excluded(ip.NEXT_PAYMENT_DATE), ip.NEXT_PAYMENT_DATE))
                .set(ip.STATUS, DSL.excluded(ip.STATUS))
                .returningResult(ip.POLICY_ID, ip.POLICY_NUMBER, INSERTED)
                .fetch(row -> new Written(row.value1(), row.value2(), row.value3()));
    }

    private InsertOnDuplicateStep<?> policyholderInsert(DSLContext tx, List<PolicyholderDetails> people) {
        var p = POLICYHOLDERS;
        List<Field<?>> columns = List.of(p.AGENT_ID, p.CUSTOMER_ID, p.SALUTATION, p.FIRST_NAME, p.LAST_NAME,
                p.PHONE_NUMBER, p.EMAIL, p.DATE_OF_BIRTH, p.GENDER, p.PAN_NUMBER, p.AADHAAR_MASKED, p.AADHAAR_LAST4,
                p.ADDRESS, p.PREFERRED_LANGUAGE);
        InsertValuesStepN<?> insert = tx.insertInto(p, columns);
        for (PolicyholderDetails person : people) {
            List<Object> values = new ArrayList<>();
            values.add(person.agentId());
            values.add(person.customerId().orElse(null));
            values.add(person.salutation().orElse(null));
            values.add(person.firstName());
            values.add(person.lastName().orElse(null));
            values.add(person.phone().e164());
            values.add(person.email().map(EmailAddress::value).orElse(null));
            values.add(person.dateOfBirth().orElse(null));
            values.add(person.gender().orElse(null));
            values.add(person.pan().map(Pan::value).orElse(null));
            values.add(person.aadhaar().map(Aadhaar::masked).orElse(null));
            values.add(person.aadhaar().map(Aadhaar::last4).orElse(null));
            values.add(person.address().map(address -> JSONB.valueOf(Json.write(address))).orElse(null));
            values.add(person.preferredLanguage());
            insert = insert.values(typed(columns, values));
        }
        return insert;
    }

    private InsertOnDuplicateStep<?> policyInsert(DSLContext tx, List<PolicyDetails> policies) {
        var ip = INSURANCE_POLICIES;
        List<Field<?>> columns = List.of(ip.POLICY_NUMBER, ip.POLICYHOLDER_ID, ip.AGENT_ID, ip.POLICY_TYPE,
                ip.PLAN_NAME, ip.PLAN_CODE, ip.CATEGORY, ip.SUM_ASSURED, ip.PREMIUM_AMOUNT, ip.PREMIUM_FREQUENCY,
                ip.APPLICATION_DATE, ip.START_DATE, ip.MATURITY_DATE, ip.NEXT_PAYMENT_DATE, ip.STATUS, ip.CREATED_BY);
        InsertValuesStepN<?> insert = tx.insertInto(ip, columns);
        for (PolicyDetails policy : policies) {
            List<Object> values = new ArrayList<>();
            values.add(policy.policyNumber());
            values.add(policy.policyholderId());
            values.add(policy.agentId());
            values.add(policy.policyType());
            values.add(policy.planName());
            values.add(policy.planCode().orElse(null));
            values.add(policy.category().orElse(null));
            values.add(policy.sumAssured());
            values.add(policy.premiumAmount());
            values.add(policy.premiumFrequency().sqlName());
            values.add(policy.applicationDate());
            values.add(policy.startDate());
            values.add(policy.maturityDate().orElse(null));
            values.add(policy.nextPaymentDate().orElse(null));
            values.add(policy.status());
            values.add(actingUser.orElse(null));
            insert = insert.values(typed(columns, values));
        }
        return insert;
    }

    /** Binds each value with its column's type (a null date stays a date, not an untyped null). */
    private static List<Field<?>> typed(List<Field<?>> columns, List<Object> values) {
        List<Field<?>> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            fields.add(DSL.val(values.get(i), columns.get(i)));
        }
        return fields;
    }

}
