package com.agentmitra.metrics.reminders;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.domain.book.PremiumFrequency;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The daily reminders job against real PostgreSQL and the SQS emulator (LIC tenant): the cadence and grace rules of
 * every premium mode across month ends and a leap year, day by day, ending in the lapse; opt-out skipping; two
 * overlapping runs that never enqueue twice; a failed enqueue sent by a later run; maturity reminders and birthday
 * greetings; a failing tenant that does not stop the others.
 */
class RemindersIT {

    static final ZoneId INDIA = BusinessDay.INDIA;

    static TestDatabase db;
    static InProcessAws aws;
    static Tenant lic;
    static DSLContext owner;
    static Fixtures fixtures;
    static Fixtures.Agent agent;
    String queue;

    @BeforeAll
    static void services() {
        db = TestDatabase.get();
        aws = InProcessAws.shared();
        lic = db.lic();
        owner = db.ownerDsl(lic);
        fixtures = new Fixtures(db);
        agent = fixtures.agent().inTenant(lic).named("Ravi").create();
    }

    /** Each test sees only its own policies: every other policy of the tenant is out of the job's reach. */
    @BeforeEach
    @AfterEach
    void onlyThisTestsPolicies() {
        owner.execute("update " + lic.schema() + ".insurance_policies set status = 'cancelled'"
                + " where status in ('active', 'lapsed')");
        owner.execute("update " + lic.schema() + ".scheduled_messages set status = 'cancelled' where status = 'pending'");
        owner.execute("update " + lic.schema() + ".policyholders set whatsapp_marketing_opt_in = false");
        queue = aws.queue("whatsapp-outbound-reminders-" + System.nanoTime());
    }

    static Clock at(LocalDate day) {
        return Clock.fixed(day.atTime(LocalTime.of(8, 0)).atZone(INDIA).toInstant(), ZoneOffset.UTC);
    }

    ReminderService service(Clock clock) {
        return service(clock, new SqsWhatsappOutbox(aws.sqs(), queue));
    }

    ReminderService service(Clock clock, WhatsappOutbox outbox) {
        return new ReminderService(db.database(), () -> List.of(lic), outbox, clock);
    }

