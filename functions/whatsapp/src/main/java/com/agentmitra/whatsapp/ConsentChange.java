package com.agentmitra.whatsapp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What STOP or START does to a customer's marketing consent (issue 8, spec §4): STOP opts out and START opts back
 * in; each is confirmed once, when it changes something. A repeated STOP after an opt-out is neither stored again
 * nor confirmed again. "Never asked" (no consent time) counts as not yet opted out, so a first STOP is confirmed.
 * Notifications are applied from a queue and Meta delivers concurrently, so a STOP and a START can arrive in either
 * order: the one the customer said last wins. A message said before the customer's last recorded consent change
 * changes nothing (WhatsApp timestamps are whole seconds, so times are compared to the second: within one second, arrival
 * order decides).
 */
final class ConsentChange {

    private ConsentChange() {}

    /**
     * The new marketing opt-in value, or empty when the customer's consent already says so or was changed after
     * {@code said}, the time the customer sent the message.
     */
    static Optional<Boolean> of(InboundIntent intent, boolean marketingOptIn, Optional<Instant> consentUpdatedAt,
            Instant said) {
        if (consentUpdatedAt.isPresent() && consentUpdatedAt.get().truncatedTo(ChronoUnit.SECONDS).isAfter(said)) {
            return Optional.empty();
        }
        return switch (intent) {
            case STOP_MARKETING -> marketingOptIn || consentUpdatedAt.isEmpty() ? Optional.of(false) : Optional.empty();
            case START_MARKETING -> marketingOptIn ? Optional.empty() : Optional.of(true);
            case CALLBACK, OTHER -> Optional.empty();
        };
    }

    static String confirmation(boolean optedIn) {
        return optedIn
                ? "You will receive offers and greetings from your agent on WhatsApp again. Reply STOP to stop them."
                : "You will no longer receive offers or greetings on WhatsApp. Policy reminders and login codes will"
                        + " still reach you. Reply START to receive offers again.";
    }
}
