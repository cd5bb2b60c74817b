package com.agentmitra.policies.me;

import com.agentmitra.policies.consent.ConsentView;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The signed-in person as {@code GET /me} shows them: who they are, their language and notification categories, and
 * for a customer their policyholder id and current WhatsApp consent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeView(UUID userId, String role, String tenant, String displayName, String firstName, String lastName,
        String email, String phone, String preferredLanguage, NotificationPreferences notificationPreferences,
        UUID policyholderId, ConsentView whatsappConsent) {}