    static UUID customer(boolean utilityOptIn) {
        UUID holder = fixtures.policyholder().of(agent).create();
        owner.update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, utilityOptIn)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
        return holder;
    }

    static UUID policy(UUID holder, String frequency, LocalDate due) {
        UUID policy = fixtures.policy().of(agent, holder).status(PolicyStatusEnum.active).create();
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.PREMIUM_FREQUENCY, frequency)
                .set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, due).where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
        return policy;
    }

    /** Everything on the queue, each received once (and deleted). */
    List<WhatsappMessage> drain() {
        List<WhatsappMessage> all = new ArrayList<>();
        try (SqsClient sqs = aws.sqs()) {
            while (true) {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages();
                if (batch.isEmpty()) {
                    return all;
                }
                for (Message message : batch) {
                    all.add(SqsWhatsappOutbox.parse(message.body()));
                    sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
                }
            }
        }
    }

    Map<String, String> claimsOf(UUID policy) {
        Map<String, String> claims = new HashMap<>();
        owner.fetch("select idempotency_key, status from " + lic.schema() + ".scheduled_messages where policy_id = ?",
                policy).forEach(row -> claims.put(row.get(0, String.class), row.get(1, String.class)));
        return claims;
    }

    record Mode(String frequency, LocalDate due, Map<String, String> expected) {}

    @Test
    void everyPremiumModeGetsItsRemindersDayByDayThenLapsesTheDayAfterGraceEnds() {
        // 2028 is a leap year; expected days worked out by hand from the LIC rules (see GracePeriodTest)
        List<Mode> modes = List.of(
                new Mode("monthly", LocalDate.parse("2028-02-20"), steps(   // grace until 2028-03-06
                        "due-15", "2028-02-05", "due-7", "2028-02-13", "due-1", "2028-02-19",
                        "grace+1", "2028-02-21", "grace-end-7", "2028-02-28", "lapsed", "2028-03-07")),
                new Mode("quarterly", LocalDate.parse("2028-01-31"), steps( // grace until 2028-03-01 (30 days > Feb 29)
                        "due-15", "2028-01-16", "due-7", "2028-01-24", "due-1", "2028-01-30",
                        "grace+1", "2028-02-01", "grace-end-7", "2028-02-23", "lapsed", "2028-03-02")),
                new Mode("half_yearly", LocalDate.parse("2028-02-29"), steps( // grace until 2028-03-30
                        "due-15", "2028-02-14", "due-7", "2028-02-22", "due-1", "2028-02-28",
                        "grace+1", "2028-03-01", "grace-end-7", "2028-03-23", "lapsed", "2028-03-31")),
                new Mode("annual", LocalDate.parse("2028-03-01"), steps(    // grace until 2028-04-01 (one month > 30 days)
                        "due-15", "2028-02-15", "due-7", "2028-02-23", "due-1", "2028-02-29",
                        "grace+1", "2028-03-02", "grace-end-7", "2028-03-25", "lapsed", "2028-04-02")));
        Map<UUID, Mode> policies = new LinkedHashMap<>();
        for (Mode mode : modes) {
            policies.put(policy(customer(true), mode.frequency(), mode.due()), mode);
        }
        Map<UUID, Map<String, String>> claimedOn = new HashMap<>();
        policies.keySet().forEach(id -> claimedOn.put(id, new LinkedHashMap<>()));

        for (LocalDate day = LocalDate.parse("2028-01-14"); !day.isAfter(LocalDate.parse("2028-04-05")); day = day.plusDays(1)) {
            RemindersReport.TenantResult result = service(at(day)).runTenant(lic);
            assertThat(result.error()).as("run of %s", day).isNull();
            for (UUID id : policies.keySet()) {
                for (String key : claimsOf(id).keySet()) {
                    String step = key.startsWith("policy-lapsed:") ? "lapsed" : key.substring(key.lastIndexOf(':') + 1);
                    if (!key.endsWith(":agent")) {
                        claimedOn.get(id).putIfAbsent(step, day.toString());
                    }
                }
            }
        }

        List<WhatsappMessage> queued = drain();
        for (Map.Entry<UUID, Mode> entry : policies.entrySet()) {
            UUID id = entry.getKey();
            Mode mode = entry.getValue();
            assertThat(claimedOn.get(id)).as("steps and their days, %s premium due %s", mode.frequency(), mode.due())
                    .isEqualTo(mode.expected());
            assertThat(claimedOn.get(id)).as("the SQL agrees with the Java rules").isEqualTo(javaRules(mode));

            Record policy = owner.fetchOne("select status::text, lapsed_on, revival_deadline from " + lic.schema()
                    + ".insurance_policies where policy_id = ?", id);
            assertThat(policy.get(0, String.class)).isEqualTo("lapsed");
            assertThat(policy.get(1, LocalDate.class)).isEqualTo(LocalDate.parse(mode.expected().get("lapsed")));
            assertThat(policy.get(2, LocalDate.class)).as("revival deadline: 5 years from the first unpaid premium")
                    .isEqualTo(mode.due().plusYears(5));
            assertThat(owner.fetchCount(owner.selectFrom("audit.audit_log").where(
                    "table_name = 'insurance_policies' and record_id = ? and action = 'UPDATE'"
                            + " and new_values->>'status' = 'lapsed' and changed_by_role = 'system'", id.toString())))
                    .as("the lapse is audited").isEqualTo(1);

            List<String> keys = queued.stream().map(WhatsappMessage::idempotencyKey).filter(k -> k.contains(id.toString())).toList();
            assertThat(keys).as("each reminder queued once, the customer's lapse notice; none per policy to the agent")
                    .hasSize(6).doesNotHaveDuplicates().noneMatch(k -> k.endsWith(":agent"));
            // the agent hears of it in the day's digest, which counts every policy of theirs that lapsed that day
            String lapseDay = mode.expected().get("lapsed");
            long lapsedThatDay = policies.values().stream().filter(m -> m.expected().get("lapsed").equals(lapseDay))
                    .count();
            WhatsappMessage digest = queued.stream().filter(m -> m.idempotencyKey().equals(
                    "agent-digest:" + agent.agentId() + ":" + lapseDay)).findFirst().orElseThrow();
            assertThat(digest.template().name()).isEqualTo("agent_daily_digest");
            assertThat(digest.template().parameters().get(1)).isEqualTo(Long.toString(lapsedThatDay));
        }
        assertThat(queued.stream().filter(m -> m.idempotencyKey().startsWith("agent-digest:")).count())
                .as("one digest per day with lapses, never one per policy")
                .isEqualTo(policies.values().stream().map(m -> m.expected().get("lapsed")).distinct().count());
        WhatsappMessage graceNotice = queued.stream().filter(m -> m.idempotencyKey().endsWith(":grace+1")).findFirst()
                .orElseThrow();
        assertThat(graceNotice.template().name()).isEqualTo("grace_period_notice");
        assertThat(graceNotice.template().parameters()).hasSize(5);
    }

    private static Map<String, String> steps(String... stepsAndDays) {
        Map<String, String> steps = new LinkedHashMap<>();
        for (int i = 0; i < stepsAndDays.length; i += 2) {
            steps.put(stepsAndDays[i], stepsAndDays[i + 1]);
        }
        return steps;
    }

    /** The first day each step is current by ReminderSteps and GracePeriod, and the day after grace: the lapse. */
    private static Map<String, String> javaRules(Mode mode) {
        LocalDate graceEnd = GracePeriod.lic().lastDay(mode.due(), PremiumFrequency.fromSql(mode.frequency()));
        Map<String, String> days = new LinkedHashMap<>();
        for (LocalDate day = mode.due().minusDays(20); !day.isAfter(graceEnd); day = day.plusDays(1)) {
            LocalDate today = day;
            ReminderSteps.defaults().current(mode.due(), graceEnd, day)
                    .ifPresent(step -> days.putIfAbsent(step.name(), today.toString()));
        }
        days.put("lapsed", graceEnd.plusDays(1).toString());
        return days;
    }

    @Test
    void aDayTheJobDidNotRunIsCaughtUpWithTheCurrentStepOnly() {
        LocalDate today = LocalDate.parse("2029-06-10");
        UUID policy = policy(customer(true), "annual", today.plusDays(5));   // due-15 and due-7 both passed unsent

        service(at(today)).runTenant(lic);

        assertThat(claimsOf(policy)).containsOnlyKeys("premium-reminder:" + policy + ":2029-06-15:due-7");
        assertThat(drain()).hasSize(1);
    }

    @Test
    void customersWhoAreNotOptedInAreSkippedAndCountedOnce() {
        LocalDate today = LocalDate.parse("2029-07-01");
        UUID optedIn = policy(customer(true), "quarterly", today.plusDays(7));
        UUID optedOut = policy(customer(false), "quarterly", today.plusDays(7));

        RemindersReport.TenantResult first = service(at(today)).runTenant(lic);
        RemindersReport.TenantResult rerun = service(at(today)).runTenant(lic);

        assertThat(first.premiumReminders()).isEqualTo(1);
        assertThat(first.skippedOptedOut()).isEqualTo(1);
        assertThat(first.queued()).isEqualTo(1);
        assertThat(rerun.premiumReminders()).isZero();
        assertThat(rerun.skippedOptedOut()).isZero();
        assertThat(rerun.queued()).isZero();
        assertThat(claimsOf(optedOut)).containsValue("skipped");
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey)
                .containsExactly("premium-reminder:" + optedIn + ":2029-07-08:due-7");
    }

    @Test
    void twoOverlappingRunsNeverEnqueueTheSameReminderTwice() throws Exception {
        LocalDate today = LocalDate.parse("2029-08-01");
        List<UUID> policies = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            policies.add(policy(customer(true), i % 2 == 0 ? "monthly" : "annual", today.plusDays(1)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<RemindersReport.TenantResult>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return service(at(today)).runTenant(lic);
            }));
        }

        start.countDown();
        long queuedByBoth = 0;
        for (Future<RemindersReport.TenantResult> run : runs) {
            RemindersReport.TenantResult result = run.get();
            assertThat(result.error()).isNull();
            queuedByBoth += result.queued();
        }
        pool.shutdown();

        List<WhatsappMessage> queued = drain();
        assertThat(queuedByBoth).isEqualTo(120);
        assertThat(queued).hasSize(120);
        assertThat(queued).extracting(WhatsappMessage::idempotencyKey).doesNotHaveDuplicates()
                .allMatch(key -> key.endsWith(":due-1"));
    }

    @Test
    void aReminderWhoseEnqueueFailedIsSentByALaterRunOnce() {
        LocalDate today = LocalDate.parse("2029-09-01");
        UUID policy = policy(customer(true), "half_yearly", today.plusDays(15));
        WhatsappOutbox down = message -> {
            throw new WhatsappOutbox.NotQueued(message.idempotencyKey(), new IllegalStateException("queue down"));
        };
        Instant eight = at(today).instant();

        RemindersReport.TenantResult failed = service(at(today), down).runTenant(lic);
        RemindersReport.TenantResult whileLeased = service(Clock.fixed(eight.plusSeconds(60), ZoneOffset.UTC)).runTenant(lic);
        RemindersReport.TenantResult afterLease = service(Clock.fixed(eight.plus(ReminderService.LEASE).plusSeconds(60),
                ZoneOffset.UTC)).runTenant(lic);
        RemindersReport.TenantResult again = service(Clock.fixed(eight.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .runTenant(lic);

        assertThat(failed.premiumReminders()).isEqualTo(1);
        assertThat(failed.notQueued()).isEqualTo(1);
        assertThat(failed.queued()).isZero();
        assertThat(whileLeased.queued()).as("the failed run's lease still holds").isZero();
        assertThat(afterLease.queued()).isEqualTo(1);
        assertThat(again.queued()).isZero();
        assertThat(claimsOf(policy)).containsExactly(Map.entry("premium-reminder:" + policy + ":2029-09-16:due-15", "queued"));
        assertThat(drain()).hasSize(1);
    }

    @Test
    void aClaimOfAPremiumPaidMeanwhileIsCancelledNotSent() {
        LocalDate today = LocalDate.parse("2029-10-01");
        UUID policy = policy(customer(true), "annual", today.plusDays(7));
        WhatsappOutbox down = message -> {
            throw new WhatsappOutbox.NotQueued(message.idempotencyKey(), new IllegalStateException("queue down"));
        };
        service(at(today), down).runTenant(lic);
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, today.plusDays(7).plusYears(1))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();

        RemindersReport.TenantResult next = service(at(today.plusDays(1))).runTenant(lic);

        assertThat(next.retired()).isEqualTo(1);
        assertThat(next.queued()).isZero();
        assertThat(claimsOf(policy)).containsValue("cancelled");
        assertThat(drain()).isEmpty();
    }

    @Test
    void maturityRemindersGoThirtyDaysAheadOnce() {
        LocalDate today = LocalDate.parse("2030-01-31");
        UUID holder = customer(true);
        UUID inThirty = policy(holder, "single", null);
        UUID inThirtyOne = policy(holder, "single", null);
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.MATURITY_DATE, today.plusDays(30))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(inThirty)).execute();
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.MATURITY_DATE, today.plusDays(31))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(inThirtyOne)).execute();

        RemindersReport.TenantResult first = service(at(today)).runTenant(lic);
        RemindersReport.TenantResult rerun = service(at(today)).runTenant(lic);

        assertThat(first.maturityReminders()).isEqualTo(1);
        assertThat(rerun.maturityReminders()).isZero();
        List<WhatsappMessage> queued = drain();
        assertThat(queued).singleElement().satisfies(message -> {
            assertThat(message.idempotencyKey()).isEqualTo("maturity:" + inThirty + ":2030-03-02");
            assertThat(message.template().name()).isEqualTo("maturity_reminder");
            assertThat(message.template().parameters().get(2)).isEqualTo("02 Mar 2030");
        });
    }

    @Test
    void birthdayGreetingsGoOnlyToCustomersWhoOptedInToMarketing() {
        LocalDate today = LocalDate.parse("2027-02-28");   // not a leap year: 29 February birthdays are today too
        UUID optedIn = birthday("1980-02-28", true);
        UUID leapDay = birthday("1984-02-29", true);
        birthday("1990-02-28", false);

        RemindersReport.TenantResult first = service(at(today)).runTenant(lic);
        RemindersReport.TenantResult rerun = service(at(today)).runTenant(lic);

        assertThat(first.birthdayGreetings()).isEqualTo(2);
        assertThat(rerun.birthdayGreetings()).isZero();
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey).containsExactlyInAnyOrder(
                "birthday:" + optedIn + ":2027", "birthday:" + leapDay + ":2027");
    }

    private static UUID birthday(String dateOfBirth, boolean marketingOptIn) {
        UUID holder = customer(true);
        owner.update(POLICYHOLDERS).set(POLICYHOLDERS.DATE_OF_BIRTH, LocalDate.parse(dateOfBirth))
                .set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, marketingOptIn)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(holder)).execute();
        return holder;
    }

    /** The customer's notification categories as the app stores them (tenant V100). */
    private static void preferences(UUID holder, String json) {
        owner.execute("update " + lic.schema() + ".policyholders set communication_preferences = ?::jsonb"
                + " where policyholder_id = ?", json, holder);
    }

    /** The customer's own statement, through the one way consent changes (tenant V102), said now. */
    private static void says(UUID holder, String purpose, boolean granted) {
        db.database().inTransaction(agent.caller(), tx -> Routines.recordConsent(tx.configuration(), holder, purpose,
                granted, "app", "test: in the app", null, Instant.now(), null));
    }

    Map<String, String> skipReasonsOf(UUID holder) {
        Map<String, String> reasons = new HashMap<>();
        owner.fetch("select idempotency_key, status || ':' || coalesce(skip_reason, '') from " + lic.schema()
                + ".scheduled_messages where policyholder_id = ?", holder)
                .forEach(row -> reasons.put(row.get(0, String.class), row.get(1, String.class)));
        return reasons;
    }

    @Test
    void aCustomerWhoTurnedPremiumRemindersOffGetsNoPolicyRemindersAndIsCountedAsSkipped() {
        LocalDate today = LocalDate.parse("2030-05-01");
        UUID off = customer(true);
        preferences(off, "{\"premiumReminders\": false, \"callbackUpdates\": true}");
        UUID due = policy(off, "annual", today.plusDays(7));
        UUID maturing = policy(off, "single", null);
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.MATURITY_DATE, today.plusDays(30))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(maturing)).execute();
        UUID greetingsOff = customer(true);
        preferences(greetingsOff, "{\"greetingsAndOffers\": false}");
        UUID stillDue = policy(greetingsOff, "annual", today.plusDays(7));
        UUID nullKey = customer(true);
        preferences(nullKey, "{\"premiumReminders\": null}");
        UUID alsoDue = policy(nullKey, "annual", today.plusDays(7));

        RemindersReport.TenantResult result = service(at(today)).runTenant(lic);

        assertThat(result.premiumReminders()).as("another category off, or a key without value: still on")
                .isEqualTo(2);
        assertThat(result.maturityReminders()).isZero();
        assertThat(result.skippedOptedOut()).isEqualTo(2);
        assertThat(skipReasonsOf(off)).containsOnly(
                Map.entry("premium-reminder:" + due + ":2030-05-08:due-7", "skipped:preference_off"),
                Map.entry("maturity:" + maturing + ":2030-05-31", "skipped:preference_off"));
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey).containsExactlyInAnyOrder(
                "premium-reminder:" + stillDue + ":2030-05-08:due-7", "premium-reminder:" + alsoDue + ":2030-05-08:due-7");
    }

    @Test
    void aLapseNoticeFollowsTheCustomersPremiumRemindersChoiceAndTheAgentIsStillTold() {
        LocalDate today = LocalDate.parse("2030-06-15");
        UUID off = customer(true);
        preferences(off, "{\"premiumReminders\": false}");
        UUID policy = policy(off, "annual", LocalDate.parse("2030-05-01"));   // grace ended 2030-06-01

        RemindersReport.TenantResult result = service(at(today)).runTenant(lic);

        assertThat(result.policiesLapsed()).isEqualTo(1);
        assertThat(skipReasonsOf(off)).containsOnly(
                Map.entry("policy-lapsed:" + policy + ":2030-05-01:customer", "skipped:preference_off"));
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey)
                .containsExactly("agent-digest:" + agent.agentId() + ":2030-06-15");
    }

    @Test
    void greetingsAndOffersOffMeansNoBirthdayGreeting() {
        LocalDate today = LocalDate.parse("2030-07-04");
        UUID off = birthday("1975-07-04", true);
        preferences(off, "{\"greetingsAndOffers\": false}");
        UUID premiumOff = birthday("1976-07-04", true);
        preferences(premiumOff, "{\"premiumReminders\": false}");

        RemindersReport.TenantResult result = service(at(today)).runTenant(lic);

        assertThat(result.birthdayGreetings()).isEqualTo(1);
        assertThat(skipReasonsOf(off)).isEmpty();
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey).containsExactly("birthday:" + premiumOff + ":2030");
    }

    @Test
    void aCustomerWhoWithdrewOrSwitchedOffBetweenClaimAndQueueIsCancelledNotQueued() {
        LocalDate today = LocalDate.parse("2030-08-01");
        UUID withdraws = customer(true);
        UUID withdrawn = policy(withdraws, "annual", today.plusDays(7));
        UUID switchesOff = customer(true);
        UUID switchedOff = policy(switchesOff, "annual", today.plusDays(7));
        UUID keeps = customer(true);
        UUID kept = policy(keeps, "annual", today.plusDays(7));
        UUID stopsOffers = birthday("1980-08-01", true);
        ReminderService service = service(at(today));
        ReminderService.Selection claimed = service.select(lic, today, service.settings(lic));
        says(withdraws, "whatsapp_utility", false);
        preferences(switchesOff, "{\"premiumReminders\": false}");
        says(stopsOffers, "whatsapp_marketing", false);

        ReminderService.Sent sent = service.send(lic);

        assertThat(claimed.premium().pending()).isEqualTo(3);
        assertThat(claimed.birthdays().pending()).isEqualTo(1);
        assertThat(sent.queued()).isEqualTo(1);
        assertThat(sent.cancelled()).isEqualTo(3);
        assertThat(claimsOf(withdrawn)).containsValue("cancelled");
        assertThat(skipReasonsOf(withdraws)).containsOnly(
                Map.entry("premium-reminder:" + withdrawn + ":2030-08-08:due-7", "cancelled:consent_withdrawn"));
        assertThat(skipReasonsOf(switchesOff)).containsOnly(
                Map.entry("premium-reminder:" + switchedOff + ":2030-08-08:due-7", "cancelled:preference_off"));
        assertThat(skipReasonsOf(stopsOffers)).containsOnly(
                Map.entry("birthday:" + stopsOffers + ":2030", "cancelled:consent_withdrawn"));
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey)
                .containsExactly("premium-reminder:" + kept + ":2030-08-08:due-7");
        assertThat(service.runTenant(lic).queued()).as("a cancelled claim is never sent later").isZero();
        assertThat(drain()).isEmpty();
    }

    @Test
    void aCancelledBatchDoesNotStopTheMessagesBehindIt() {
        LocalDate today = LocalDate.parse("2030-09-01");
        List<UUID> withdrawing = new ArrayList<>();
        for (int i = 0; i < ReminderService.BATCH; i++) {
            UUID holder = customer(true);
            policy(holder, "annual", today.plusDays(7));
            withdrawing.add(holder);
        }
        ReminderService service = service(at(today));
        service.select(lic, today, service.settings(lic));
        UUID kept = policy(customer(true), "annual", today.plusDays(7));
        service.select(lic, today, service.settings(lic));   // claimed after the others: leased in a later batch
        owner.execute("update " + lic.schema() + ".policyholders set whatsapp_utility_opt_in = false"
                + " where policyholder_id = any(?::uuid[])", (Object) withdrawing.toArray(UUID[]::new));

        ReminderService.Sent sent = service.send(lic);

        assertThat(sent.cancelled()).isEqualTo(ReminderService.BATCH);
        assertThat(sent.queued()).isEqualTo(1);
        assertThat(drain()).extracting(WhatsappMessage::idempotencyKey)
                .containsExactly("premium-reminder:" + kept + ":2030-09-08:due-7");
    }

    @Test
    void theAgentsLapseNoticeGoesInTheAgentsLanguage() {
        LocalDate today = LocalDate.parse("2030-10-15");
        Fixtures.Agent hindiAgent = fixtures.agent().inTenant(lic).named("Suresh").create();
        owner.execute("update " + lic.schema() + ".users set language_preference = 'hi' where user_id = ?",
                hindiAgent.userId());
        UUID hindiAgentsCustomer = fixtures.policyholder().of(hindiAgent).create();
        owner.update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, true)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(hindiAgentsCustomer)).execute();
        UUID hindiAgentsPolicy = fixtures.policy().of(hindiAgent, hindiAgentsCustomer).create();
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, LocalDate.parse("2030-09-01"))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(hindiAgentsPolicy)).execute();
        UUID englishAgentsPolicy = policy(customer(true), "annual", LocalDate.parse("2030-09-01"));

        service(at(today)).runTenant(lic);

        Map<String, String> languages = new HashMap<>();
        drain().forEach(m -> languages.put(m.idempotencyKey(), m.template().language()));
        assertThat(languages).containsOnly(
                Map.entry("agent-digest:" + hindiAgent.agentId() + ":2030-10-15", "hi"),
                Map.entry("policy-lapsed:" + hindiAgentsPolicy + ":2030-09-01:customer", "en"),
                Map.entry("agent-digest:" + agent.agentId() + ":2030-10-15", "en"),
                Map.entry("policy-lapsed:" + englishAgentsPolicy + ":2030-09-01:customer", "en"));
    }

    @Test
    void anAgentWhoseBookLapsesInBulkGetsOneDigestForTheDayNotOneNoticePerPolicy() {
        // issue 21: after a 100,000-row import the next run queued 48,618 lapse notices, one per policy, to the
        // agent's own phone; the first run over an imported backlog is summarised like any other day
        LocalDate today = LocalDate.parse("2031-03-01");
        UUID holder = customer(true);
        for (int i = 0; i < 40; i++) {
            policy(holder, "annual", LocalDate.parse("2030-12-01").plusDays(i % 20));
        }
        policy(holder, "annual", today.plusDays(2));    // due this week
        policy(holder, "monthly", today.plusDays(6));   // the last day of the week
        policy(holder, "annual", today.plusDays(7));    // next week: not counted
        Clock evening = Clock.fixed(today.atTime(LocalTime.of(20, 0)).atZone(INDIA).toInstant(), ZoneOffset.UTC);

        RemindersReport.TenantResult first = service(at(today)).runTenant(lic);
        RemindersReport.TenantResult again = service(evening).runTenant(lic);

        assertThat(first.policiesLapsed()).isEqualTo(40);
        assertThat(again.policiesLapsed()).isZero();
        List<WhatsappMessage> queued = drain();
        List<WhatsappMessage> toAgent = queued.stream().filter(m -> m.idempotencyKey().startsWith("agent-digest:"))
                .toList();
        assertThat(toAgent).as("one message to the agent for the day, however many lapsed, however often it runs")
                .hasSize(1);
        assertThat(toAgent.getFirst().idempotencyKey()).isEqualTo("agent-digest:" + agent.agentId() + ":" + today);
        assertThat(toAgent.getFirst().template().name()).isEqualTo("agent_daily_digest");
        assertThat(toAgent.getFirst().template().parameters()).hasSize(3).endsWith("40", "2");
        assertThat(queued.stream().filter(m -> m.idempotencyKey().startsWith("policy-lapsed:")
                && m.idempotencyKey().endsWith(":customer"))).as("the customer's own notices, one per policy")
                .hasSize(40);
        assertThat(queued).noneMatch(m -> m.idempotencyKey().endsWith(":agent"));
    }

    @Test
    void aFailingTenantIsReportedAndTheOthersStillRun() {
        LocalDate today = LocalDate.parse("2029-11-01");
        policy(customer(true), "monthly", today.plusDays(7));
        Tenant missing = new Tenant(UUID.randomUUID(), "GONE", "gone_schema");
        ReminderService service = new ReminderService(db.database(), () -> List.of(missing, lic),
                new SqsWhatsappOutbox(aws.sqs(), queue), at(today));

        RemindersReport report = service.run();

        assertThat(report.tenantsFailed()).isEqualTo(1);
        assertThat(report.tenants().get(0).error()).contains("gone_schema");
        assertThat(report.tenants().get(1).error()).isNull();
        assertThat(report.queued()).isEqualTo(1);
        assertThat(drain()).hasSize(1);
    }
}
