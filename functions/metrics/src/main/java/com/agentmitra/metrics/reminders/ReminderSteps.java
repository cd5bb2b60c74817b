package com.agentmitra.metrics.reminders;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When a premium gets a reminder: {@code daysBeforeDue} (default 15, 7 and 1 days before the due date: the
 * premium-due template), and inside the grace period {@code daysAfterDue} (default 1: the day after it was missed)
 * and {@code daysBeforeGraceEnds} (default 7: a last call), both with the grace-period template. A tenant overrides
 * them in {@code shared.tenant_config} under {@code premium_reminder_steps}.
 *
 * <p>On a given day the step to send is the latest one whose date has come, as long as the grace period has not
 * ended: a day the job did not run is caught up the next day with the step then current, never with a stale one,
 * and nothing is sent after the grace period.
 */
public record ReminderSteps(List<Integer> daysBeforeDue, List<Integer> daysAfterDue, List<Integer> daysBeforeGraceEnds) {

    public ReminderSteps {
        daysBeforeDue = positive(daysBeforeDue);
        daysAfterDue = positive(daysAfterDue);
        daysBeforeGraceEnds = positive(daysBeforeGraceEnds);
    }

    public static ReminderSteps defaults() {
        return new ReminderSteps(List.of(15, 7, 1), List.of(1), List.of(7));
    }

    /** One reminder of one premium: its name (part of the idempotency key), kind and date. */
    public record Step(String name, Kind kind, LocalDate on, int rank) {}

    public enum Kind { PREMIUM_DUE, GRACE_PERIOD }

    /** Every step of the premium due on {@code due} whose grace period ends on {@code graceLastDay}. */
    public List<Step> all(LocalDate due, LocalDate graceLastDay) {
        List<Step> steps = new ArrayList<>();
        for (int days : daysBeforeDue) {
            steps.add(new Step("due-" + days, Kind.PREMIUM_DUE, due.minusDays(days), 2));
        }
        for (int days : daysAfterDue) {
            LocalDate on = due.plusDays(days);
            if (!on.isAfter(graceLastDay)) {
                steps.add(new Step("grace+" + days, Kind.GRACE_PERIOD, on, 1));
            }
        }
        for (int days : daysBeforeGraceEnds) {
            LocalDate on = graceLastDay.minusDays(days);
            if (on.isAfter(due)) {
                steps.add(new Step("grace-end-" + days, Kind.GRACE_PERIOD, on, 0));
            }
        }
        return steps;
    }

    /** The step to send on {@code today}, if any (before the SQL's exclusion of steps already sent). */
    public Optional<Step> current(LocalDate due, LocalDate graceLastDay, LocalDate today) {
        if (today.isAfter(graceLastDay)) {
            return Optional.empty();
        }
        return all(due, graceLastDay).stream()
                .filter(step -> !step.on().isAfter(today))
                .max(Comparator.comparing(Step::on).thenComparing(Step::rank, Comparator.reverseOrder()));
    }

    /** The furthest a step lies before a due date: how far ahead the job looks. */
    int longestLead() {
        return daysBeforeDue.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static List<Integer> positive(List<Integer> days) {
        List<Integer> copy = List.copyOf(days == null ? List.of() : days);
        if (copy.stream().anyMatch(day -> day < 1 || day > 90)) {
            throw new IllegalArgumentException("reminder steps are between 1 and 90 days");
        }
        return copy;
    }
}
