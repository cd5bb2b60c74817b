package com.agentmitra.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random values the module hands out (codes, refresh and reset tokens) and the plain hash of long tokens.
 *
 * <p>The generator is made at cold start, so under SnapStart it is in the snapshot that every restored copy resumes
 * from. AWS's "Handling uniqueness with Lambda SnapStart" names {@code java.security.SecureRandom} among the CSPRNGs
 * of the managed runtimes that keep their randomness across restores; {@link #afterRestore()} does not rely on how
 * this JVM's provider draws its entropy and replaces the generator in every restored copy, so no two copies can hand
 * out the same codes or tokens whatever the generator's state in the snapshot.
 */
final class Secrets {

    private static volatile SecureRandom random = new SecureRandom();

    private Secrets() {}

    /** A SnapStart restore hook: a new generator, seeded in this copy. Quick, and opens no connection. */
    static void afterRestore() {
        random = new SecureRandom();
    }

    /** Uses {@code generator} from now on (tests: the state a snapshot froze). */
    static void use(SecureRandom generator) {
        random = generator;
    }

    /** A uniformly random decimal code of {@code digits} digits. */
    static String digits(int digits) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append(random.nextInt(10));
        }
        return code.toString();
    }

    /** {@code bytes} random bytes, base64url without padding (32 bytes: 256 bits, 43 characters). */
    static String token(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static byte[] bytes(int count) {
        byte[] value = new byte[count];
        random.nextBytes(value);
        return value;
    }

    /** SHA-256 (hex) of a 256-bit token: enough for values nobody can guess (refresh tokens). */
    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
