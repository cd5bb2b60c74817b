package com.agentmitra.admin;

import static com.agentmitra.data.jooq.shared.Tables.LANGUAGES;
import static com.agentmitra.data.jooq.shared.Tables.TENANT_CONFIG;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * {@code GET/PATCH /tenant/settings}: the settings the tenant's jobs read, kept where they read them
 * ({@code shared.tenant_config}, one row per key, written through {@code shared.set_tenant_setting}, audited). Each
 * section of a PATCH replaces that section whole and is validated whole before anything is written; the jobs pick a
 * change up on their next run. A key the tenant never set answers the job's own default.
 *
 * <table>
 * <tr><th>section</th><th>config_key</th><th>read by</th></tr>
 * <tr><td>gracePeriodDays {monthly, default}</td><td>premium_grace_period_days</td><td>reminders (metrics)</td></tr>
 * <tr><td>reminderSteps</td><td>premium_reminder_steps</td><td>reminders</td></tr>
 * <tr><td>maturityReminderDays</td><td>maturity_reminder_days</td><td>reminders</td></tr>
 * <tr><td>retention</td><td>archival_retention</td><td>archival</td></tr>
 * <tr><td>businessHours, quietHours (IST)</td><td>business_hours, quiet_hours</td><td>not yet read by a job</td></tr>
 * <tr><td>defaultLanguage</td><td>default_language</td><td>not yet read by a job</td></tr>
 * </table>
 */
final class TenantSettings {

    static final Set<String> SECTIONS = Set.of("gracePeriodDays", "reminderSteps", "maturityReminderDays",
            "retention", "businessHours", "quietHours", "defaultLanguage");
    static final String TIME_ZONE = "Asia/Kolkata";
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /** The key each section is stored under, and its default (the jobs' own defaults). */
    private record Section(String key, String defaultJson) {}

    private static final Map<String, Section> KEYS = Map.of(
            "gracePeriodDays", new Section("premium_grace_period_days", "{\"monthly\": 15, \"default\": 30}"),
            "reminderSteps", new Section("premium_reminder_steps",
                    "{\"daysBeforeDue\": [15, 7, 1], \"daysAfterDue\": [1], \"daysBeforeGraceEnds\": [7]}"),
            "maturityReminderDays", new Section("maturity_reminder_days", "30"),
            "retention", new Section("archival_retention",
                    "{\"auditLogYears\": 7, \"eventYears\": 2, \"whatsappBodyYears\": 2, \"callbackYears\": 3}"),
            "businessHours", new Section("business_hours",
                    "{\"start\": \"09:00\", \"end\": \"18:00\", \"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]}"),
            "quietHours", new Section("quiet_hours", "{\"start\": \"21:00\", \"end\": \"09:00\"}"),
            "defaultLanguage", new Section("default_language", "\"en\""));

    private static final List<String> ORDER = List.of("gracePeriodDays", "reminderSteps", "maturityReminderDays",
            "retention", "businessHours", "quietHours", "defaultLanguage");

    private final Database database;

    TenantSettings(Database database) {
        this.database = database;
    }

    Map<String, Object> get(Caller caller) {
        Access.administrator(caller);
        return database.inTransaction(caller, tx -> read(tx, caller));
    }

