package com.agentmitra.conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the conversation routes answer. */
final class Views {

    private Views() {}

    /** One customer's thread in the inbox. */
    record Conversation(UUID policyholderId, UUID conversationId, String customerName, String phone,
            Instant lastActivityAt, LastMessage lastMessage, int unreadCount, boolean windowOpen,
            Instant windowClosesAt, AssignedAgent assignedAgent, boolean reassigned) {}

    /** {@code direction}: inbound (from the customer) or outbound. {@code text}: null once archived. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LastMessage(UUID id, String direction, String type, String text, String templateName, Instant at,
            String status, boolean archived) {}

    /** The agent a thread is with, by id and agent code (names are the portal's, from the team list). */
    record AssignedAgent(UUID agentId, String agentCode) {}

    /**
     * One entry of a thread: a {@code message} (either direction, with its delivery status), an internal
     * {@code note}, an {@code assignment} by a manager, or a {@code callback} the customer asked for.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ThreadItem(String kind, UUID id, Instant at, Integer sequence, String direction, String type, String text,
            Template template, String status, String failureReason, Boolean archived, Media media, UUID authorUserId,
            UUID assignedAgentId, Callback callback) {

        ThreadItem withMedia(Media media) {
            return new ThreadItem(kind, id, at, sequence, direction, type, text, template, status, failureReason,
                    archived, media, authorUserId, assignedAgentId, callback);
        }
    }

    record Template(String name, String language, List<String> parameters) {}

    /**
     * Media a customer sent: {@code status} stored (with a short-lived download link, made only for callers who may
     * see the customer), rejected (type or size refused) or failed (Meta no longer had it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Media(String status, String mimeType, String downloadUrl, Instant expiresAt) {}

    record Callback(String status, String requestType) {}

    /** A message accepted for sending: what it is now, and its status ({@code pending} until WhatsApp answers). */
    record Queued(ThreadItem message, String status) {}

    record ReadMarker(UUID policyholderId, int readSequence, int unreadCount) {}

    record Assignment(UUID policyholderId, AssignedAgent assignedAgent, boolean reassigned) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CannedReply(UUID id, String title, String scope, UUID agentId, Map<String, String> bodies, Filled filled,
            Instant updatedAt) {}

    /** A canned reply filled from one customer's record, in the language they read (or English, or the first). */
    record Filled(String language, String text) {}
}
