package com.agentmitra.metrics.reminders;

import com.agentmitra.messaging.WhatsappMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A claimed message about to be queued: its key, kind, recipient, language and the template's values. */
record ScheduledMessage(UUID id, String idempotencyKey, MessageKind kind, String recipient, String language,
        JsonNode details) {

    private static final List<String> DATES = List.of("dueDate", "graceEnd", "revivalDeadline", "maturityDate");
    private static final List<String> COUNTS = List.of("lapsedToday", "dueThisWeek");

    /** The whatsapp-outbound message (schema v1) for this claim. */
    WhatsappMessage toWhatsapp(String tenantCode, Instant now) {
        List<String> parameters = new ArrayList<>();
        for (String name : kind.parameters()) {
            parameters.add(value(name));
        }
        return WhatsappMessage.template(idempotencyKey, tenantCode, recipient, kind.purpose(),
                new WhatsappMessage.Template(kind.template(), language, parameters), now);
    }

    private String value(String name) {
        JsonNode value = details.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("message " + idempotencyKey + " has no " + name);
        }
        if (name.equals("amount")) {
            return TemplateValues.rupees(new BigDecimal(value.asText()));
        }
        if (COUNTS.contains(name)) {
            return TemplateValues.count(value.asLong());
        }
        if (DATES.contains(name)) {
            return TemplateValues.date(LocalDate.parse(value.asText()));
        }
        return TemplateValues.text(value.asText());
    }
}
