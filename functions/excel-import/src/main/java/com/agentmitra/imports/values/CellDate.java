package com.agentmitra.imports.values;

import com.agentmitra.domain.book.Parsed;
import com.agentmitra.imports.read.Cell;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A date from a cell: an Excel serial (1900 date system, with Excel's phantom 29 Feb 1900), or text in the Indian
 * day-first orders {@code dd/mm/yyyy}, {@code dd-MM-yyyy}, {@code dd.MM.yyyy}, {@code dd-MMM-yy},
 * {@code dd MMM yyyy}, or ISO {@code yyyy-mm-dd}. Impossible dates ({@code 31/02/2024}) are refused, never rolled
 * over. A two-digit year is read into the century {@link Century} says.
 */
public final class CellDate {

    /** Which century a two-digit year belongs to: birth and start dates lie in the past, maturity mostly ahead. */
    public enum Century { PAST, FUTURE }

    private static final Pattern TIME_SUFFIX = Pattern.compile("\\s+\\d{1,2}:\\d{2}(:\\d{2})?(\\s*[AaPp][Mm])?$");
    private static final List<DateTimeFormatter> FOUR_DIGIT_YEAR = List.of(
            strict("d/M/uuuu"), strict("d-M-uuuu"), strict("d.M.uuuu"), strict("d-MMM-uuuu"),
            strict("d MMM uuuu"), strict("d/MMM/uuuu"), strict("d-MMMM-uuuu"), strict("d MMMM uuuu"),
            strict("uuuu-M-d"));
    private static final List<String> TWO_DIGIT_YEAR = List.of("d/M/", "d-M-", "d.M.", "d-MMM-", "d MMM ",
            "d/MMM/");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final int LAST_SERIAL = 2_958_465; // 31 Dec 9999

    private CellDate() {}

    public static Parsed<LocalDate> parse(Cell cell, Century century, LocalDate today) {
        String text = cell.text().strip();
        if (text.isEmpty()) {
            return Parsed.invalid("is required");
        }
        if (cell.numeric() || text.matches("\\d{5}(\\.\\d+)?")) {
            return serial(text);
        }
        text = TIME_SUFFIX.matcher(text).replaceFirst("");
        for (DateTimeFormatter format : FOUR_DIGIT_YEAR) {
            try {
                return Parsed.valid(LocalDate.parse(text, format));
            } catch (DateTimeParseException e) {
                // try the next layout
            }
        }
        int base = century == Century.PAST ? today.getYear() - 99 : today.getYear() - 30;
        for (String layout : TWO_DIGIT_YEAR) {
            try {
                return Parsed.valid(LocalDate.parse(text, twoDigit(layout, base)));
            } catch (DateTimeParseException e) {
                // try the next layout
            }
        }
        return looksLikeDate(text)
                ? Parsed.invalid("is not a real date")
                : Parsed.invalid("must be a date such as 15/01/2024 (day first)");
    }

    private static Parsed<LocalDate> serial(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return Parsed.invalid("must be a date such as 15/01/2024 (day first)");
        }
        int days = value.intValue(); // the fraction is the time of day
        if (days < 1 || days > LAST_SERIAL) {
            return Parsed.invalid("is not a real date");
        }
        if (days == 60) {
            return Parsed.invalid("is not a real date (29/02/1900 does not exist)");
        }
        // Excel counts 29 Feb 1900, which never was: serials from 61 on are one day ahead of the calendar
        return Parsed.valid(days < 60 ? EXCEL_EPOCH.plusDays(days + 1) : EXCEL_EPOCH.plusDays(days));
    }

    private static boolean looksLikeDate(String text) {
        return text.matches("\\d{1,4}[/.\\- ]([0-9]{1,2}|[A-Za-z]{3,9})[/.\\- ]\\d{2,4}");
    }

    private static DateTimeFormatter strict(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    private static DateTimeFormatter twoDigit(String layout, int base) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(layout)
                .appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }
}
