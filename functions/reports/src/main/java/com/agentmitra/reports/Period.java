package com.agentmitra.reports;

import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.Violations;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The business days a figures route covers, {@code from} and {@code to} both included (IST dates,
 * {@code YYYY-MM-DD}), and how they are grouped. Without {@code to}: yesterday (the last day the nightly job
 * wrote); without {@code from}: the 30 days up to {@code to}. At most the route's bound of days, never after yesterday.
 */
record Period(LocalDate from, LocalDate to, Grouping grouping) {

    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
    /** A year and a day (a leap year): more is refused before any SQL runs. */
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;

    /** How the days are grouped: one row per day, per calendar month, or (callback metrics) per agent. */
    enum Grouping { DAY, MONTH, AGENT }

    static Period of(ApiRequest request, Clock clock, int maxDays, String groupParameter, Grouping... allowed) {
        Violations violations = new Violations();
        LocalDate yesterday = LocalDate.now(clock.withZone(INDIA)).minusDays(1);
        Optional<LocalDate> to = date(request, "to", violations);
        Optional<LocalDate> from = date(request, "from", violations);
        Grouping grouping = allowed[0];
        Optional<String> rawGroup = request.query(groupParameter);
        if (rawGroup.isPresent()) {
            String text = rawGroup.get();
            Optional<Grouping> chosen = text.length() > 10 ? Optional.empty() : java.util.Arrays.stream(allowed)
                    .filter(g -> g.name().toLowerCase(Locale.ROOT).equals(text)).findFirst();
            if (chosen.isEmpty()) {
                violations.add(groupParameter, "must be one of " + String.join(", ", java.util.Arrays.stream(allowed)
                        .map(g -> g.name().toLowerCase(Locale.ROOT)).toList()));
            } else {
                grouping = chosen.get();
            }
        }
        violations.throwIfAny();
        LocalDate end = to.orElse(yesterday);
        LocalDate start = from.orElse(end.minusDays(DEFAULT_DAYS - 1L));
        if (end.isAfter(yesterday)) {
            violations.add("to", "must be before today (IST): the figures of a day are written the night after");
        }
        if (start.isAfter(end)) {
            violations.add("from", "must not be after to");
        } else if (java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1 > maxDays) {
            violations.add("from", "from and to may cover at most " + maxDays + " days");
        }
        violations.throwIfAny();
        return new Period(start, end, grouping);
    }

    private static Optional<LocalDate> date(ApiRequest request, String name, Violations violations) {
        Optional<String> raw = request.query(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get().length() != 10) {
            violations.add(name, "must be a date, YYYY-MM-DD");
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.get()));
        } catch (DateTimeParseException e) {
            violations.add(name, "must be a date, YYYY-MM-DD");
            return Optional.empty();
        }
    }
}
