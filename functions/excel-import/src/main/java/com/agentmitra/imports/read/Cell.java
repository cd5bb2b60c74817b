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

    public Cell {
        Objects.requireNonNull(text, "text");
    }

    public static Cell text(String text) {
        return text == null || text.isEmpty() ? EMPTY : new Cell(text, false);
    }

    /** A number as written in the file ({@code 45123}, {@code 1.5E5}, {@code 1234.5}) in plain notation. */
    public static Cell number(String raw) {
        return new Cell(plain(raw), true);
    }

    public static Cell number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return new Cell(Long.toString((long) value), true);
        }
        return new Cell(plain(BigDecimal.valueOf(value).toString()), true);
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    static String plain(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == 'E' || c == 'e' || c == '.') {
                try {
                    BigDecimal number = new BigDecimal(raw).stripTrailingZeros();
                    return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
                } catch (NumberFormatException e) {
                    return raw;
                }
            }
        }
        return raw;
    }
}
