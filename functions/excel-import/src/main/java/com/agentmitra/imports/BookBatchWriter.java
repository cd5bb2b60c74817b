package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.domain.book.Aadhaar;
import com.agentmitra.domain.book.BookWriter;
import com.agentmitra.domain.book.EmailAddress;
import com.agentmitra.domain.book.Pan;
import com.agentmitra.domain.book.PolicyDetails;
import com.agentmitra.domain.book.PolicyholderDetails;
import com.agentmitra.imports.rows.ParsedRow;
import com.agentmitra.imports.rows.StatedConsent;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Row2;
import org.jooq.impl.DSL;

/**
 * Writes one batch of accepted rows into the agent's book with the policies module's {@link BookWriter} (one
 * multi-row upsert for the people, one for the policies), after one read of what is already on record so that
 * unchanged rows are not written at all (a second run of the same file writes nothing and says so). People are
 * matched by phone number, then by the insurer's customer id (a customer whose number changed keeps their record and
 * gets the new number). A person who appears on several rows is taken from the first row in the file.
 */
final class BookBatchWriter {

    /** A row's result: its outcome and the records it touched ({@code null} ids in a dry run for new records). */
    record Written(int rowNumber, RowOutcome outcome, UUID policyholderId, UUID policyId) {
        Written {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private final BookWriter writer;

    BookBatchWriter(BookWriter writer) {
        this.writer = writer;
    }

    /**
     * The batch's rows, the people it placed (phone → id), to merge into the run's map once committed, and what the
     * customers' first rows in the file say about consent (none in a dry run), for {@link ImportConsents}.
     */
    record Batch(List<Written> rows, Map<String, UUID> learned, List<ImportConsents.Statement> consents) {}

    /**
     * @param known phone (E.164) → policyholder id of people already handled earlier in this file (read only). A
     *              phone mapped to {@code null} was handled by an earlier attempt of this run: looked up, not written
     *              again.
     */
    Batch write(DSLContext tx, List<ParsedRow.Accepted> rows, Map<String, UUID> known, boolean dryRun) {
        Map<String, UUID> learned = new HashMap<>();
        Map<String, UUID> people = new java.util.AbstractMap<>() {
            @Override
            public boolean containsKey(Object key) {
                return learned.containsKey(key) || known.containsKey(key);
            }

            @Override
            public UUID get(Object key) {
                return learned.containsKey(key) ? learned.get(key) : known.get(key);
            }

            @Override
            public UUID put(String key, UUID value) {
                return learned.put(key, value);
            }

            @Override
            public java.util.Set<Entry<String, UUID>> entrySet() {
                throw new UnsupportedOperationException();
            }
        };
        // the first row of each person not yet handled in this file
        Map<String, PolicyholderDetails> firstSeen = new LinkedHashMap<>();
        Map<String, Integer> firstRow = new HashMap<>();
        Map<String, StatedConsent> firstConsent = new HashMap<>();
        List<String> lookUp = new ArrayList<>();
        for (ParsedRow.Accepted row : rows) {
            String phone = row.person().phone().e164();
            if (people.containsKey(phone)) {
                if (people.get(phone) == null) {
                    lookUp.add(phone);
                }
            } else if (!firstSeen.containsKey(phone)) {
                firstSeen.put(phone, row.person());
                firstRow.put(phone, row.number());
                firstConsent.put(phone, row.consent());
            }
        }
        List<String> phones = new ArrayList<>(firstSeen.keySet());
        phones.addAll(lookUp);
        Map<String, OnRecord> byPhone = peopleByPhone(tx, phones);
        lookUp.forEach(phone -> people.put(phone, Optional.ofNullable(byPhone.get(phone)).map(OnRecord::id)
                .orElse(null)));
        movePhonesMatchedByCustomerId(tx, firstSeen, byPhone, dryRun);

        Map<String, RowOutcome> personOutcome = new HashMap<>();
        List<PolicyholderDetails> toWrite = new ArrayList<>();
        firstSeen.forEach((phone, person) -> {
            OnRecord existing = byPhone.get(phone);
            if (existing == null) {
                personOutcome.put(phone, RowOutcome.CREATED);
                toWrite.add(person);
                if (dryRun) {
                    people.put(phone, null); // seen: later rows of this person do not count it again
                }
            } else if (existing.differsFrom(person)) {
                personOutcome.put(phone, RowOutcome.UPDATED);
                toWrite.add(person);
                people.put(phone, existing.id());
            } else {
                personOutcome.put(phone, RowOutcome.UNCHANGED);
                people.put(phone, existing.id());
            }
        });
        if (!dryRun) {
            for (BookWriter.Written written : writer.upsertPolicyholders(tx, toWrite)) {
                people.put(written.key(), written.id());
            }
        }

        // consent, like every personal field, is read from the customer's first row in the file
        List<ImportConsents.Statement> consents = new ArrayList<>();
        if (!dryRun) {
            firstSeen.keySet().forEach(phone -> consents.addAll(
                    ImportConsents.of(people.get(phone), firstConsent.get(phone), firstRow.get(phone))));
        }

        Map<String, PolicyOnRecord> policiesOnRecord = policiesByNumber(tx,
                rows.stream().map(row -> row.policy().policyNumber()).toList());
        Map<String, RowOutcome> policyOutcome = new HashMap<>();
        List<PolicyDetails> policiesToWrite = new ArrayList<>();
        for (ParsedRow.Accepted row : rows) {
            UUID holder = people.get(row.person().phone().e164());
            PolicyDetails policy = withHolder(row.policy(), holder);
            PolicyOnRecord existing = policiesOnRecord.get(policy.policyNumber());
            if (existing == null) {
                policyOutcome.put(policy.policyNumber(), RowOutcome.CREATED);
                policiesToWrite.add(policy);
            } else if (existing.differsFrom(policy)) {
                policyOutcome.put(policy.policyNumber(), RowOutcome.UPDATED);
                policiesToWrite.add(policy);
            } else {
                policyOutcome.put(policy.policyNumber(), RowOutcome.UNCHANGED);
            }
        }
        Map<String, UUID> policyIds = new HashMap<>();
        policiesOnRecord.forEach((number, existing) -> policyIds.put(number, existing.id()));
        if (!dryRun) {
            for (BookWriter.Written written : writer.upsertPolicies(tx, policiesToWrite)) {
                policyIds.put(written.key(), written.id());
            }
        }

        List<Written> results = new ArrayList<>(rows.size());
        for (ParsedRow.Accepted row : rows) {
            String phone = row.person().phone().e164();
            String number = row.policy().policyNumber();
            RowOutcome policy = policyOutcome.get(number);
            RowOutcome person = row.number() == firstRow.getOrDefault(phone, -1)
                    ? personOutcome.get(phone) : RowOutcome.UNCHANGED;
            RowOutcome outcome = policy == RowOutcome.CREATED ? RowOutcome.CREATED
                    : policy == RowOutcome.UPDATED || person != RowOutcome.UNCHANGED ? RowOutcome.UPDATED
                    : RowOutcome.UNCHANGED;
            results.add(new Written(row.number(), outcome, people.get(phone), policyIds.get(number)));
        }
        return new Batch(results, learned, consents);
    }

    /** The book's policy with the written holder (the importer validates before the holder exists). */
    private static PolicyDetails withHolder(PolicyDetails p, UUID holder) {
        UUID id = holder != null ? holder : p.policyholderId(); // dry run: a new person has no id yet
        return new PolicyDetails(p.policyNumber(), id, p.agentId(), p.policyType(), p.planName(), p.planCode(),
                p.category(), p.sumAssured(), p.premiumAmount(), p.premiumFrequency(), p.applicationDate(),
                p.startDate(), p.maturityDate(), p.nextPaymentDate(), p.status());
    }

    /**
     * People whose phone is not on record but whose customer id is: the record is theirs, with a new number. One
     * set-based update moves the numbers, so the phone upsert then finds them.
     */
    private void movePhonesMatchedByCustomerId(DSLContext tx, Map<String, PolicyholderDetails> firstSeen,
            Map<String, OnRecord> byPhone, boolean dryRun) {
        Map<String, String> phoneByCustomerId = new HashMap<>();
        firstSeen.forEach((phone, person) -> {
            if (!byPhone.containsKey(phone) && person.customerId().isPresent()) {
                phoneByCustomerId.putIfAbsent(person.customerId().get(), phone);
            }
        });
        if (phoneByCustomerId.isEmpty()) {
            return;
        }
        var p = POLICYHOLDERS;
        Map<UUID, String> moves = new HashMap<>();
        tx.select(onRecordFields()).from(p).where(p.CUSTOMER_ID.in(literals(phoneByCustomerId.keySet())))
                .fetch(OnRecord::from)
                .forEach(found -> {
                    String phone = phoneByCustomerId.get(found.customerId());
                    moves.put(found.id(), phone);
                    byPhone.put(phone, found.withPhoneChanged());
                });
        if (moves.isEmpty() || dryRun) {
            return;
        }
        List<Row2<UUID, String>> values = new ArrayList<>();
        moves.forEach((id, phone) -> values.add(DSL.row(id, phone)));
        var v = DSL.values(values.toArray(Row2[]::new)).as("v", "id", "phone");
        tx.update(p).set(p.PHONE_NUMBER, v.field("phone", String.class))
                .from(v).where(p.POLICYHOLDER_ID.eq(v.field("id", UUID.class)))
                .execute();
    }

    /**
     * A batch's keys as literals, not bind values. With up to 1,000 bind values the driver soon prepares the statement
     * on the server and PostgreSQL settles on a generic plan, in which {@code IN ($1, ..., $1000)} is a linear search
     * per row, planned while the table was still small (a seq scan): 110-240 ms per look-up by the end of a
     * 100,000-row import. With literals each look-up is planned with its values (a hashed {@code = ANY}, or the index
     * once statistics catch up): a few milliseconds. jOOQ renders them escaped, so no value can change the SQL.
     */
    private static List<org.jooq.Param<String>> literals(java.util.Collection<String> values) {
        return values.stream().map(DSL::inline).toList();
    }

    private static Map<String, OnRecord> peopleByPhone(DSLContext tx, List<String> phones) {
        Map<String, OnRecord> found = new HashMap<>();
        if (!phones.isEmpty()) {
            tx.select(onRecordFields()).from(POLICYHOLDERS).where(POLICYHOLDERS.PHONE_NUMBER.in(literals(phones)))
                    .fetch(OnRecord::from).forEach(person -> found.put(person.phone(), person));
        }
        return found;
    }

    private static List<org.jooq.Field<?>> onRecordFields() {
        var p = POLICYHOLDERS;
        return List.of(p.POLICYHOLDER_ID, p.PHONE_NUMBER, p.CUSTOMER_ID, p.SALUTATION, p.FIRST_NAME, p.LAST_NAME,
                p.EMAIL, p.DATE_OF_BIRTH, p.GENDER, p.PAN_NUMBER, p.AADHAAR_LAST4, p.ADDRESS, p.PREFERRED_LANGUAGE);
    }

    /** A policyholder as recorded, compared the way {@link BookWriter#upsertPolicyholders} would update it. */
    private record OnRecord(UUID id, String phone, String customerId, String salutation, String firstName,
            String lastName, String email, LocalDate dateOfBirth, String gender, String pan, String aadhaarLast4,
            Map<String, Object> address, String language, boolean phoneChanged) {

        static OnRecord from(org.jooq.Record r) {
            var p = POLICYHOLDERS;
            JSONB address = r.get(p.ADDRESS);
            return new OnRecord(r.get(p.POLICYHOLDER_ID), r.get(p.PHONE_NUMBER), r.get(p.CUSTOMER_ID),
                    r.get(p.SALUTATION), r.get(p.FIRST_NAME), r.get(p.LAST_NAME), r.get(p.EMAIL),
                    r.get(p.DATE_OF_BIRTH), r.get(p.GENDER), r.get(p.PAN_NUMBER), r.get(p.AADHAAR_LAST4),
                    address == null ? null : readMap(address.data()), r.get(p.PREFERRED_LANGUAGE), false);
        }

        OnRecord withPhoneChanged() {
            return new OnRecord(id, phone, customerId, salutation, firstName, lastName, email, dateOfBirth, gender,
                    pan, aadhaarLast4, address, language, true);
        }

        boolean differsFrom(PolicyholderDetails person) {
            return phoneChanged
                    || !Objects.equals(firstName, person.firstName())
                    || !Objects.equals(lastName, person.lastName().orElse(null))
                    || !Objects.equals(language, person.preferredLanguage())
                    || replaces(salutation, person.salutation())
                    || replaces(customerId, person.customerId())
                    || replaces(email, person.email().map(EmailAddress::value))
                    || replaces(dateOfBirth, person.dateOfBirth())
                    || replaces(gender, person.gender())
                    || replaces(pan, person.pan().map(Pan::value))
                    || replaces(aadhaarLast4, person.aadhaar().map(Aadhaar::last4))
                    || replaces(address, person.address());
        }
    }

    /** An optional column is kept when the row leaves it empty (BookWriter's coalesce), replaced otherwise. */
    private static <T> boolean replaces(T recorded, Optional<? extends T> given) {
        return given.isPresent() && !given.get().equals(recorded);
    }

    private static Map<String, Object> readMap(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Map<String, PolicyOnRecord> policiesByNumber(DSLContext tx, List<String> numbers) {
        var ip = INSURANCE_POLICIES;
        Map<String, PolicyOnRecord> found = new HashMap<>();
        tx.select(ip.POLICY_ID, ip.POLICY_NUMBER, ip.POLICY_TYPE, ip.PLAN_NAME, ip.PLAN_CODE, ip.SUM_ASSURED,
                        ip.PREMIUM_AMOUNT, ip.PREMIUM_FREQUENCY, ip.START_DATE, ip.MATURITY_DATE,
                        ip.NEXT_PAYMENT_DATE, ip.STATUS)
                .from(ip).where(ip.POLICY_NUMBER.in(literals(numbers)))
                .fetch(r -> new PolicyOnRecord(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10(), r.value11(),
                        r.value12().getLiteral()))
                .forEach(policy -> found.put(policy.number(), policy));
        return found;
    }

    /** A policy as recorded, compared the way {@link BookWriter#upsertPolicies} would update it. */
    private record PolicyOnRecord(UUID id, String number, String type, String planName, String planCode,
            java.math.BigDecimal sumAssured, java.math.BigDecimal premium, String frequency, LocalDate start,
            LocalDate maturity, LocalDate nextDue, String status) {

        boolean differsFrom(PolicyDetails policy) {
            return !type.equals(policy.policyType())
                    || !planName.equals(policy.planName())
                    || replaces(planCode, policy.planCode())
                    || sumAssured.compareTo(policy.sumAssured()) != 0
                    || premium.compareTo(policy.premiumAmount()) != 0
                    || !frequency.equals(policy.premiumFrequency().sqlName())
                    || !start.equals(policy.startDate())
                    || replaces(maturity, policy.maturityDate())
                    || replaces(nextDue, policy.nextPaymentDate())
                    || !status.equals(policy.status().getLiteral());
        }
    }

}