    Map<String, Object> update(Caller caller, JsonNode body) {
        Access.administrator(caller);
        if (!(body instanceof ObjectNode object) || object.isEmpty()) {
            throw new ApiProblem.InvalidInput("give at least one of " + String.join(", ", ORDER));
        }
        Violations violations = new Violations();
        object.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                violations.add(name, "is not a setting");
            }
        });
        violations.throwIfAny();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (String section : ORDER) {
            if (object.has(section)) {
                JsonNode value = object.get(section);
                if (value.isNull()) {
                    values.put(section, null); // back to the default
                } else if (Json.write(value).length() > 2000) {
                    violations.add(section, "is too large");
                } else {
                    validate(section, value, violations);
                    values.put(section, value);
                }
            }
        }
        violations.throwIfAny();
        return database.inTransaction(caller, tx -> {
            if (values.containsKey("defaultLanguage") && values.get("defaultLanguage") != null
                    && !tx.fetchExists(LANGUAGES, LANGUAGES.LANGUAGE_CODE.eq(values.get("defaultLanguage").asText())
                            .and(LANGUAGES.STATUS.eq("active")))) {
                throw ApiProblem.InvalidInput.field("defaultLanguage", "is not a language of the platform");
            }
            values.forEach((section, value) -> tx.select(DSL.field("shared.set_tenant_setting({0}, {1})",
                    Object.class, DSL.val(KEYS.get(section).key()),
                    DSL.val(value == null ? null : JSONB.valueOf(Json.write(value)), JSONB.class))).fetch());
            return read(tx, caller);
        });
    }

    private static Map<String, Object> read(org.jooq.DSLContext tx, Caller caller) {
        Map<String, JsonNode> stored = new java.util.HashMap<>();
        tx.select(TENANT_CONFIG.CONFIG_KEY, TENANT_CONFIG.CONFIG_VALUE).from(TENANT_CONFIG)
                .where(TENANT_CONFIG.TENANT_ID.eq(caller.tenant().id()))
                .forEach(row -> stored.put(row.value1(), parse(row.value2())));
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String section : ORDER) {
            JsonNode value = stored.get(KEYS.get(section).key());
            Violations check = new Violations();
            if (value != null) {
                validate(section, value, check);
            }
            // a value written outside the API that the API would refuse is shown as the default the jobs fall back to
            settings.put(section, value != null && check.isEmpty() ? value : parse(KEYS.get(section).defaultJson()));
        }
        settings.put("timeZone", TIME_ZONE);
        return settings;
    }

    static void validate(String section, JsonNode value, Violations violations) {
        switch (section) {
            case "gracePeriodDays" -> {
                onlyFields(section, value, Set.of("monthly", "default"), violations);
                days(section + ".monthly", value.get("monthly"), 0, 90, violations);
                days(section + ".default", value.get("default"), 0, 90, violations);
            }
            case "reminderSteps" -> {
                onlyFields(section, value, Set.of("daysBeforeDue", "daysAfterDue", "daysBeforeGraceEnds"), violations);
                for (String list : List.of("daysBeforeDue", "daysAfterDue", "daysBeforeGraceEnds")) {
                    JsonNode days = value.get(list);
                    if (days == null || !days.isArray() || days.size() > 10) {
                        violations.add(section + "." + list, "must be a list of at most 10 days");
                        continue;
                    }
                    Set<Integer> seen = new HashSet<>();
                    for (JsonNode day : days) {
                        if (!day.isIntegralNumber() || day.asInt() < 1 || day.asInt() > 90 || !seen.add(day.asInt())) {
                            violations.add(section + "." + list, "days are distinct whole numbers from 1 to 90");
                            break;
                        }
                    }
                }
            }
            case "maturityReminderDays" -> days(section, value, 1, 365, violations);
            case "retention" -> {
                onlyFields(section, value, Set.of("auditLogYears", "eventYears", "whatsappBodyYears", "callbackYears"),
                        violations);
                // the audit trail is a compliance record (IRDAI: kept at least 7 years by default; never less than 1)
                days(section + ".auditLogYears", value.get("auditLogYears"), 1, 20, violations);
                days(section + ".eventYears", value.get("eventYears"), 1, 20, violations);
                days(section + ".whatsappBodyYears", value.get("whatsappBodyYears"), 1, 20, violations);
                days(section + ".callbackYears", value.get("callbackYears"), 1, 20, violations);
            }
            case "businessHours" -> {
                onlyFields(section, value, Set.of("start", "end", "days"), violations);
                LocalTime start = time(section + ".start", value.get("start"), violations);
                LocalTime end = time(section + ".end", value.get("end"), violations);
                if (start != null && end != null && !start.isBefore(end)) {
                    violations.add(section + ".end", "must be after start (IST, the same day)");
                }
                JsonNode days = value.get("days");
                List<String> given = new ArrayList<>();
                if (days != null && days.isArray() && days.size() <= 7) {
                    days.forEach(day -> given.add(day.asText("")));
                }
                if (given.isEmpty() || !DAYS.containsAll(given) || new HashSet<>(given).size() != given.size()) {
                    violations.add(section + ".days", "must be a list of distinct days: " + String.join(", ", DAYS));
                }
            }
            case "quietHours" -> {
                onlyFields(section, value, Set.of("start", "end"), violations);
                LocalTime start = time(section + ".start", value.get("start"), violations);
                LocalTime end = time(section + ".end", value.get("end"), violations);
                if (start != null && start.equals(end)) {
                    violations.add(section + ".end", "must differ from start (quiet hours may cross midnight)");
                }
            }
            case "defaultLanguage" -> {
                if (!value.isTextual() || !value.asText().matches("[a-z]{2,3}")) {
                    violations.add(section, "must be a language code such as en or hi");
                }
            }
            default -> violations.add(section, "is not a setting");
        }
    }

    private static void onlyFields(String section, JsonNode value, Set<String> known, Violations violations) {
        if (!value.isObject()) {
            violations.add(section, "must be an object with " + String.join(", ", known.stream().sorted().toList()));
            return;
        }
        value.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                violations.add(section + "." + name, "is not a known field");
            }
        });
    }

    private static void days(String field, JsonNode value, int min, int max, Violations violations) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min
                || value.asInt() > max) {
            violations.add(field, "must be a whole number from " + min + " to " + max);
        }
    }

    private static LocalTime time(String field, JsonNode value, Violations violations) {
        if (value == null || !value.isTextual() || !HH_MM.matcher(value.asText()).matches()) {
            violations.add(field, "must be a time HH:mm (IST)");
            return null;
        }
        try {
            return LocalTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            violations.add(field, "must be a time HH:mm (IST)");
            return null;
        }
    }

    private static JsonNode parse(Object value) {
        try {
            String text = value instanceof JSONB jsonb ? jsonb.data() : String.valueOf(value);
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
