package com.agentmitra.archival;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Period;

/**
 * How long rows stay in the hot tables before they move to the archive (issue 9 defaults: audit 7 years, user
 * events and session analytics 2 years, WhatsApp message bodies 2 years, completed callbacks 3 years). A tenant
 * overrides them in {@code shared.tenant_config} under {@code archival_retention}, e.g.
 * {@code {"auditLogYears": 8, "eventYears": 3}}.
 */
record Retention(Period auditLog, Period events, Period whatsappBodies, Period callbacks) {

    static final String CONFIG_KEY = "archival_retention";

    static Retention defaults() {
        return new Retention(Period.ofYears(7), Period.ofYears(2), Period.ofYears(2), Period.ofYears(3));
    }

    /** The defaults with whatever the tenant's configuration overrides; a malformed value keeps the default. */
    static Retention from(JsonNode config) {
        Retention defaults = defaults();
        if (config == null || !config.isObject()) {
            return defaults;
        }
        return new Retention(
                years(config, "auditLogYears", defaults.auditLog()),
                years(config, "eventYears", defaults.events()),
                years(config, "whatsappBodyYears", defaults.whatsappBodies()),
                years(config, "callbackYears", defaults.callbacks()));
    }

    /** Months of event partitions kept (partitions older than this and empty are dropped). */
    int eventMonths() {
        return (int) events.toTotalMonths();
    }

    private static Period years(JsonNode config, String field, Period fallback) {
        JsonNode value = config.get(field);
        // the audit trail is a compliance record: never less than one year, whatever the configuration says
        return value != null && value.canConvertToInt() && value.asInt() >= 1 ? Period.ofYears(value.asInt()) : fallback;
    }
}
