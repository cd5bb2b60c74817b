package com.agentmitra.domain.callbacks;

import java.time.Instant;
import java.util.UUID;

/**
 * The WhatsApp notices callbacks send, as the service sees them: one method per notice, no transport. Each carries
 * what makes it unique, so a repeated notice (the sweeper running twice, a retried request) is a duplicate
 * downstream ({@link #idempotencyKey}), and the language its recipient reads ({@link #language}).
 */
public interface CallbackNotifications {

    /** Messages go in English to a person with no language stored. */
    String ENGLISH = "en";

    /**
     * To the agent a callback was just given to (the {@code assignmentNumber}-th assignment of that callback), in the
     * agent's {@code users.language_preference}.
     */
    record Assigned(String tenant, UUID callbackId, int assignmentNumber, String agentName, String agentPhone,
            String language, String customerName, String priority, Instant dueAt) {}

    /** To the customer whose callback was completed, in their {@code policyholders.preferred_language}. */
    record Resolved(String tenant, UUID callbackId, String customerName, String customerPhone, String language) {}

    /**
     * To the manager of the agent holding a callback an escalation rule fired on, in the manager's
     * {@code users.language_preference}.
     */
    record Escalated(String tenant, UUID callbackId, UUID ruleId, String managerName, String managerPhone,
            String language, String customerName, String agentName, Instant dueAt) {}

    void assigned(Assigned notice);

    void resolved(Resolved notice);

    void escalated(Escalated notice);

    static String idempotencyKey(Assigned notice) {
        return "callback-assigned:" + notice.callbackId() + ":" + notice.assignmentNumber();
    }

    static String idempotencyKey(Resolved notice) {
        return "callback-resolved:" + notice.callbackId();
    }

    static String idempotencyKey(Escalated notice) {
        return "callback-escalated:" + notice.callbackId() + ":" + notice.ruleId();
    }

    /**
     * The language a person's notice is queued in: the code stored for them, as it is; English when none is. The
     * WhatsApp sender sends English where no approved template exists in that language (issue 13).
     */
    static String language(String stored) {
        return stored == null || stored.isBlank() ? ENGLISH : stored;
    }

    /** The short reference customers and agents see: {@code CB-} and the first 8 hex digits of the id. */
    static String reference(UUID callbackId) {
        return "CB-" + callbackId.toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    }
}
