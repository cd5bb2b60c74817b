package com.agentmitra.policies.me;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.lambda.Json;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** The caller's own rows: their login and, for a customer, their policyholder record (row level security beneath). */
final class MeRepository {

    record User(UUID id, String displayName, String firstName, String lastName, String email, String phone,
            String language, NotificationPreferences preferences) {}

    record Customer(UUID id, String firstName, String lastName, String phone, String email, String language,
            NotificationPreferences preferences) {}

    Optional<User> user(DSLContext tx, UUID userId) {
        var u = USERS;
        return tx.select(u.USER_ID, u.DISPLAY_NAME, u.FIRST_NAME, u.LAST_NAME, u.EMAIL, u.PHONE_NUMBER,
                        u.LANGUAGE_PREFERENCE, u.NOTIFICATION_PREFERENCES)
                .from(u).where(u.USER_ID.eq(userId), u.ERASED_AT.isNull())
                .fetchOptional(r -> new User(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), preferences(r.value8())));
    }

    /** The customer record linked to the login, locked when {@code forUpdate}. */
    Optional<Customer> customer(DSLContext tx, UUID userId, boolean forUpdate) {
        var p = POLICYHOLDERS;
        var query = tx.select(p.POLICYHOLDER_ID, p.FIRST_NAME, p.LAST_NAME, p.PHONE_NUMBER, p.EMAIL,
                        p.PREFERRED_LANGUAGE, p.COMMUNICATION_PREFERENCES)
                .from(p).where(p.USER_ID.eq(userId), p.ERASED_AT.isNull());
        return (forUpdate ? query.forUpdate() : query)
                .fetchOptional(r -> new Customer(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), preferences(r.value7())));
    }

    void updateUser(DSLContext tx, UUID userId, Optional<String> displayName, Optional<String> language,
            Optional<NotificationPreferences> preferences) {
        var u = USERS;
        Map<Field<?>, Object> changes = new java.util.LinkedHashMap<>();
        displayName.ifPresent(name -> changes.put(u.DISPLAY_NAME, name));
        language.ifPresent(code -> changes.put(u.LANGUAGE_PREFERENCE, code));
        preferences.ifPresent(p -> changes.put(u.NOTIFICATION_PREFERENCES, merged(u.NOTIFICATION_PREFERENCES, p)));
        if (!changes.isEmpty()) {
            tx.update(u).set(changes).where(u.USER_ID.eq(userId)).execute();
        }
    }

    void updateCustomer(DSLContext tx, UUID policyholderId, Optional<String> language,
            Optional<NotificationPreferences> preferences) {
        var p = POLICYHOLDERS;
        Map<Field<?>, Object> changes = new java.util.LinkedHashMap<>();
        language.ifPresent(code -> changes.put(p.PREFERRED_LANGUAGE, code));
        preferences.ifPresent(prefs -> changes.put(p.COMMUNICATION_PREFERENCES,
                merged(p.COMMUNICATION_PREFERENCES, prefs)));
        if (!changes.isEmpty()) {
            tx.update(p).set(changes).where(p.POLICYHOLDER_ID.eq(policyholderId)).execute();
        }
    }

    /** The stored jsonb with the patch's keys laid over it (other keys kept). */
    private static Field<JSONB> merged(Field<JSONB> column, NotificationPreferences patch) {
        return DSL.field("coalesce({0}, '{}'::jsonb) || {1}::jsonb", JSONB.class, column,
                DSL.val(JSONB.valueOf(Json.write(patch))));
    }

    static NotificationPreferences preferences(JSONB stored) {
        if (stored == null) {
            return NotificationPreferences.ALL_ON;
        }
        Map<?, ?> values;
        try {
            values = Json.mapper().readValue(stored.data(), Map.class);
        } catch (java.io.IOException | RuntimeException e) {
            // a value that is not an object (written by hand) is read as "nothing switched off"
            return NotificationPreferences.ALL_ON;
        }
        return new NotificationPreferences(on(values, "premiumReminders"), on(values, "callbackUpdates"),
                on(values, "greetingsAndOffers"));
    }

    private static boolean on(Map<?, ?> values, String key) {
        return !Boolean.FALSE.equals(values.get(key));
    }
}
