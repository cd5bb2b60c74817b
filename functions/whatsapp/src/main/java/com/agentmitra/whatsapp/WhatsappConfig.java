package com.agentmitra.whatsapp;

import com.agentmitra.config.Env;
import com.agentmitra.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The WhatsApp functions' settings, read once at cold start. {@code WHATSAPP_API_BASE_URL} (Graph API or a local
 * stand-in), {@code WHATSAPP_API_VERSION}, {@code WHATSAPP_PHONE_NUMBER_ID}; secrets from Secrets Manager by id
 * ({@code WHATSAPP_TOKEN_SECRET_ID}, {@code WHATSAPP_APP_SECRET_ID}, {@code WHATSAPP_VERIFY_TOKEN_SECRET_ID}) or,
 * for the local stack, directly ({@code WHATSAPP_TOKEN}, {@code WHATSAPP_APP_SECRET}, {@code WHATSAPP_VERIFY_TOKEN});
 * {@code WHATSAPP_MESSAGES_PER_SECOND} paces all senders of the number together (default 78: 97.5 % of Meta's 80,
 * the rest is room for jitter between a send slot and its arrival at Meta); {@code WHATSAPP_OUTBOUND_QUEUE_URL} and
 * {@code WHATSAPP_INBOUND_QUEUE_URL} (the webhook's queue) where a function uses them; {@code MEDIA_BUCKET}, the
 * private bucket the inbound consumer keeps customers' media in (none: media is recorded, not downloaded).
 */
record WhatsappConfig(URI apiBaseUrl, String apiVersion, String phoneNumberId, Secret token, Secret appSecret,
        Secret verifyToken, int messagesPerSecond, Duration lease, Duration unknownGrace, Duration otpValidity,
        Duration requestTimeout, Optional<String> outboundQueueUrl, Optional<String> inboundQueueUrl,
        Optional<String> mediaBucket) {

    WhatsappConfig {
        if (messagesPerSecond < 1 || messagesPerSecond > 1000) {
            throw new IllegalStateException("WHATSAPP_MESSAGES_PER_SECOND must be between 1 and 1000");
        }
    }

    /** Without a media bucket: inbound media is recorded with its message but not downloaded. */
    WhatsappConfig(URI apiBaseUrl, String apiVersion, String phoneNumberId, Secret token, Secret appSecret,
            Secret verifyToken, int messagesPerSecond, Duration lease, Duration unknownGrace, Duration otpValidity,
            Duration requestTimeout, Optional<String> outboundQueueUrl, Optional<String> inboundQueueUrl) {
        this(apiBaseUrl, apiVersion, phoneNumberId, token, appSecret, verifyToken, messagesPerSecond, lease,
                unknownGrace, otpValidity, requestTimeout, outboundQueueUrl, inboundQueueUrl, Optional.empty());
    }

    /** The Graph API's send endpoint for the business number. */
    URI messagesEndpoint() {
        String base = apiBaseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + apiVersion + "/" + phoneNumberId + "/messages");
    }

    /**
     * Reads only the secrets the selected functions use: the token for the sender and for the inbound consumer when
     * it downloads media ({@code MEDIA_BUCKET} set), the app secret and verify token for the webhook.
     */
    static WhatsappConfig fromEnvironment(Function<String, String> secretsManager, boolean sender, boolean webhook) {
        return fromEnvironment(secretsManager, sender, webhook, false);
    }

    static WhatsappConfig fromEnvironment(Function<String, String> secretsManager, boolean sender, boolean webhook,
            boolean inbound) {
        Env.Reader env = Env.reader();
        Optional<String> mediaBucket = inbound ? env.optional("MEDIA_BUCKET") : Optional.empty();
        String base = env.optional("WHATSAPP_API_BASE_URL", "https://graph.facebook.com");
        String version = env.optional("WHATSAPP_API_VERSION", "v25.0");
        String phoneNumberId = env.required("WHATSAPP_PHONE_NUMBER_ID");
        Secret token = sender || mediaBucket.isPresent() ? secret(env, "WHATSAPP_TOKEN", secretsManager) : Secret.of("");
        Secret appSecret = webhook ? secret(env, "WHATSAPP_APP_SECRET", secretsManager) : Secret.of("");
        Secret verifyToken = webhook ? secret(env, "WHATSAPP_VERIFY_TOKEN", secretsManager) : Secret.of("");
        int rate = env.optionalInt("WHATSAPP_MESSAGES_PER_SECOND", 78);
        int lease = env.optionalInt("WHATSAPP_SEND_LEASE_SECONDS", 30);
        int grace = env.optionalInt("WHATSAPP_UNKNOWN_GRACE_SECONDS", 120);
        int otp = env.optionalInt("WHATSAPP_OTP_VALIDITY_SECONDS", 600);
        int timeout = env.optionalInt("WHATSAPP_REQUEST_TIMEOUT_MILLIS", 10_000);
        Optional<String> queue = env.optional("WHATSAPP_OUTBOUND_QUEUE_URL");
        Optional<String> inboundQueue = env.optional("WHATSAPP_INBOUND_QUEUE_URL");
        URI uri = URI.create(base);
        env.validate();
        return new WhatsappConfig(uri, version, phoneNumberId, token, appSecret, verifyToken, rate,
                Duration.ofSeconds(lease), Duration.ofSeconds(grace), Duration.ofSeconds(otp),
                Duration.ofMillis(timeout), queue, inboundQueue, mediaBucket);
    }

    /** {@code NAME_SECRET_ID} names a Secrets Manager secret; else {@code NAME} holds the value (local stack only). */
    private static Secret secret(Env.Reader env, String name, Function<String, String> secretsManager) {
        Optional<String> id = env.optional(name + "_SECRET_ID");
        if (id.isPresent()) {
            return Secret.of(secretsManager.apply(id.get()));
        }
        Optional<String> value = env.optional(name);
        if (value.isEmpty()) {
            env.problem(name + "_SECRET_ID (or " + name + " locally) is not set");
            return Secret.of("");
        }
        return Secret.of(value.get());
    }
}
