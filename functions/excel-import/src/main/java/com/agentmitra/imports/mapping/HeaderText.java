package com.agentmitra.imports.mapping;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header text reduced to what identifies it: lower case, letters (Devanagari with its vowel signs) and digits only,
 * so {@code "Mobile No."}, {@code "MOBILE_NO"} and {@code "mobile no"} all read {@code mobileno}, and
 * {@code "S.A."} reads {@code sa}.
 */
public final class HeaderText {

    /**
     * The short words agents write in their register's headers, after LIC's own forms (premium receipts, policy
     * status statements: "Pol No", "D.O.C.", "Inst. Prem.", "S.A.", "FUP") and the registers agents keep from them.
     * "No." is a number only beside what it numbers: alone ({@code S.No.}, {@code Sr. No.}) it is the row's serial.
     */
    static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("cust", "customer"), Map.entry("custmr", "customer"), Map.entry("nm", "name"),
            Map.entry("prem", "premium"), Map.entry("premm", "premium"), Map.entry("amt", "amount"),
            Map.entry("no", "number"), Map.entry("num", "number"), Map.entry("nbr", "number"),
            Map.entry("pol", "policy"), Map.entry("poly", "policy"), Map.entry("mob", "mobile"),
            Map.entry("mbl", "mobile"), Map.entry("ph", "phone"), Map.entry("tel", "phone"),
            Map.entry("cont", "contact"), Map.entry("dt", "date"), Map.entry("doc", "dateofcommencement"),
            Map.entry("comm", "commencement"), Map.entry("commt", "commencement"),
            Map.entry("fup", "firstunpaidpremium"), Map.entry("sa", "sumassured"), Map.entry("assd", "assured"),
            Map.entry("inst", "instalment"), Map.entry("instl", "instalment"), Map.entry("freq", "frequency"),
            Map.entry("mat", "maturity"), Map.entry("addr", "address"), Map.entry("dob", "dateofbirth"));

    private HeaderText() {}

    /**
     * The header with each abbreviated word written out, then {@link #normalise}d: {@code "Cust Name"} reads
     * {@code customername}, {@code "Prem. Amt."} {@code premiumamount}, {@code "PolNo"} {@code policynumber},
     * {@code "F.U.P. Dt"} {@code firstunpaidpremiumdate}. Words part at anything but a letter or digit, and where a
     * capital follows a small letter; single letters in a row ({@code S.A.}, {@code D.O.C.}) are one word.
     */
    public static String expanded(String header) {
        if (header == null || header.length() > 200) {
            return "";
        }
        String text = Normalizer.normalize(header, Normalizer.Form.NFC);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = ' ';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean inWord = Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            boolean camel = Character.isUpperCase(c) && Character.isLowerCase(previous);
            if ((!inWord || camel) && !word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            if (inWord) {
                word.append(c);
            }
            previous = c;
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        StringBuilder out = new StringBuilder();
        StringBuilder letters = new StringBuilder(); // single letters in a row: S.A., D.O.C.
        for (String w : words) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.length() == 1 && lower.charAt(0) >= 'a' && lower.charAt(0) <= 'z') {
                letters.append(lower);
                continue;
            }
            flush(letters, out);
            out.append(ABBREVIATIONS.getOrDefault(lower, lower));
        }
        flush(letters, out);
        return normalise(out.toString());
    }

    private static void flush(StringBuilder letters, StringBuilder out) {
        if (!letters.isEmpty()) {
            String joined = letters.toString();
            out.append(ABBREVIATIONS.getOrDefault(joined, joined));
            letters.setLength(0);
        }
    }

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
