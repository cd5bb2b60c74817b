package com.agentmitra.whatsapp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a customer's reply does to their consent (issues 8 and 13, spec §4): STOP opts out of marketing and START
 * opts back in; yes and no to our consent question give or withdraw utility consent. Each is recorded through
 * {@code record_consent} (the ledger, source {@code whatsapp_reply}) and confirmed once, when it changes something:
 * a repeated STOP after an opt-out is neither recorded again nor confirmed again. "Never asked" (no said-at time for
 * that purpose) counts as not yet decided, so a first STOP or no is recorded and confirmed.
 * Notifications are applied from a queue and Meta delivers concurrently, so replies can arrive in either order: the
 * one the customer said last wins. {@code record_consent} holds that rule (per purpose, by said-at; a tie goes to
 * the later arrival); this is the same test made first, so a reply said before the customer's last statement about
 * that purpose, or one that repeats it, writes nothing (WhatsApp timestamps are whole seconds, so times are compared
 * to the second here; within one second, {@code record_consent} decides).
 */
final class ConsentChange {

    private ConsentChange() {}

    /** The two purposes a customer consents to on WhatsApp ({@code consent_events.purpose}). */
    enum Purpose {
        WHATSAPP_UTILITY("whatsapp_utility"),
        WHATSAPP_MARKETING("whatsapp_marketing");

        private final String code;

        Purpose(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** The purpose an intent speaks about, if any: STOP/START marketing, yes/no utility. */
    static Optional<Purpose> purposeOf(InboundIntent intent) {
        return switch (intent) {
            case STOP_MARKETING, START_MARKETING -> Optional.of(Purpose.WHATSAPP_MARKETING);
            case CONSENT_YES, CONSENT_NO -> Optional.of(Purpose.WHATSAPP_UTILITY);
            case CALLBACK, OTHER -> Optional.empty();
        };
    }

    /**
     * The new opt-in value for the intent's purpose, or empty when the customer's consent for it already says so or
     * was stated after {@code said}, the time the customer sent the message. {@code optIn} and {@code saidAt}: the
     * current state of that purpose and when the customer made the statement that set it.
     */
    static Optional<Boolean> of(InboundIntent intent, boolean optIn, Optional<Instant> saidAt, Instant said) {
        if (saidAt.isPresent() && saidAt.get().truncatedTo(ChronoUnit.SECONDS).isAfter(said)) {
            return Optional.empty();
        }
        return switch (intent) {
            case STOP_MARKETING, CONSENT_NO -> optIn || saidAt.isEmpty() ? Optional.of(false) : Optional.empty();
            case START_MARKETING, CONSENT_YES -> optIn ? Optional.empty() : Optional.of(true);
            case CALLBACK, OTHER -> Optional.empty();
        };
    }

    static String confirmation(boolean optedIn) {
        return optedIn
                ? "You will receive offers and greetings from your agent on WhatsApp again. Reply STOP to stop them."
                : "You will no longer receive offers or greetings on WhatsApp. Policy reminders and login codes will"
                        + " still reach you. Reply START to receive offers again.";
    }

    /** The ledger's evidence for a reply: what the customer sent, quoted (never who sent it). */
    static String evidence(String sent, String context) {
        String quoted = sent.strip().replace('"', '\'');
        if (quoted.length() > 200) {
            quoted = quoted.substring(0, 200) + "...";
        }
        return "replied \"" + quoted + "\"" + context;
    }
}
