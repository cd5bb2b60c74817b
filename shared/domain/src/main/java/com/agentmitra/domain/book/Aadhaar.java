package com.agentmitra.domain.book;

import java.util.regex.Pattern;

/**
 * What is kept of an Aadhaar number: the masked form {@code XXXX-XXXX-1234} and the last four digits. The full
 * number is checked (12 digits, not starting with 0 or 1, Verhoeff check digit, as UIDAI issues them) and then
 * dropped: it is never stored, logged or echoed, and {@link #toString()} prints only the masked form.
 */
public record Aadhaar(String masked, String last4) {

    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");

    public Aadhaar {
        if (last4 == null || !LAST4.matcher(last4).matches() || !("XXXX-XXXX-" + last4).equals(masked)) {
            throw new IllegalArgumentException("not a masked Aadhaar number");
        }
    }

    /** Reads a full Aadhaar number (spaces or dashes between groups allowed) and keeps only its masked form. */
    public static Parsed<Aadhaar> parse(String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        if (!digits.matches("[0-9]{12}")) {
            return Parsed.invalid("must be 12 digits");
        }
        if (digits.charAt(0) == '0' || digits.charAt(0) == '1') {
            return Parsed.invalid("is not a valid Aadhaar number (it cannot start with 0 or 1)");
        }
        if (!Verhoeff.isValid(digits)) {
            return Parsed.invalid("is not a valid Aadhaar number (check digit mismatch)");
        }
        String last4 = digits.substring(8);
        return Parsed.valid(new Aadhaar("XXXX-XXXX-" + last4, last4));
    }

    @Override
    public String toString() {
        return masked;
    }
}
