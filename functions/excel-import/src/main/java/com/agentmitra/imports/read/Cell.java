package com.agentmitra.imports.read;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One cell as the file holds it: its text and whether the spreadsheet stored it as a number (a date serial, a phone
 * typed without a leading zero, an amount). Formula cells carry their cached value. Numbers are in plain notation
 * ({@code 9876543210}, never {@code 9.87654321E9}).
 */
public record Cell(String text, boolean numeric) {

    public static final Cell EMPTY = new Cell("", false);

    /** Excel's own limit on the text of one cell; a file with more was not saved by a spreadsheet program. */
    public static final int MAX_TEXT = 32_767;
    /** The longest number of a register in plain digits (a phone has 12, an amount fewer than 20). */
    static final int MAX_NUMBER_DIGITS = 40;
    /** The longest number text we look at all ({@code -1.2345678901234567E-300} has 24 characters). */
    static final int MAX_NUMBER_CHARS = 64;

    public Cell {
        Objects.requireNonNull(text, "text");
    }

    public static Cell text(String text) {
        return text == null || text.isEmpty() ? EMPTY : new Cell(text, false);
    }

    /**
     * A number as written in the file ({@code 45123}, {@code 1.5E5}, {@code 1234.5}) in plain notation. One too long
     * or with too large an exponent to be any value of a register ({@code 1E40000000} would be forty million digits)
     * stays the text it was, so the field's rule refuses it: we never expand it.
     */
    public static Cell number(String raw) {
        String plain = plain(raw);
        return plain == null ? text(raw) : new Cell(plain, true);
    }

    public static Cell number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return new Cell(Long.toString((long) value), true);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return text(Double.toString(value));
        }
        String plain = plain(BigDecimal.valueOf(value).toString());
        return plain == null ? text(Double.toString(value)) : new Cell(plain, true);
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    /**
     * {@code raw} in plain notation, or null when it is no number or its plain form would be longer than
     * {@value #MAX_NUMBER_DIGITS} digits. The length is decided from the exponent before any digit is written.
     */
    static String plain(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_NUMBER_CHARS) {
            return null;
        }
        boolean simple = true;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && raw.length() > 1)) {
                simple = false;
                break;
            }
        }
        if (simple) {
            return raw.length() <= MAX_NUMBER_DIGITS ? raw : null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(raw).stripTrailingZeros();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        long digits = number.scale() < 0 ? (long) number.precision() - number.scale()
                : Math.max(number.precision(), (long) number.scale() + 1);
        if (digits > MAX_NUMBER_DIGITS) {
            return null;
        }
        return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
    }
}
