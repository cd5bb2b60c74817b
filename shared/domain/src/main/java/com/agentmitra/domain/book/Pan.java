package com.agentmitra.domain.book;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Permanent Account Number: five letters, four digits, a letter ({@code AAAAA9999A}); the fourth letter is the
 * holder's type (P person, C company, H HUF, F firm, A AOP, T trust, B BOI, L local authority, J juridical person,
 * G government), as the Income Tax Department issues them.
 */
public record Pan(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{3}[ABCFGHJLPT][A-Z][0-9]{4}[A-Z]");

    public Pan {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a PAN");
        }
    }

    public static Parsed<Pan> parse(String raw) {
        String text = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (!text.matches("[A-Z]{5}[0-9]{4}[A-Z]")) {
            return Parsed.invalid("must be a PAN: five letters, four digits, one letter (AAAAA9999A)");
        }
        if (!SHAPE.matcher(text).matches()) {
            return Parsed.invalid("the fourth letter of a PAN must be a holder type (P for a person)");
        }
        return Parsed.valid(new Pan(text));
    }
}
