package com.agentmitra.metrics;

import com.agentmitra.domain.time.BusinessDay;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The business days (Asia/Kolkata) a metrics run computes: the day before the nightly schedule fired (its
 * {@code time}; now when absent),
 * {@code {"date": "YYYY-MM-DD"}} for one day, {@code {"from": ..., "to": ...}} (inclusive) to backfill. Never today
 * or later (the day is not over), never more than {@value #MAX_DAYS} days in one run.
 */
record MetricsDays(LocalDate from, LocalDate to) {

    static final ZoneId INDIA = BusinessDay.INDIA;
    static final int MAX_DAYS = 366;

    MetricsDays {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("a backfill covers at most " + MAX_DAYS + " days per run");
        }
    }

    static MetricsDays from(Map<String, Object> event, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(INDIA));
        LocalDate scheduledDay = scheduledAt(event).map(at -> LocalDate.ofInstant(at, INDIA)).orElse(today);
        MetricsDays days;
        if (event.get("date") != null) {
            LocalDate date = date(event, "date");
            days = new MetricsDays(date, date);
        } else if (event.get("from") != null || event.get("to") != null) {
            days = new MetricsDays(date(event, "from"), date(event, "to"));
        } else {
            // the day before the schedule fired (a retry after midnight still computes the same day)
            LocalDate previous = (scheduledDay.isAfter(today) ? today : scheduledDay).minusDays(1);
            return new MetricsDays(previous, previous);
        }
        if (!days.to().isBefore(today)) {
            throw new IllegalArgumentException("metrics are computed for finished days: to must be before " + today);
        }
        return days;
    }

    /** EventBridge's {@code time}: when the schedule fired. */
    private static Optional<Instant> scheduledAt(Map<String, Object> event) {
        Object time = event.get("time");
        if (time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time.toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    List<LocalDate> each() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    private static LocalDate date(Map<String, Object> event, String field) {
        Object value = event.get(field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a date YYYY-MM-DD");
        }
    }
}
