package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code nextCursor} of every list: the list's kind (and sort) and the sort key of the last row of a page (a
 * keyset, never an offset, so rows added meanwhile neither repeat nor skip rows). Opaque and tamper-evident: the
 * text is {@code base64url(kind|value|...)} (values percent-encoded) followed by a 128-bit HMAC-SHA256 tag under {@code CURSOR_KEY} (a stack
 * secret; the local stack and tests use a fixed local key). A cursor that does not verify, was made for another list
 * or sort, or whose values do not read as the types the list expects, is a 400 problem on {@code cursor}, never a
 * 500 and never a page of rows the caller did not ask for.
 */
public record Cursor(String kind, List<String> values) {

    /** A cursor longer than this is refused before it is decoded. */
    static final int MAX_LENGTH = 1024;
    private static final int TAG_BYTES = 16;
    private static final String LOCAL_KEY = "agent-mitra-local-cursor-key";

    public Cursor {
        if (kind == null || kind.isEmpty() || kind.contains("|")) {
            throw new IllegalArgumentException("a cursor kind is a word without '|'");
        }
        values = List.copyOf(values);
    }

    public static Cursor of(String kind, Object... values) {
        return new Cursor(kind, Arrays.stream(values).map(String::valueOf).toList());
    }

    public String encode() {
        // each value percent-encoded, so a value may hold any character, '|' included
        byte[] payload = (kind + "|" + String.join("|", values.stream()
                .map(value -> java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).toList()))
                .getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(tag(payload));
    }

    /** Reads a cursor this API gave out for {@code kind} with {@code size} values; anything else is a 400. */
    public static Cursor decode(String encoded, String kind, int size) {
        if (encoded == null || encoded.length() > MAX_LENGTH) {
            throw invalid();
        }
        int dot = encoded.indexOf('.');
        if (dot <= 0) {
            throw invalid();
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] payload = base64.decode(encoded.substring(0, dot));
            byte[] tag = base64.decode(encoded.substring(dot + 1));
            if (!MessageDigest.isEqual(tag, tag(payload))) {
                throw invalid();
            }
            List<String> parts = List.of(new String(payload, StandardCharsets.UTF_8).split("\\|", -1));
            if (parts.size() != size + 1 || !parts.getFirst().equals(kind)) {
                throw invalid();
            }
            return new Cursor(kind, parts.subList(1, parts.size()).stream()
                    .map(value -> java.net.URLDecoder.decode(value, StandardCharsets.UTF_8)).toList());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    public String text(int index) {
        return values.get(index);
    }

    public Instant instant(int index) {
        return read(() -> Instant.parse(values.get(index)));
    }

    public UUID uuid(int index) {
        return read(() -> UUID.fromString(values.get(index)));
    }

    public BigDecimal decimal(int index) {
        return read(() -> new BigDecimal(values.get(index)));
    }

    public int integer(int index) {
        return read(() -> Integer.parseInt(values.get(index)));
    }

    private static <T> T read(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static byte[] tag(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Env.get("CURSOR_KEY").filter(k -> !k.isBlank()).orElse(LOCAL_KEY)
                    .getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static ApiProblem invalid() {
        return ApiProblem.InvalidInput.field("cursor", "is not a cursor this list gave out: start again without it");
    }
}
