package com.agentmitra.metrics.reminders;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.book.PolicyLifecycle;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.metrics.FailureReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily reminders job, per tenant: lapses policies whose grace period ended unpaid (through the policies
 * module's state machine) and claims their notices (the customer's, one per policy; the agent's, one digest a day);
 * claims premium-due and grace reminders, maturity reminders and birthday greetings; retires claims that can no longer go; then queues every pending claim on whatsapp-outbound
 * and marks it queued. Claims are keyed by idempotency key, so reruns and overlapping runs never claim twice, and
 * a claim whose enqueue failed stays pending for the next run (after its lease), under the same key.
 */
public final class ReminderService {

    private static final Logger log = LoggerFactory.getLogger(ReminderService.class);

    /** Longer than a run may take (the function's timeout is 15 minutes), so no live run's lease is taken over. */
    static final Duration LEASE = Duration.ofMinutes(16);
    static final int BATCH = 200;

    private final Database database;
    private final Supplier<List<Tenant>> tenants;
    private final WhatsappOutbox outbox;
    private final Clock clock;
    private final ReminderRepository repository = new ReminderRepository();

    public ReminderService(Database database, Supplier<List<Tenant>> tenants, WhatsappOutbox outbox, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The statuses from which the policies module's state machine lets a premium-paying policy lapse. */
    static List<String> lapsableStatuses() {
        return Arrays.stream(PolicyStatusEnum.values())
                .filter(PolicyLifecycle::takesPremiums)
                .filter(status -> PolicyLifecycle.check(status, PolicyStatusEnum.lapsed) instanceof PolicyLifecycle.Allowed)
                .map(PolicyStatusEnum::getLiteral)
                .toList();
    }

    public RemindersReport run() {
        LocalDate today = BusinessDay.today(clock);
        List<RemindersReport.TenantResult> results = new ArrayList<>();
        for (Tenant tenant : tenants.get()) {
            results.add(runTenant(tenant));
        }
        return new RemindersReport(today, results);
    }

    public RemindersReport.TenantResult runTenant(Tenant tenant) {
        long started = System.nanoTime();
        LocalDate today = BusinessDay.today(clock);
        try {
            ReminderSettings settings = settings(tenant);
            Selection selection = select(tenant, today, settings);
            Sent sent = send(tenant);
            long millis = (System.nanoTime() - started) / 1_000_000;
            RemindersReport.TenantResult result = new RemindersReport.TenantResult(tenant.code(),
                    selection.premium().pending(),
                    selection.lapsed().noticesPending() + selection.agentDigests().pending(), selection.maturity().pending(),
                    selection.birthdays().pending(), selection.skipped(), selection.lapsed().policies(),
                    selection.retired() + sent.cancelled(), sent.queued(), sent.notQueued(), millis, null);
            log.info("Tenant reminders done", entry("tenant", tenant.code()), entry("day", today),
                    entry("result", result));
            return result;
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.error("Tenant reminders failed", entry("tenant", tenant.code()), e);
            return new RemindersReport.TenantResult(tenant.code(), 0, 0, 0, 0, 0, 0, 0, 0, 0, millis,
                    FailureReason.of(e));
        }
    }

    /** What the selection claimed (the part of the run the benchmark times). */
    record Selection(ReminderRepository.Lapsed lapsed, ReminderRepository.Claimed premium,
            ReminderRepository.Claimed maturity, ReminderRepository.Claimed birthdays,
            ReminderRepository.Claimed agentDigests, long retired) {

        long skipped() {
            return lapsed.noticesSkipped() + premium.skipped() + maturity.skipped() + birthdays.skipped()
                    + agentDigests.skipped();
        }
    }

    /** Messages queued, left pending (not queued), and cancelled when leased (the customer stopped them). */
    record Sent(long queued, long notQueued, long cancelled) {}

    /** Lapses and claims, each statement in its own transaction (a lapse commits with its notices). */
    Selection select(Tenant tenant, LocalDate today, ReminderSettings settings) {
        Caller system = Caller.system(tenant);
        List<String> lapsable = lapsableStatuses();
        var lapsed = database.inTransaction(system,
                tx -> repository.lapse(tx, tenant, today, lapsable, settings.grace()));
        var premium = database.inTransaction(system, tx -> repository.premiumReminders(tx, tenant, today, settings));
        var maturity = database.inTransaction(system,
                tx -> repository.maturityReminders(tx, tenant, today, settings.maturityDaysAhead()));
        var birthdays = database.inTransaction(system, tx -> repository.birthdays(tx, tenant, today));
        // after the lapse: one digest per agent for the day, never one notice per policy (issue 21)
        var digests = database.inTransaction(system, tx -> repository.agentDigests(tx, tenant, today));
        long[] retired = database.inTransaction(system, tx -> repository.retire(tx, tenant, today));
        return new Selection(lapsed, premium, maturity, birthdays, digests, retired[0] + retired[1]);
    }

    /**
     * Queues pending claims batch by batch: lease a batch, send each, mark the sent ones queued. Leasing checks each
     * customer message against the customer's consent and notification choices as they are now, and cancels the
     * ones they have since stopped (consent is checked again when queued, not only when claimed). A message that
     * could not be queued keeps its lease until it runs out, so this run moves on and a later run sends it; a
     * batch in which nothing could be queued ends the sending (the queue is not reachable now).
     */
    Sent send(Tenant tenant) {
        Caller system = Caller.system(tenant);
        long queued = 0;
        long notQueued = 0;
        long cancelled = 0;
        while (true) {
            Instant now = clock.instant();
            ReminderRepository.Leased leased = database.inTransaction(system,
                    tx -> repository.lease(tx, tenant, now, LEASE, BATCH));
            if (leased.isEmpty()) {
                break;
            }
            cancelled += leased.cancelled();
            List<ScheduledMessage> batch = leased.messages();
            List<UUID> sent = new ArrayList<>();
            for (ScheduledMessage message : batch) {
                try {
                    outbox.send(message.toWhatsapp(tenant.code(), now));
                    sent.add(message.id());
                } catch (RuntimeException e) {
                    notQueued++;
                    log.warn("Reminder not queued; a later run sends it", entry("tenant", tenant.code()),
                            entry("idempotencyKey", message.idempotencyKey()),
                            entry("reason", e.getClass().getSimpleName()));
                }
            }
            database.inTransaction(system, tx -> {
                repository.markQueued(tx, tenant, sent, clock.instant());
                return null;
            });
            queued += sent.size();
            if (sent.isEmpty() && !batch.isEmpty()) {
                break;
            }
        }
        return new Sent(queued, notQueued, cancelled);
    }

    ReminderSettings settings(Tenant tenant) {
        Caller system = Caller.system(tenant);
        return database.inTransaction(system, tx -> ReminderSettings.from(
                json(repository.config(tx, tenant, ReminderSettings.GRACE_KEY).orElse(null)),
                json(repository.config(tx, tenant, ReminderSettings.STEPS_KEY).orElse(null)),
                json(repository.config(tx, tenant, ReminderSettings.MATURITY_KEY).orElse(null))));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
