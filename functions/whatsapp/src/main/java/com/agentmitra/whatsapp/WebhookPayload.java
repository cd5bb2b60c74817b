package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A webhook notification (spec §5), every entry, change, status and message of it, reduced to what we act on:
 * statuses and messages of {@code messages} changes, system-level {@code value.errors[]} of any change, and
 * {@code value.user_preferences[]} (the {@code user_preferences} field: marketing stopped or resumed inside WhatsApp,
 * spec §4). Unknown fields and other change fields are ignored.
 */
record WebhookPayload(List<StatusUpdate> statuses, List<InboundMessage> messages, List<SystemError> errors,
        List<PreferenceChange> preferences) {

    WebhookPayload {
        statuses = List.copyOf(statuses);
        messages = List.copyOf(messages);
        errors = List.copyOf(errors);
        preferences = List.copyOf(preferences);
    }

    /** A system-level failure Meta reports in {@code value.errors[]}: only the code and title are kept. */
    record SystemError(Optional<Integer> code, Optional<String> title) {}

    /**
     * One {@code user_preferences[]} item: {@code category} {@code marketing_messages}, {@code value} {@code stop}
     * or {@code resume} (Meta's reference, as far as it could be confirmed; compared case-insensitively).
     */
    record PreferenceChange(String waId, String category, String value, Instant at) {
        boolean stopsMarketing() {
            return "marketing_messages".equalsIgnoreCase(category) && "stop".equalsIgnoreCase(value);
        }

        String phone() {
            return "+" + waId;
        }
    }

    record StatusUpdate(String wamid, String status, Instant at, Optional<String> outboxReference,
            Optional<Integer> errorCode, Optional<String> errorTitle) {}

    /** {@code from} is digits without '+', as Meta sends it; {@link #phone()} is our E.164 form. */
    record InboundMessage(String wamid, String from, Instant at, String type, Optional<String> text,
            Optional<String> buttonPayload) {
        String phone() {
            return "+" + from;
        }
    }

    /** A WhatsApp user id ({@code from}, {@code wa_id}): the number's digits without '+'. */
    private static final String PHONE_DIGITS = "[1-9][0-9]{6,14}";

    static WebhookPayload parse(String json) {
        return parse(tree(json));
    }

    /** The notification as a JSON object; anything else is an {@link IllegalArgumentException}. */
    static JsonNode tree(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("webhook body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("webhook body is not a JSON object");
        }
        return root;
    }

    /** {@code root}: a JSON object ({@link #tree}). */
    static WebhookPayload parse(JsonNode root) {
        List<StatusUpdate> statuses = new ArrayList<>();
        List<InboundMessage> messages = new ArrayList<>();
        List<SystemError> errors = new ArrayList<>();
        List<PreferenceChange> preferences = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                for (JsonNode error : value.path("errors")) {
                    errors.add(new SystemError(error.path("code").isInt() ? Optional.of(error.path("code").asInt())
                            : Optional.empty(), text(error, "title")));
                }
                // read wherever it appears: the field name is Meta's "user_preferences", but only the item shape matters
                for (JsonNode preference : value.path("user_preferences")) {
                    String waId = preference.path("wa_id").asText("");
                    if (!waId.matches(PHONE_DIGITS)) {
                        continue;
                    }
                    preferences.add(new PreferenceChange(waId, preference.path("category").asText(""),
                            preference.path("value").asText(""), time(preference)));
                }
                if (!"messages".equals(change.path("field").asText())) {
                    continue;
                }
                for (JsonNode status : value.path("statuses")) {
                    String id = status.path("id").asText("");
                    String name = status.path("status").asText("");
                    if (id.isEmpty() || name.isEmpty()) {
                        continue;
                    }
                    JsonNode error = status.path("errors").path(0);
                    statuses.add(new StatusUpdate(id, name, time(status), text(status, "biz_opaque_callback_data"),
                            error.path("code").isInt() ? Optional.of(error.path("code").asInt()) : Optional.empty(),
                            text(error, "title")));
                }
                for (JsonNode message : value.path("messages")) {
                    String id = message.path("id").asText("");
                    String from = message.path("from").asText("");
                    if (id.isEmpty() || !from.matches(PHONE_DIGITS)) {
                        continue;
                    }
                    String type = message.path("type").asText("unknown");
                    Optional<String> text = text(message.path("text"), "body")
                            .or(() -> text(message.path("button"), "text"))
                            .or(() -> text(message.path("interactive").path("button_reply"), "title"));
                    Optional<String> payload = text(message.path("button"), "payload")
                            .or(() -> text(message.path("interactive").path("button_reply"), "id"));
                    messages.add(new InboundMessage(id, from, time(message), type, text, payload));
                }
            }
        }
        return new WebhookPayload(statuses, messages, errors, preferences);
    }

    private static Instant time(JsonNode node) {
        String seconds = node.path("timestamp").asText("");
        try {
            return Instant.ofEpochSecond(Long.parseLong(seconds));
        } catch (NumberFormatException e) {
            return Instant.now();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
