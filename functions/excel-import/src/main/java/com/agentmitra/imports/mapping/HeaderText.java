package com.agentmitra.imports.mapping;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Header text reduced to what identifies it: lower case, letters (Devanagari with its vowel signs) and digits only,
 * so {@code "Mobile No."}, {@code "MOBILE_NO"} and {@code "mobile no"} all read {@code mobileno}, and
 * {@code "S.A."} reads {@code sa}.
 */
public final class HeaderText {

    private HeaderText() {}

    public static String normalise(String header) {
        if (header == null) {
            return "";
        }
        String text = Normalizer.normalize(header, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString().replace("\u093c", ""); // nukta: फ़ोन and फोन are the same word in a header
    }
}
