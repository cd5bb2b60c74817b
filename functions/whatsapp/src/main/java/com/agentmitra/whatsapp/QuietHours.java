package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's quiet hours in IST (issue 19: {@code GET/PATCH /tenant/settings}, stored in {@code shared.tenant_config}
 * under {@code quiet_hours} as {@code {"start": "21:00", "end": "09:00"}}; they may cross midnight): no message goes
 * to a customer inside them, except the ones the customer is waiting for right now - sign-in and password-reset
 * codes, security notices, an agent's free-text reply in a conversation the customer opened (a template the agent
 * sends is held like any other), the answer to the customer's own consent reply. Everything else (reminders, notices, greetings, broadcasts, shares, callback updates) is held until
 * they end.
 */
record QuietHours(LocalTime start, LocalTime end) {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    /** The default the tenant settings answer for a tenant that never set its own. */
    static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));

    /** Purposes that go out whatever the hour. */
    static final Set<String> ANY_HOUR = Set.of(WhatsappMessage.OTP, WhatsappMessage.PASSWORD_RESET,
            "security_notice", "consent");
    /** An agent's reply in a conversation: free text (only possible inside the window the customer opened) goes. */
    static final String CONVERSATION = "conversation";

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    QuietHours {
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time");
        }
    }

    /**
     * The stored setting; the default where there is none, and also where it cannot be read (the settings route
     * validates what it stores, so that means a hand edit: sending at night is the worse mistake).
     */
    static QuietHours parse(Optional<String> json) {
        if (json.isEmpty() || json.get().length() > 1_000) {
            return DEFAULT;
        }
        try {
            JsonNode node = Json.mapper().readTree(json.get());
            return new QuietHours(LocalTime.parse(node.path("start").asText(), HH_MM),
                    LocalTime.parse(node.path("end").asText(), HH_MM));
        } catch (DateTimeParseException | IllegalArgumentException | java.io.IOException e) {
            return DEFAULT;
        }
    }

    /** Whether this message waits for quiet hours to end: a customer's, of a purpose that can wait. */
    static boolean applies(WhatsappMessage message, Recipient recipient) {
        boolean answering = message.purpose().equals(CONVERSATION) && message.template() == null;
        return recipient.isPolicyholder() && !ANY_HOUR.contains(message.purpose()) && !answering;
    }

    /** When the quiet hours {@code now} falls in end, or empty when {@code now} is outside them. */
    Optional<Instant> endOf(Instant now) {
        ZonedDateTime local = now.atZone(IST);
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        boolean crossesMidnight = start.isAfter(end);
        boolean inside = crossesMidnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!inside) {
            return Optional.empty();
        }
        LocalDate endDay = crossesMidnight && !time.isBefore(start) ? day.plusDays(1) : day;
        return Optional.of(endDay.atTime(end).atZone(IST).toInstant());
    }

    /** For the row's reason, e.g. {@code 21:00-09:00 IST}. */
    String describe() {
        return HH_MM.format(start) + "-" + HH_MM.format(end) + " IST";
    }
}
