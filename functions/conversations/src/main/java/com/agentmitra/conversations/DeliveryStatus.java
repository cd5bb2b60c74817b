package com.agentmitra.conversations;

import java.util.Map;
import java.util.Optional;

/**
 * A message's status as an agent reads it: {@code received} (the customer's), {@code pending} (queued, being sent,
 * waiting for a retry, or its send outcome not known yet), {@code sent}, {@code delivered}, {@code read} and
 * {@code failed}, the last with a reason a person understands (Meta's error codes, and our own refusals, in words).
 * Meta's statuses only move forward (the webhook keeps the furthest), so neither does this.
 */
record DeliveryStatus(String status, Optional<String> reason) {

    static final String RECEIVED = "received";
    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String DELIVERED = "delivered";
    static final String READ = "read";
    static final String FAILED = "failed";

    /** What the customer's phone or WhatsApp said, for the codes agents meet. */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(131047, "More than 24 hours have passed since the customer last wrote: send a template instead"),
            Map.entry(470, "More than 24 hours have passed since the customer last wrote: send a template instead"),
            Map.entry(131026, "The number cannot receive this message (not on WhatsApp, or an old WhatsApp version)"),
            Map.entry(131050, "The customer stopped marketing messages from us in WhatsApp"),
            Map.entry(131049, "WhatsApp held back this marketing message to keep the customer's inbox healthy"),
            Map.entry(131051, "WhatsApp does not support this kind of message"),
            Map.entry(131052, "The customer's media could not be downloaded"),
            Map.entry(131053, "The media could not be uploaded to WhatsApp"),
            Map.entry(131056, "Too many messages to this customer in a short time: try again in a little while"),
            Map.entry(131048, "WhatsApp limited our sending because too many messages were reported or blocked"),
            Map.entry(131042, "The WhatsApp business account has a payment problem"),
            Map.entry(131031, "The WhatsApp business account is locked"),
            Map.entry(130472, "WhatsApp did not deliver it: the customer's number is part of a WhatsApp experiment"),
            Map.entry(132000, "The template was given the wrong number of values"),
            Map.entry(132001, "The template does not exist in that language or is not approved"),
            Map.entry(132015, "The template is paused by WhatsApp for low quality"),
            Map.entry(132016, "The template is disabled by WhatsApp"),
            Map.entry(130429, "WhatsApp's sending rate was reached: it will be retried"),
            Map.entry(131000, "WhatsApp had an internal error"),
            Map.entry(1, "WhatsApp had an internal error"),
            Map.entry(2, "WhatsApp was unavailable"));

    static DeliveryStatus inbound() {
        return new DeliveryStatus(RECEIVED, Optional.empty());
    }

    /**
     * {@code whatsappStatus}: Meta's (sent, delivered, read, played, failed), null until the first status;
     * {@code sendStatus}: our sender's (queued, sending, retry, unknown, accepted, failed).
     */
    static DeliveryStatus outbound(String whatsappStatus, String sendStatus, Integer errorCode, String errorDetails) {
        if ("failed".equals(whatsappStatus) || "failed".equals(sendStatus)) {
            return new DeliveryStatus(FAILED, Optional.of(reason(errorCode, errorDetails)));
        }
        if (whatsappStatus != null) {
            return switch (whatsappStatus) {
                case "read", "played" -> new DeliveryStatus(READ, Optional.empty());
                case "delivered" -> new DeliveryStatus(DELIVERED, Optional.empty());
                default -> new DeliveryStatus(SENT, Optional.empty());
            };
        }
        if ("accepted".equals(sendStatus)) {
            return new DeliveryStatus(SENT, Optional.empty());
        }
        return new DeliveryStatus(PENDING, Optional.empty());
    }

    /** Our own refusal in its own words; Meta's codes in ours; anything else said plainly with its code. */
    static String reason(Integer code, String details) {
        if (details != null && details.startsWith("refused: ")) {
            return "Not sent: " + refusal(details.substring("refused: ".length()));
        }
        if (code != null && REASONS.containsKey(code)) {
            return REASONS.get(code);
        }
        return code == null ? "WhatsApp could not deliver the message"
                : "WhatsApp could not deliver the message (error " + code + ")";
    }

    private static String refusal(String reason) {
        return switch (reason) {
            case "no marketing opt-in" -> "the customer has not agreed to marketing messages";
            case "no WhatsApp utility consent" -> "the customer has not agreed to WhatsApp notifications";
            case "free text outside the 24-hour service window" ->
                    "more than 24 hours have passed since the customer last wrote; send a template instead";
            default -> reason;
        };
    }
}
