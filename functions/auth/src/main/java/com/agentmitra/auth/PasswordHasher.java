package com.agentmitra.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashes: Argon2id (Spring Security's encoder over Bouncy Castle) at OWASP's Password Storage Cheat Sheet
 * minimum (m=19 MiB, t=2, p=1; 16-byte salt, 32-byte hash), salt and parameters inside the stored string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). A hash stored with weaker parameters (Spring Security 5.8's
 * 16 MiB, before issue 15) still checks, and {@link #needsRehash} tells sign-in to store a new one. Public so the
 * local stack's demo data stores a hash this module can check.
 */
public final class PasswordHasher {

    /** Passwords shorter than this are refused when set (NIST SP 800-63B: at least 8). */
    public static final int MIN_LENGTH = 10;
    /** Longer inputs are refused before hashing: a megabyte password must not cost a megabyte of Argon2. */
    public static final int MAX_LENGTH = 128;

    /** OWASP Password Storage Cheat Sheet, Argon2id: at least 19 MiB (19,456 KiB), 2 iterations, 1 lane. */
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PARAMETERS =
            Pattern.compile("\\$argon2id\\$v=19\\$m=([0-9]{1,9}),t=([0-9]{1,4}),p=([0-9]{1,3})\\$.*");

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);
    /** Checked when an account has no password, so an unknown identifier costs as long as a wrong password. */
    private final String decoy;

    public PasswordHasher() {
        this.decoy = encoder.encode("decoy-password-never-matches");
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether {@code password} matches {@code hash}; an absent hash is checked against a decoy (same cost). */
    public boolean matches(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (hash == null) {
            encoder.matches(password, decoy);
            return false;
        }
        return encoder.matches(password, hash);
    }

    /** Spends the time of one check without an account (a locked or unknown one), so timing tells nothing. */
    void spendDecoyCheck(String password) {
        matches(password == null ? "" : password, null);
    }

    /** Whether a stored hash was made with weaker parameters than today's (or is not Argon2id at all). */
    static boolean needsRehash(String hash) {
        if (hash == null) {
            return false;
        }
        Matcher found = PARAMETERS.matcher(hash);
        if (!found.matches()) {
            return true;
        }
        return Integer.parseInt(found.group(1)) < MEMORY_KIB || Integer.parseInt(found.group(2)) < ITERATIONS
                || Integer.parseInt(found.group(3)) < PARALLELISM;
    }
}
