package com.agentmitra.conversations;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{name}}}-style placeholders of canned replies, filled from the customer's record: {@code name} (the
 * full name), {@code first_name}, {@code last_name}, {@code customer_id}. A reply naming any other is refused when
 * it is saved, so a filled reply never shows braces to a customer; a value the record lacks fills as empty.
 */
final class Placeholders {

    static final Set<String> KNOWN = Set.of("name", "first_name", "last_name", "customer_id");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private Placeholders() {}

    /** The placeholders {@code text} names that are not {@link #KNOWN}, in order of appearance. */
    static Set<String> unknown(String text) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            if (!KNOWN.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    static String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
