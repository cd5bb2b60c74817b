package com.agentmitra.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashes: Argon2id (Spring Security's encoder over Bouncy Castle) with Spring Security 5.8's parameters
 * (16-byte salt, 32-byte hash, 16 MiB, 2 iterations, 1 lane), salt and parameters inside the stored string. Public
 * so the local stack's demo data stores a hash this module can check.
 */
public final class PasswordHasher {

    /** Passwords shorter than this are refused when set (NIST SP 800-63B: at least 8). */
    public static final int MIN_LENGTH = 10;
    /** Longer inputs are refused before hashing: a megabyte password must not cost a megabyte of Argon2. */
    public static final int MAX_LENGTH = 128;

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
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
}
