package com.agentmitra.reports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;

/**
 * {@code POST /events}: app and portal usage, up to {@link #MAX_EVENTS} events at once, each
 * {@code {type, name, clientTime, appVersion, properties}}, into {@code user_events} as the signed-in user (one
 * statement; all or nothing). Every part is bounded; properties are flat (text, number, true/false) and may carry
 * no personal data: a key that names it (phone, email, name, PAN, Aadhaar, address, birth date...) or a value that
 * looks like it (a phone number, an email address, a PAN, a 12-digit number) refuses the whole batch, naming the
 * event and key but never quoting the value, and nothing is stored.
 */
final class AppEvents {

    static final int MAX_EVENTS = 100;
    static final int MAX_PROPERTIES = 20;
    static final int MAX_VALUE_CHARS = 200;
    static final Set<String> TYPES = Set.of("screen_view", "feature_use", "session_start", "session_end");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_./-]{0,99}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,19}");
    /** Keys that name personal data wherever they appear in a key (lower-case, without separators)... */
    private static final List<String> PERSONAL_PARTS = List.of("phone", "mobile", "email", "aadhaar", "aadhar",
            "address", "birth", "password", "pincode", "latitude", "longitude", "ifsc");
    /** ...and keys that do when they are the whole key. */
    private static final Set<String> PERSONAL_KEYS = Set.of("name", "firstname", "lastname", "fullname",
            "customername", "pan", "pannumber", "dob", "ip", "ipaddress", "location", "otp", "token", "account",
            "accountnumber", "policynumber", "customerid", "mail");
    /**
     * Searched for anywhere in a text value ({@code find}, so a line break before them hides nothing, and no
     * leading {@code .*} to backtrack over).
     */
    private static final Pattern PHONE = Pattern.compile("[0-9][0-9 -]{8,}[0-9]");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    private static final Pattern PAN = Pattern.compile("(?i)\\b[A-Z]{5}[0-9]{4}[A-Z]\\b");
    private static final Set<String> FIELDS = Set.of("type", "name", "clientTime", "appVersion", "properties");
    /** The oldest event accepted (an app that was offline), and how far ahead a client clock may run. */
    static final Duration OLDEST = Duration.ofDays(7);
    static final Duration AHEAD = Duration.ofHours(1);

    record Batch(List<JsonNode> events) {}

    private final Database database;
    private final Clock clock;

    AppEvents(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    Map<String, Object> record(Caller caller, Batch batch) {
        if (caller.role() == Role.GUEST) {
            throw new ApiProblem.Forbidden("sign in to send events");
        }
        List<JsonNode> events = batch.events() == null ? List.of() : batch.events();
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw ApiProblem.InvalidInput.field("events", "must hold 1 to " + MAX_EVENTS + " events");
        }
        Violations violations = new Violations();
        Instant now = clock.instant();
        String[] types = new String[events.size()];
        String[] names = new String[events.size()];
        OffsetDateTime[] times = new OffsetDateTime[events.size()];
        String[] properties = new String[events.size()];
        String[] devices = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            String at = "events[" + i + "]";
            JsonNode event = events.get(i);
            if (event == null || !event.isObject()) {
                violations.add(at, "must be an object");
                continue;
            }
            Iterator<String> fields = event.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                if (!FIELDS.contains(field)) {
                    violations.add(at, "has a field that is not type, name, clientTime, appVersion or properties");
                    break;
                }
            }
            types[i] = text(event, "type", at, violations);
            if (types[i] != null && !TYPES.contains(types[i])) {
                violations.add(at + ".type", "must be screen_view, feature_use, session_start or session_end");
            }
            names[i] = text(event, "name", at, violations);
            if (names[i] != null && !NAME.matcher(names[i]).matches()) {
                violations.add(at + ".name", "must be a word of at most 100 characters (letters, digits, _ . / -)");
            }
            String version = text(event, "appVersion", at, violations);
            if (version != null && !VERSION.matcher(version).matches()) {
                violations.add(at + ".appVersion", "must be a version of at most 20 characters");
            }
            devices[i] = version == null ? null : Json.write(Map.of("appVersion", version));
            String time = text(event, "clientTime", at, violations);
            if (time != null) {
                try {
                    Instant instant = time.length() > 40 ? null : OffsetDateTime.parse(time).toInstant();
                    if (instant == null || instant.isBefore(now.minus(OLDEST)) || instant.isAfter(now.plus(AHEAD))) {
                        violations.add(at + ".clientTime", "must be within the last 7 days");
                    } else {
                        times[i] = instant.atOffset(ZoneOffset.UTC);
                    }
                } catch (DateTimeParseException e) {
                    violations.add(at + ".clientTime", "must be a time with its offset, ISO 8601");
                }
            }
            properties[i] = properties(event.get("properties"), at + ".properties", violations);
        }
        violations.throwIfAny();
        int stored = database.inTransaction(caller, tx -> tx.execute("INSERT INTO " + caller.tenant().schema()
                        + ".user_events (user_id, event_type, event_label, event_properties, device_info, occurred_at)"
                        + " SELECT {0}, t, n, p::jsonb, d::jsonb, o FROM unnest({1}::text[], {2}::text[], {3}::text[],"
                        + " {4}::text[], {5}::timestamptz[]) AS e(t, n, p, d, o)",
                DSL.val(caller.requireUserId()), DSL.val(types), DSL.val(names), DSL.val(properties),
                DSL.val(devices), DSL.val(times)));
        return Map.of("accepted", stored);
    }

    private static String text(JsonNode event, String field, String at, Violations violations) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            if (!field.equals("appVersion")) {
                violations.add(at + "." + field, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            violations.add(at + "." + field, "must be text");
            return null;
        }
        return value.asText();
    }

    /** The properties as stored JSON, or a violation: flat, bounded, and free of personal data. */
    static String properties(JsonNode node, String at, Violations violations) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject()) {
            violations.add(at, "must be an object");
            return null;
        }
        if (node.size() > MAX_PROPERTIES) {
            violations.add(at, "may hold at most " + MAX_PROPERTIES + " properties");
            return null;
        }
        ObjectNode clean = Json.mapper().createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!KEY.matcher(key).matches()) {
                violations.add(at, "keys are words of at most 40 characters");
                return null;
            }
            String where = at + "." + key;
            String bare = key.toLowerCase(Locale.ROOT).replace("_", "");
            if (PERSONAL_KEYS.contains(bare) || PERSONAL_PARTS.stream().anyMatch(bare::contains)) {
                violations.add(where, "is personal data; it is not accepted in event properties");
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                String text = value.asText();
                if (text.length() > MAX_VALUE_CHARS) {
                    violations.add(where, "may be at most " + MAX_VALUE_CHARS + " characters");
                } else if (PHONE.matcher(text).find() || EMAIL.matcher(text).find() || PAN.matcher(text).find()) {
                    violations.add(where, "looks like personal data; it is not accepted in event properties");
                } else {
                    clean.put(key, text);
                }
            } else if (value.isNumber()) {
                if (value.asText().replace("-", "").replace(".", "").length() >= 10) {
                    violations.add(where, "a number this long may be personal data; it is not accepted");
                } else {
                    clean.set(key, value);
                }
            } else if (value.isBoolean()) {
                clean.set(key, value);
            } else {
                violations.add(where, "must be text, a number, true or false");
            }
        }
        return Json.write(clean);
    }
}
