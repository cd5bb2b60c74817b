package com.agentmitra.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Recovery codes for two-factor sign-in (issue 15): ten at a time, each 40 random bits shown as {@code ABCD-EFGH}
 * (base32), shown to the user once and stored only as keyed hashes bound to the user id (tenant V115). A code stands
 * in for a TOTP code once; a wrong one counts toward the lockout like a wrong TOTP code, so guessing 40 bits is out of
 * reach.
 */
final class RecoveryCodes {

    static final int COUNT = 10;
    private static final int BYTES = 5;
    private static final Pattern SHAPE = Pattern.compile("[A-Z2-7]{8}");

    /** A new set: the codes for the user (once) and the hashes to store. */
    record Issued(List<String> codes, List<String> hashes) {
        Issued {
            codes = List.copyOf(codes);
            hashes = List.copyOf(hashes);
        }

        @Override
        public String toString() {
            return "Issued[" + codes.size() + " codes, not shown]";
        }
    }

    private final AuthKeys keys;

    RecoveryCodes(AuthKeys keys) {
        this.keys = keys;
    }

    Issued issue(UUID userId) {
        List<String> codes = new ArrayList<>(COUNT);
        List<String> hashes = new ArrayList<>(COUNT);
        while (codes.size() < COUNT) {
            String plain = Base32.encode(Secrets.bytes(BYTES));
            String shown = plain.substring(0, 4) + "-" + plain.substring(4);
            if (!codes.contains(shown)) {
                codes.add(shown);
                hashes.add(hash(userId, plain));
            }
        }
        return new Issued(codes, hashes);
    }

    /** The stored form of a code as the user typed it (any case, with or without the dash or spaces). */
    String hash(UUID userId, String typed) {
        return keys.keyedHash("mfa-recovery", userId + ":" + normalized(typed));
    }

    /** Whether text has the shape of a recovery code (checked on input, before any look-up). */
    static boolean wellFormed(String typed) {
        return typed != null && typed.length() <= 20 && SHAPE.matcher(normalized(typed)).matches();
    }

    private static String normalized(String typed) {
        return typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
