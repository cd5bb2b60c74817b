package com.agentmitra.policies.me;

/**
 * The JSON body of {@code PATCH /me}: what a person may change about themself. A field left out (or null) keeps its
 * value. {@code whatsappUtility} and {@code whatsappMarketing} are a customer's own WhatsApp consent.
 */
public record MeBody(String displayName, String preferredLanguage, NotificationPreferences notificationPreferences,
        Boolean whatsappUtility, Boolean whatsappMarketing) {}
