package com.agentmitra.metrics.reminders;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's reminder settings, from {@code shared.tenant_config}: {@code premium_grace_period_days}
 * ({@code {"monthly": 15, "default": 30}}), {@code premium_reminder_steps}
 * ({@code {"daysBeforeDue": [15, 7, 1], "daysAfterDue": [1], "daysBeforeGraceEnds": [7]}}) and
 * {@code maturity_reminder_days} (30). A missing or malformed value keeps the default.
 */
public record ReminderSettings(GracePeriod grace, ReminderSteps steps, int maturityDaysAhead) {

    public static final String GRACE_KEY = "premium_grace_period_days";
    public static final String STEPS_KEY = "premium_reminder_steps";
    public static final String MATURITY_KEY = "maturity_reminder_days";

    public static ReminderSettings defaults() {
        return new ReminderSettings(GracePeriod.lic(), ReminderSteps.defaults(), 30);
    }

    /** The defaults overridden by whatever of the three keys the tenant set (null for a key not set). */
    public static ReminderSettings from(JsonNode grace, JsonNode steps, JsonNode maturity) {
        ReminderSettings defaults = defaults();
        GracePeriod gracePeriod = defaults.grace();
        if (grace != null && grace.isObject()) {
            try {
                gracePeriod = new GracePeriod(days(grace.get("monthly"), gracePeriod.monthlyDays()),
                        days(grace.get("default"), gracePeriod.otherDays()));
            } catch (IllegalArgumentException e) {
                gracePeriod = defaults.grace();
            }
        }
        ReminderSteps reminderSteps = defaults.steps();
        if (steps != null && steps.isObject()) {
            try {
                reminderSteps = new ReminderSteps(list(steps.get("daysBeforeDue"), reminderSteps.daysBeforeDue()),
                        list(steps.get("daysAfterDue"), reminderSteps.daysAfterDue()),
                        list(steps.get("daysBeforeGraceEnds"), reminderSteps.daysBeforeGraceEnds()));
            } catch (IllegalArgumentException e) {
                reminderSteps = defaults.steps();
            }
        }
        int maturityDays = maturity != null && maturity.canConvertToInt() && maturity.asInt() >= 1
                && maturity.asInt() <= 365 ? maturity.asInt() : defaults.maturityDaysAhead();
        return new ReminderSettings(gracePeriod, reminderSteps, maturityDays);
    }

    private static int days(JsonNode value, int fallback) {
        return value != null && value.canConvertToInt() ? value.asInt() : fallback;
    }

    private static List<Integer> list(JsonNode value, List<Integer> fallback) {
        if (value == null || !value.isArray()) {
            return fallback;
        }
        List<Integer> days = new ArrayList<>();
        for (JsonNode day : value) {
            if (!day.canConvertToInt()) {
                throw new IllegalArgumentException("steps are whole days");
            }
            days.add(day.asInt());
        }
        return days;
    }
}
