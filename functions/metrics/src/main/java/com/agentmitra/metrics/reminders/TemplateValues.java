package com.agentmitra.metrics.reminders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How dates and amounts read in a template parameter (plain text, no newline or tab: Meta #132018): dates as
 * {@code 05 Mar 2026}, rupees with Indian digit grouping, {@code ₹1,23,456.50}.
 */
final class TemplateValues {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH);

    private TemplateValues() {}

    static String date(LocalDate date) {
        return DATE.format(date);
    }

    static String rupees(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP);
        String sign = rounded.signum() < 0 ? "-" : "";
        String plain = rounded.abs().toPlainString();
        String whole = plain.substring(0, plain.indexOf('.'));
        String fraction = plain.substring(plain.indexOf('.'));
        return sign + "₹" + grouped(whole) + fraction;
    }

    /** A count with Indian digit grouping: {@code 48,612}, {@code 1,00,000}. */
    static String count(long count) {
        return (count < 0 ? "-" : "") + grouped(Long.toString(Math.abs(count)));
    }

    private static String grouped(String whole) {
        StringBuilder grouped = new StringBuilder();
        if (whole.length() <= 3) {
            grouped.append(whole);
        } else {
            // the last three digits, then groups of two (lakh, crore)
            String head = whole.substring(0, whole.length() - 3);
            int first = head.length() % 2 == 0 ? 2 : 1;
            grouped.append(head, 0, first);
            for (int i = first; i < head.length(); i += 2) {
                grouped.append(',').append(head, i, i + 2);
            }
            grouped.append(',').append(whole.substring(whole.length() - 3));
        }
        return grouped.toString();
    }

    /** Free text as a parameter: whitespace runs (newlines, tabs) become one space. */
    static String text(String value) {
        return value == null ? "" : value.strip().replaceAll("\\s+", " ");
    }
}
