package com.agentmitra.metrics.reminders;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** The benchmark's way in to the reminders selection (lapse and claims, no sending), which is package-private. */
public final class ReminderSelectionTiming {

    /** Seconds the lapse statement of the last {@link #select} took (the rest is the reminders selection proper). */
    public static double lastLapseSeconds;

    private ReminderSelectionTiming() {}

    /** Runs the selection for {@code today} statement by statement, printing each; answers the counts as text. */
    public static String select(Database database, Tenant tenant, LocalDate today) {
        ReminderService service = new ReminderService(database, () -> List.of(tenant), message -> { },
                Clock.systemUTC());
        ReminderRepository repository = new ReminderRepository();
        ReminderSettings settings = service.settings(tenant);
        Caller system = Caller.system(tenant);
        long lapseStart = System.nanoTime();
        var lapsed = timed("lapse", () -> database.inTransaction(system, tx -> repository.lapse(tx, tenant, today,
                ReminderService.lapsableStatuses(), settings.grace())));
        lastLapseSeconds = (System.nanoTime() - lapseStart) / 1e9;
        var premium = timed("premium reminders", () -> database.inTransaction(system,
                tx -> repository.premiumReminders(tx, tenant, today, settings)));
        var maturity = timed("maturity reminders", () -> database.inTransaction(system,
                tx -> repository.maturityReminders(tx, tenant, today, settings.maturityDaysAhead())));
        var birthdays = timed("birthdays", () -> database.inTransaction(system,
                tx -> repository.birthdays(tx, tenant, today)));
        long[] retired = timed("retire", () -> database.inTransaction(system, tx -> repository.retire(tx, tenant, today)));
        return "lapsed " + lapsed.policies() + " (notices " + lapsed.noticesPending() + " pending, "
                + lapsed.noticesSkipped() + " skipped), premium reminders " + premium.pending() + ", maturity "
                + maturity.pending() + ", birthdays " + birthdays.pending() + ", skipped (not opted in) "
                + (premium.skipped() + maturity.skipped()) + ", retired " + (retired[0] + retired[1]);
    }

    private static <T> T timed(String name, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T answer = work.get();
        System.out.printf("    %-22s %6.2f s%n", name, (System.nanoTime() - start) / 1e9);
        return answer;
    }
}
