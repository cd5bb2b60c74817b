package com.agentmitra.messaging;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One message on the {@code whatsapp-outbound} queue (schema version 1): who it goes to, in which tenant, why, and
 * either an approved template with its parameters or free text (free text is only deliverable inside WhatsApp's
 * 24-hour service window). The sender keys delivery on {@link #idempotencyKey()}, so a message queued twice is sent
 * once. Template parameters may carry one-time codes: {@link #toString()} never prints them, nor the whole phone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WhatsappMessage(int schemaVersion, String idempotencyKey, String tenant, String recipient,
        String purpose, Template template, String text, Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9_]{1,39}");

    /** Purposes in use; the field stays a string so a new producer needs no change here. */
    public static final String OTP = "otp";
    public static final String PASSWORD_RESET = "password_reset";
    public static final String REMINDER = "reminder";
    public static final String CALLBACK = "callback";
    public static final String BROADCAST = "broadcast";
    public static final String GREETING = "greeting";

    @JsonCreator
    public WhatsappMessage(@JsonProperty("schemaVersion") int schemaVersion,
            @JsonProperty("idempotencyKey") String idempotencyKey, @JsonProperty("tenant") String tenant,
            @JsonProperty("recipient") String recipient, @JsonProperty("purpose") String purpose,
            @JsonProperty("template") Template template, @JsonProperty("text") String text,
            @JsonProperty("createdAt") Instant createdAt) {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported schemaVersion " + schemaVersion);
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            throw new IllegalArgumentException("idempotencyKey is required (at most 200 characters)");
        }
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant is required");
        }
        if (recipient == null || !E164.matcher(recipient).matches()) {
            throw new IllegalArgumentException("recipient must be an E.164 phone number");
        }
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be a lower-case word such as otp or reminder");
        }
        if ((template == null) == (text == null || text.isBlank())) {
            throw new IllegalArgumentException("a message has either a template or text, not both or neither");
        }
        this.schemaVersion = schemaVersion;
        this.idempotencyKey = idempotencyKey;
        this.tenant = tenant;
        this.recipient = recipient;
        this.purpose = purpose;
        this.template = template;
        this.text = text;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A template message (the only kind WhatsApp delivers outside the 24-hour service window). */
    public static WhatsappMessage template(String idempotencyKey, String tenant, String recipient, String purpose,
            Template template, Instant createdAt) {
        return new WhatsappMessage(SCHEMA_VERSION, idempotencyKey, tenant, recipient, purpose,
                Objects.requireNonNull(template, "template"), null, createdAt);
    }

    /** A free-text message (a reply inside the 24-hour service window). */
    public static WhatsappMessage text(String idempotencyKey, String tenant, String recipient, String purpose,
            String text, Instant createdAt) {
        return new WhatsappMessage(SCHEMA_VERSION, idempotencyKey, tenant, recipient, purpose, null, text,
                createdAt);
    }

    @Override
    public String toString() {
        return "WhatsappMessage[idempotencyKey=" + idempotencyKey + ", tenant=" + tenant + ", recipient=***"
                + recipient.substring(Math.max(0, recipient.length() - 4)) + ", purpose=" + purpose + ", "
                + (template != null ? template : "text=***") + "]";
    }

    /**
     * An approved template of {@code shared.whatsapp_templates} by name and language, with its {@code {{1}}..{{n}}}
     * values in order.
     */
    public record Template(String name, String language, List<String> parameters) {

        public Template {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("template name is required");
            }
            if (language == null || language.isBlank()) {
                throw new IllegalArgumentException("template language is required");
            }
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }

        @Override
        public String toString() {
            return "template=" + name + "/" + language + " (" + parameters.size() + " parameters, not shown)";
        }
    }
}
