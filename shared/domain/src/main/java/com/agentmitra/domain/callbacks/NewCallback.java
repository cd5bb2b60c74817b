package com.agentmitra.domain.callbacks;

import com.agentmitra.lambda.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /callbacks}: what the customer wants to talk about. The customer's name, phone and value tier come from
 * their record, never from the body. {@code customerId} is for agents and staff (a policyholder asks for themself);
 * {@code sourceReferenceId} makes a repeated request (the same inbound WhatsApp message) return the first callback.
 */
public record NewCallback(UUID customerId, UUID policyId, String requestType, String description, String urgency,
        Instant preferredTime, String source, String sourceReferenceId, List<String> tags, String category) {

    /** The seed's request types (others score as "unknown", 50): a closed list keeps the queue's data clean. */
    public static final List<String> REQUEST_TYPES = List.of("policy_issue", "payment_problem", "claim_assistance",
            "general_inquiry", "feedback", "suggestion", "other");
    public static final List<String> URGENCIES = List.of("critical", "high", "medium", "low");
    public static final Set<String> SOURCES = Set.of("portal", "whatsapp", "mobile", "api");
    public static final int MAX_DESCRIPTION = 2000;

    public NewCallback {
        urgency = urgency == null ? "medium" : urgency;
        tags = tags == null ? List.of() : List.copyOf(tags);
        Violations violations = new Violations().require("requestType", requestType).require("description", description);
        if (requestType != null && !requestType.isBlank() && !REQUEST_TYPES.contains(requestType)) {
            violations.add("requestType", "must be one of " + String.join(", ", REQUEST_TYPES));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            violations.add("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (!URGENCIES.contains(urgency)) {
            violations.add("urgency", "must be one of " + String.join(", ", URGENCIES));
        }
        if (source != null && !SOURCES.contains(source)) {
            violations.add("source", "must be one of portal, whatsapp, mobile, api");
        }
        if (sourceReferenceId != null && (sourceReferenceId.isBlank() || sourceReferenceId.length() > 200)) {
            violations.add("sourceReferenceId", "must be 1 to 200 characters");
        }
        if (tags.size() > 20 || tags.stream().anyMatch(tag -> tag == null || tag.isBlank() || tag.length() > 50)) {
            violations.add("tags", "at most 20 tags of 1 to 50 characters");
        }
        if (category != null && (category.isBlank() || category.length() > 100)) {
            violations.add("category", "must be 1 to 100 characters");
        }
        violations.throwIfAny();
        description = description.strip();
    }
}
