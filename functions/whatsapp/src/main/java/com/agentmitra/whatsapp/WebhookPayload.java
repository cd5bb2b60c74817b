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
 * spec §4), and our templates' status and quality changes ({@code message_template_status_update},
 * {@code message_template_quality_update}). Unknown fields and other change fields are ignored.
 */
record WebhookPayload(List<StatusUpdate> statuses, List<InboundMessage> messages, List<SystemError> errors,
        List<PreferenceChange> preferences, List<TemplateEvent> templates) {

    WebhookPayload {
        statuses = List.copyOf(statuses);
        messages = List.copyOf(messages);
        errors = List.copyOf(errors);
        preferences = List.copyOf(preferences);
        templates = List.copyOf(templates);
    }

    WebhookPayload(List<StatusUpdate> statuses, List<InboundMessage> messages, List<SystemError> errors,
            List<PreferenceChange> preferences) {
        this(statuses, messages, errors, preferences, List.of());
    }

    /**
     * What Meta decided about one of our templates (issue 19): a {@code message_template_status_update} (its
     * {@code event} as our approval status, with the reason) or a {@code message_template_quality_update} (the new
     * quality score), at the time of the entry.
     */
    record TemplateEvent(String name, String language, Optional<String> status, Optional<String> reason,
            Optional<String> quality, Instant at) {

        /**
         * Meta's events as our statuses: approved, rejected, paused, disabled (also for archived, deleted and about to
         * be deleted: none may be sent), pending; events that change no status (FLAGGED, IN_APPEAL, LOCKED, ...)
         * have none.
         */
        static Optional<String> status(String event) {
            return Optional.ofNullable(switch (event) {
                case "APPROVED", "REINSTATED", "UNARCHIVED" -> "approved";
                case "REJECTED" -> "rejected";
                case "PAUSED" -> "paused";
                case "DISABLED", "ARCHIVED", "PENDING_DELETION", "DELETED" -> "disabled";
                case "PENDING" -> "pending";
                default -> null;
            });
        }
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
    /** Template names and languages as Meta allows them (lower-case letters, digits, underscores; en, en_US). */
    private static final String TEMPLATE_NAME = "[a-z0-9_]{1,512}";
    private static final String TEMPLATE_LANGUAGE = "[a-z]{2,3}(_[A-Z]{2})?";
    private static final java.util.Set<String> QUALITIES = java.util.Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");

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
        List<TemplateEvent> templates = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String field = change.path("field").asText("");
                if (field.equals("message_template_status_update") || field.equals("message_template_quality_update")) {
                    template(field, value, entry).ifPresent(templates::add);
                    continue;
                }
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
        return new WebhookPayload(statuses, messages, errors, preferences, templates);
    }

    /** One template change; empty when it names no template of a form Meta allows, or changes nothing we keep. */
    private static Optional<TemplateEvent> template(String field, JsonNode value, JsonNode entry) {
        String name = value.path("message_template_name").asText("");
        String language = value.path("message_template_language").asText("");
        if (!name.matches(TEMPLATE_NAME) || !language.matches(TEMPLATE_LANGUAGE)) {
            return Optional.empty();
        }
        long seconds = entry.path("time").asLong(0);
        Instant at = seconds > 0 ? Instant.ofEpochSecond(seconds) : Instant.now();
        if (field.equals("message_template_status_update")) {
            Optional<String> status = TemplateEvent.status(value.path("event").asText(""));
            Optional<String> reason = text(value, "reason").map(r -> r.length() > 200 ? r.substring(0, 200) : r);
            return status.map(s -> new TemplateEvent(name, language, Optional.of(s), reason, Optional.empty(), at));
        }
        String quality = value.path("new_quality_score").asText("");
        return QUALITIES.contains(quality)
                ? Optional.of(new TemplateEvent(name, language, Optional.empty(), Optional.empty(),
                        Optional.of(quality), at))
                : Optional.empty();
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
