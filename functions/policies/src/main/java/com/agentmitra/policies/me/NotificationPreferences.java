package com.agentmitra.policies.me;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The categories of notifications a person may switch off (issue 13): premium reminders (and the notices about a
 * policy's premiums), callback updates, greetings and offers. In a body a null field keeps its value; stored as jsonb
 * ({@code policyholders.communication_preferences} for a customer, {@code users.notification_preferences} for
 * everyone else), where a missing key means on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationPreferences(Boolean premiumReminders, Boolean callbackUpdates, Boolean greetingsAndOffers) {

    static final NotificationPreferences ALL_ON = new NotificationPreferences(true, true, true);

    /** This patch over what is stored: a field left out keeps the stored value (on when never set). */
    NotificationPreferences over(NotificationPreferences stored) {
        return new NotificationPreferences(
                premiumReminders != null ? premiumReminders : stored.premiumReminders(),
                callbackUpdates != null ? callbackUpdates : stored.callbackUpdates(),
                greetingsAndOffers != null ? greetingsAndOffers : stored.greetingsAndOffers());
    }

    boolean isEmpty() {
        return premiumReminders == null && callbackUpdates == null && greetingsAndOffers == null;
    }
}
