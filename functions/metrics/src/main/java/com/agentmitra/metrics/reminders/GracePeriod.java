package com.agentmitra.metrics.reminders;

import com.agentmitra.domain.book.PremiumFrequency;
import java.time.LocalDate;

/**
 * The days after a premium's due date in which it may still be paid without the policy lapsing. LIC: 15 days for
 * the monthly mode, "one month but not less than 30 days" for yearly, half-yearly and quarterly modes; a tenant
 * overrides the days in {@code shared.tenant_config} under {@code premium_grace_period_days}
 * ({@code {"monthly": 15, "default": 30}}, seeded by shared V009). The SQL of {@link ReminderRepository} computes the
 * same date ({@code ReminderSqlMatchesRulesIT}).
 */
public record GracePeriod(int monthlyDays, int otherDays) {

    public GracePeriod {
        if (monthlyDays < 0 || otherDays < 0 || monthlyDays > 90 || otherDays > 90) {
            throw new IllegalArgumentException("grace periods are between 0 and 90 days");
        }
    }

    public static GracePeriod lic() {
        return new GracePeriod(15, 30);
    }

    /** The last day the premium due on {@code due} can be paid inside the grace period. */
    public LocalDate lastDay(LocalDate due, PremiumFrequency frequency) {
        if (frequency == PremiumFrequency.MONTHLY) {
            return due.plusDays(monthlyDays);
        }
        // one month but not less than N days (plusMonths clamps Jan 31 to the end of February)
        LocalDate oneMonth = due.plusMonths(1);
        LocalDate days = due.plusDays(otherDays);
        return oneMonth.isAfter(days) ? oneMonth : days;
    }

    /** The longest grace any mode gets: how far back a still-graced due date can lie. */
    int longestDays() {
        return Math.max(monthlyDays, Math.max(otherDays, 31));
    }
}
