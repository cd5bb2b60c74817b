package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>} (spec §5): computed over the exact
 * bytes received, compared in constant time. A missing, malformed or wrong signature is simply not valid.
 */
final class WebhookSignature {

    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    static boolean valid(byte[] rawBody, Optional<String> header, Secret appSecret) {
        if (header.isEmpty() || appSecret.reveal().isEmpty()) {
            return false;
        }
        String value = header.get().strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] expected = sign(rawBody, appSecret).getBytes(StandardCharsets.US_ASCII);
        byte[] given = value.substring(PREFIX.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The lower-case hex HMAC-SHA256 of {@code body} (also what tests and the local stack sign with). */
    static String sign(byte[] body, Secret appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
