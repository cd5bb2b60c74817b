package com.agentmitra.domain.book;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How often a premium falls due. Reads the names agents use, including LIC's abbreviations on premium notices and
 * statements ({@code Yly}, {@code Hly}, {@code Qly}, {@code Mly}) and {@code SSS} (salary savings, monthly).
 */
public enum PremiumFrequency {
    MONTHLY("monthly", 1, "monthly", "mly", "month", "m", "sss", "ecs", "nach"),
    QUARTERLY("quarterly", 3, "quarterly", "qly", "quarter", "q"),
    HALF_YEARLY("half_yearly", 6, "half_yearly", "half yearly", "half-yearly", "halfyearly", "hly", "semi_annual",
            "semi-annual", "semiannual", "h"),
    ANNUAL("annual", 12, "annual", "yearly", "yly", "annually", "year", "y"),
    SINGLE("single", 0, "single", "single premium", "sgl", "one time", "onetime");

    private final String sqlName;
    private final int months;
    private final String[] names;

    PremiumFrequency(String sqlName, int months, String... names) {
        this.sqlName = sqlName;
        this.months = months;
        this.names = names;
    }

    public String sqlName() {
        return sqlName;
    }

    public static Parsed<PremiumFrequency> parse(String raw) {
        String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT).replace('.', ' ').strip();
        return Arrays.stream(values())
                .filter(frequency -> Arrays.asList(frequency.names).contains(text))
                .findFirst()
                .<Parsed<PremiumFrequency>>map(Parsed::valid)
                .orElseGet(() -> Parsed.invalid(
                        "must be one of Yearly, Half-Yearly, Quarterly, Monthly, Single (or Yly, Hly, Qly, Mly)"));
    }

    public static PremiumFrequency fromSql(String sqlName) {
        return Arrays.stream(values()).filter(f -> f.sqlName.equals(sqlName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown premium frequency " + sqlName));
    }

    /** The due date one period after {@code due}; none for a single premium. */
    public Optional<LocalDate> after(LocalDate due) {
        return this == SINGLE ? Optional.empty() : Optional.of(due.plusMonths(months));
    }

    /**
     * The first due date on or after {@code today} of a policy that started on {@code start} (premiums fall due on
     * the start date's day of month, every period); none for a single premium.
     */
    public Optional<LocalDate> firstDueOnOrAfter(LocalDate start, LocalDate today) {
        if (this == SINGLE) {
            return start.isBefore(today) ? Optional.empty() : Optional.of(start);
        }
        int periods = 0;
        LocalDate due = start;
        while (due.isBefore(today)) {
            periods++;
            due = start.plusMonths((long) periods * months);
        }
        return Optional.of(due);
    }
}
