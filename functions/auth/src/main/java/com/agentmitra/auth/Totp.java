package com.agentmitra.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps, 6 digits: what authenticator apps use).
 * Small enough to own: tested against the RFC's appendix B vectors.
 */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    /** One step either side: phones' clocks drift, and a code typed at the end of its step is still accepted. */
    static final int WINDOW = 1;

    private Totp() {}

    /** The code for the step holding {@code time}. */
    static String code(byte[] secret, Instant time, int digits, String algorithm) {
        return generate(secret, time.getEpochSecond() / STEP_SECONDS, digits, algorithm);
    }

    /**
     * Whether {@code candidate} is the code of the step holding {@code now} or one step either side; the matching
     * step is returned so a caller can refuse a code used before (replay), {@code -1} when none matches.
     */
    static long matchingStep(byte[] secret, String candidate, Instant now) {
        if (candidate == null || !candidate.matches("[0-9]{" + DIGITS + "}")) {
            return -1;
        }
        long current = now.getEpochSecond() / STEP_SECONDS;
        long found = -1;
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            // compare every step in constant time, so timing does not tell which step was close
            if (MessageDigest.isEqual(generate(secret, step, DIGITS, "HmacSHA1").getBytes(), candidate.getBytes())) {
                found = step;
            }
        }
        return found;
    }

    static String generate(byte[] secret, long step, int digits, String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int modulo = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulo);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }
}
