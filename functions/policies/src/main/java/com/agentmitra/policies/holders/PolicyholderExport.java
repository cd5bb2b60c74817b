package com.agentmitra.policies.holders;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CONSENT_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.PREMIUM_PAYMENTS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * The DPDP access export: the person's record, their policies, premium payments, callback requests, WhatsApp
 * messages and every consent statement they made (the ledger), every column as stored (the Aadhaar number exists only masked; bank details stay encrypted).
 */
final class PolicyholderExport {

    Map<String, Object> of(DSLContext tx, PolicyholderView person, Instant exportedAt) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exportedAt", exportedAt);
        document.put("policyholder", person);
        document.put("policies", rows(tx.selectFrom(INSURANCE_POLICIES)
                .where(INSURANCE_POLICIES.POLICYHOLDER_ID.eq(person.id()))
                .orderBy(INSURANCE_POLICIES.CREATED_AT).fetch()));
        document.put("premiumPayments", rows(tx.select(PREMIUM_PAYMENTS.fields()).from(PREMIUM_PAYMENTS)
                .join(INSURANCE_POLICIES).on(INSURANCE_POLICIES.POLICY_ID.eq(PREMIUM_PAYMENTS.POLICY_ID))
                .where(INSURANCE_POLICIES.POLICYHOLDER_ID.eq(person.id()))
                .orderBy(PREMIUM_PAYMENTS.CREATED_AT).fetch()));
        document.put("callbackRequests", rows(tx.selectFrom(CALLBACK_REQUESTS)
                .where(CALLBACK_REQUESTS.CUSTOMER_ID.eq(person.id()))
                .orderBy(CALLBACK_REQUESTS.CREATED_AT).fetch()));
        document.put("consentEvents", rows(tx.selectFrom(CONSENT_EVENTS)
                .where(CONSENT_EVENTS.POLICYHOLDER_ID.eq(person.id()))
                .orderBy(CONSENT_EVENTS.SAID_AT, CONSENT_EVENTS.RECORDED_AT).fetch()));
        document.put("whatsappMessages", rows(tx.selectFrom(WHATSAPP_MESSAGES)
                .where(WHATSAPP_MESSAGES.POLICYHOLDER_ID.eq(person.id()))
                .orderBy(WHATSAPP_MESSAGES.CREATED_AT).fetch()));
        return document;
    }

    private static List<Map<String, Object>> rows(List<? extends Record> records) {
        return records.stream().map(PolicyholderExport::row).toList();
    }

    private static Map<String, Object> row(Record record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field<?> field : record.fields()) {
            if (field.getName().equals("tenant_id")) {
                continue;
            }
            Object value = record.get(field);
            if (value instanceof JSONB json) {
                value = PolicyholderRepository.map(json.data().startsWith("{") ? json : JSONB.valueOf(
                        "{\"value\":" + json.data() + "}"));
            } else if (value instanceof org.jooq.EnumType enumType) {
                value = enumType.getLiteral();
            } else if (value instanceof Object[] array) {
                value = List.of(array);
            }
            row.put(camel(field.getName()), value);
        }
        return row;
    }

    private static String camel(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = false;
            }
        }
        return name.toString();
    }
}
