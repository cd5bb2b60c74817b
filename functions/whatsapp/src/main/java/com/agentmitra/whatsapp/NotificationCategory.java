package com.agentmitra.whatsapp;

import com.agentmitra.messaging.WhatsappMessage;
import java.util.Optional;

/**
 * A customer's notification categories (issue 13, {@code policyholders.communication_preferences}): each switches
 * off the messages of some purposes. A missing key, or no preferences at all, means on.
 */
enum NotificationCategory {
    PREMIUM_REMINDERS("premiumReminders", "premium reminders"),
    CALLBACK_UPDATES("callbackUpdates", "callback updates"),
    GREETINGS_AND_OFFERS("greetingsAndOffers", "greetings and offers");

    private final String key;
    private final String label;

    NotificationCategory(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The key in the preferences JSON. */
    String key() {
        return key;
    }

    /** How a person names it (in a refusal reason). */
    String label() {
        return label;
    }

    /** The category a message of this purpose belongs to; OTPs, password resets and consent texts have none. */
    static Optional<NotificationCategory> of(String purpose) {
        return switch (purpose) {
            case WhatsappMessage.REMINDER -> Optional.of(PREMIUM_REMINDERS);
            case WhatsappMessage.CALLBACK -> Optional.of(CALLBACK_UPDATES);
            case WhatsappMessage.GREETING, WhatsappMessage.BROADCAST -> Optional.of(GREETINGS_AND_OFFERS);
            default -> Optional.empty();
        };
    }
}
