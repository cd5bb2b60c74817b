package com.agentmitra.auth;

/**
 * The language a person's WhatsApp message is queued in (issue 13): the code stored for them, as it is
 * ({@code policyholders.preferred_language} for a customer, {@code users.language_preference} for agents and staff),
 * or English when none is stored. The sender falls back to English where no approved template exists in that
 * language, so a producer never second-guesses the stored code.
 */
final class MessageLanguage {

    static final String ENGLISH = "en";

    private MessageLanguage() {}

    static String of(String stored) {
        return stored == null || stored.isBlank() ? ENGLISH : stored;
    }
}
