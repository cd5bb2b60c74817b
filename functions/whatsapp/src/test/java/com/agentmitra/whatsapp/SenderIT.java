package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.shared.Tables.WHATSAPP_TEMPLATES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.data.jooq.tenant.tables.records.WhatsappMessagesRecord;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sender through SQS (emulator, real SDK), PostgreSQL and a fake Graph API over real HTTP. */
class SenderIT {

    private final FakeGraphApi graph = new FakeGraphApi();
    private final SenderHarness harness = new SenderHarness(graph, 200);
    private final Fixtures fixtures = new Fixtures(harness.db);
    private final SenderFunction sender = harness.function(Clock.systemUTC());

    @AfterEach
    void stopFake() {
        graph.close();
    }

    private WhatsappMessagesRecord row(String idempotencyKey) {
        return harness.db.ownerDsl(harness.lic()).selectFrom(WHATSAPP_MESSAGES)
                .where(WHATSAPP_MESSAGES.IDEMPOTENCY_KEY.eq(idempotencyKey)).fetchOne();
    }

    @Nested
    class ExactlyOnce {

        @Test
        void aDuplicateDeliverySendsOnce() {
            WhatsappMessage reminder = SenderHarness.reminder(SenderHarness.anyRecipient());
            harness.enqueue(reminder);
            harness.enqueue(reminder); // the producer queued it twice

            harness.drain(sender, Duration.ofSeconds(10));
            harness.enqueue(reminder); // and SQS delivers it once more later
            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(reminder.recipient())).hasSize(1);
            WhatsappMessagesRecord row = row(reminder.idempotencyKey());
            assertThat(row.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
            assertThat(row.getWhatsappMessageId()).startsWith("wamid.FAKE");
            assertThat(row.getAttemptCount()).isEqualTo(1);
        }

        @Test
        void theRequestCarriesTheTemplateTheOutboxReferenceAndTheToken() {
            WhatsappMessage reminder = SenderHarness.reminder(SenderHarness.anyRecipient());
            harness.enqueue(reminder);

            harness.drain(sender, Duration.ofSeconds(10));

            FakeGraphApi.Request request = graph.requestsTo(reminder.recipient()).getFirst();
            assertThat(request.authorization()).isEqualTo("Bearer " + SenderHarness.TOKEN);
            assertThat(request.body().path("template").path("name").asText()).isEqualTo("premium_due_reminder");
            assertThat(request.body().path("template").path("components").path(0).path("parameters")).hasSize(4);
            assertThat(request.body().path("biz_opaque_callback_data").asText())
                    .isEqualTo("LIC:" + row(reminder.idempotencyKey()).getMessageId());
        }

        @Test
        void anUnknownOutcomeIsNeverSentAgainAndIsCountedOnceTheGracePeriodHasPassed() {
            // issue 21: it was resent after the grace period, and a lost answer became a duplicate for the customer
            MovableClock clock = new MovableClock();
            SenderFunction function = harness.function(clock);
            WhatsappMessage reminder = SenderHarness.reminder(SenderHarness.anyRecipient());
            graph.answer(reminder.recipient(), new FakeGraphApi.Answer(0, "")); // connection dropped after sending
            harness.enqueue(reminder);

            SenderHarness.Poll first = harness.pollOnce(function);
            assertThat(row(reminder.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.unknown);
            assertThat(first.failed()).hasSize(1);
            sleep(1200);
            SenderHarness.Poll held = harness.pollOnce(function);
            assertThat(held.failed()).hasSize(1);

            clock.advance(Duration.ofMinutes(3));
            sleep(1200);
            String stdout = PrintedMetrics.stdoutOf(() -> harness.drain(function, Duration.ofSeconds(10)));

            assertThat(graph.requestsTo(reminder.recipient())).hasSize(1);
            assertThat(row(reminder.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.unknown);
            assertThat(PrintedMetrics.metric(stdout, "MessagesUnsettled")).isEqualTo(1.0);
            // acknowledged: nothing left to come back
            sleep(1200);
            assertThat(harness.pollOnce(function).delivered()).isEmpty();
        }

        @Test
        void aSignInCodeWhoseAnswerWasLostIsNeverSentAgainEvenWhenDeliveredAgain() {
            MovableClock clock = new MovableClock();
            SenderFunction function = harness.function(clock);
            String to = SenderHarness.anyRecipient();
            WhatsappMessage otp = WhatsappMessage.template("otp:" + UUID.randomUUID(), "LIC", to, WhatsappMessage.OTP,
                    new WhatsappMessage.Template("otp_login", "en", List.of("739215")), Instant.now());
            graph.answer(to, new FakeGraphApi.Answer(0, "")); // accepted, answer lost
            harness.enqueue(otp);

            harness.pollOnce(function);
            clock.advance(Duration.ofMinutes(3));
            sleep(1200);
            harness.drain(function, Duration.ofSeconds(10));
            harness.enqueue(otp); // SQS delivers it once more
            harness.drain(function, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(to)).hasSize(1);
            assertThat(row(otp.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.unknown);
        }

        @Test
        void aSendWhoseSenderStoppedMidSendIsNeverSentAgainAndSaysItsOutcomeIsUnknown() {
            MovableClock clock = new MovableClock();
            SenderFunction function = harness.function(clock);
            WhatsappMessage reminder = SenderHarness.reminder(SenderHarness.anyRecipient());
            harness.enqueue(reminder);
            harness.drain(function, Duration.ofSeconds(10));
            // as a sender that claimed it and died before recording: the request may have left
            var m = WHATSAPP_MESSAGES;
            harness.db.ownerDsl(harness.lic()).update(m).set(m.SEND_STATUS, WhatsappSendStatusEnum.sending)
                    .set(m.SENDING_UNTIL, Instant.now().minusSeconds(1)).set(m.WHATSAPP_MESSAGE_ID, (String) null)
                    .where(m.IDEMPOTENCY_KEY.eq(reminder.idempotencyKey())).execute();
            clock.advance(Duration.ofMinutes(3));

            harness.enqueue(reminder); // SQS delivers it again
            harness.drain(function, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(reminder.recipient())).hasSize(1);
            WhatsappMessagesRecord row = row(reminder.idempotencyKey());
            assertThat(row.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.unknown);
            assertThat(row.getErrorDetails()).isEqualTo("its sender stopped mid-send and no status came");
        }
    }

    @Nested
    class ErrorClassification {

        @Test
        void transientErrorsAreRetriedAndPermanentOnesAreRecordedAndDropped() {
            String throttled = SenderHarness.anyRecipient();
            String undeliverable = SenderHarness.anyRecipient();
            graph.answer(throttled, FakeGraphApi.Answer.error(400, 130429));
            graph.answer(undeliverable, FakeGraphApi.Answer.error(400, 131026));
            WhatsappMessage retried = SenderHarness.reminder(throttled);
            WhatsappMessage dropped = SenderHarness.reminder(undeliverable);
            String retriedId = harness.enqueue(retried);
            harness.enqueue(dropped);

            SenderHarness.Poll poll = harness.pollOnce(sender);

            assertThat(poll.failed()).containsExactly(retriedId);
            assertThat(row(retried.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.retry);
            assertThat(row(retried.idempotencyKey()).getErrorCode()).isEqualTo(130429);
            WhatsappMessagesRecord failed = row(dropped.idempotencyKey());
            assertThat(failed.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.failed);
            assertThat(failed.getErrorCode()).isEqualTo(131026);
            assertThat(failed.getErrorDetails()).contains("FbTrace131026");
            assertThat(harness.redeliveryDelays).containsExactly(Duration.ofSeconds(15));

            sleep(1200);
            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(throttled)).hasSize(2);
            assertThat(graph.requestsTo(undeliverable)).hasSize(1);
            assertThat(row(retried.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
        }

        @Test
        void thePartialBatchResponseNamesExactlyTheRetryableAndTheMalformed() {
            String flaky = SenderHarness.anyRecipient();
            String blocked = SenderHarness.anyRecipient();
            graph.answer(flaky, FakeGraphApi.Answer.error(503, 131000));
            graph.answer(blocked, FakeGraphApi.Answer.error(400, 132001));
            String malformedId = harness.enqueueRaw("{\"schemaVersion\": 1, \"idempotencyKey\": ");
            String unknownVersionId = harness.enqueueRaw("{\"schemaVersion\": 9}");
            String flakyId = harness.enqueue(SenderHarness.reminder(flaky));
            harness.enqueue(SenderHarness.reminder(blocked));
            WhatsappMessage fine = SenderHarness.reminder(SenderHarness.anyRecipient());
            harness.enqueue(fine);

            SenderHarness.Poll poll = harness.pollOnce(sender);

            assertThat(poll.delivered()).hasSize(5);
            assertThat(poll.failed()).containsExactlyInAnyOrder(malformedId, unknownVersionId, flakyId);
            assertThat(row(fine.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
        }

        @Test
        void aBodyOfJsonNullFailsAloneAndTheRestOfItsBatchIsSentAtOnce() {
            // issue 21: read as no message at all, it failed the whole batch (the error path named its key)
            String poisonId = harness.enqueueRaw("null");
            List<WhatsappMessage> good = List.of(SenderHarness.reminder(SenderHarness.anyRecipient()),
                    SenderHarness.reminder(SenderHarness.anyRecipient()),
                    SenderHarness.reminder(SenderHarness.anyRecipient()));
            good.forEach(harness::enqueue);

            SenderHarness.Poll poll = harness.pollOnce(sender);

            assertThat(poll.delivered()).hasSize(4);
            assertThat(poll.failed()).containsExactly(poisonId);
            assertThat(good).allSatisfy(m -> {
                assertThat(row(m.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
                assertThat(graph.requestsTo(m.recipient())).hasSize(1);
            });
        }
    }

    @Nested
    class PairRate {

        @Test
        void twentyMessagesToOneNumberAreAllSentWithinAboutTwoMinutesHeldOnTheQueueWithoutUsingUpReceives() {
            // issue 21: the pair-rate check refused and backed off by doubling from 15 s, one message per round: of
            // 20 messages to one number 7 went out in 16 minutes, and the rest would have reached the dead-letter
            // queue; waiting rows said queued with no reason
            FakeGraphApi strict = new FakeGraphApi();
            try (strict) {
                SenderHarness paced = new SenderHarness(strict, 200, 180); // the template's visibility timeout
                SenderFunction function = paced.function(Clock.systemUTC());
                String recipient = SenderHarness.anyRecipient();
                List<WhatsappMessage> twenty = java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> SenderHarness.reminder(recipient)).toList();
                twenty.forEach(paced::enqueue);

                var m = WHATSAPP_MESSAGES;
                for (int poll = 0; poll < 5 && paced.db.ownerDsl(paced.lic()).fetchCount(m, m.PHONE_NUMBER.eq(recipient)) < 20;
                        poll++) {
                    paced.pollOnce(function);
                }
                // the ones that must wait say so, until when and why
                var held = paced.db.ownerDsl(paced.lic()).selectFrom(m)
                        .where(m.PHONE_NUMBER.eq(recipient), m.SEND_STATUS.eq(WhatsappSendStatusEnum.held)).fetch();
                assertThat(held).hasSizeGreaterThanOrEqualTo(15).allSatisfy(r -> {
                    assertThat(r.getHeldUntil()).isAfter(Instant.now());
                    assertThat(r.getHeldReason()).contains("pair rate");
                });
                assertThat(held.stream().map(WhatsappMessagesRecord::getHeldUntil).distinct()).hasSize(held.size());

                long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (System.nanoTime() < until && strict.requestsTo(recipient).size() < 20) {
                    paced.pollOnce(function);
                }

                List<FakeGraphApi.Request> sent = strict.requestsTo(recipient);
                assertThat(sent).hasSize(20);
                assertThat(strict.pairRefused()).isZero();
                assertThat(twenty).allSatisfy(message -> assertThat(row(paced, message.idempotencyKey()).getSendStatus())
                        .isEqualTo(WhatsappSendStatusEnum.accepted));
                for (int i = 1; i < sent.size(); i++) {
                    assertThat(sent.get(i).atNanos() - sent.get(i - 1).atNanos()).isGreaterThanOrEqualTo(6_000_000_000L);
                }
                // nineteen gaps of 6 s are 114 s: "about two minutes", not hours
                assertThat(Duration.ofNanos(sent.getLast().atNanos() - sent.getFirst().atNanos()))
                        .isLessThan(Duration.ofSeconds(135));
                // every wait was a delayed copy: no message came back by its visibility timeout, none nearer the DLQ
                assertThat(paced.highestReceiveCount.get()).isEqualTo(1);
                assertThat(paced.requeueDelays).isNotEmpty();
                assertThat(paced.redeliveryDelays).isEmpty();
            }
        }

        @Test
        void aDuplicateOfAHeldMessageIsSentOnce() {
            FakeGraphApi strict = new FakeGraphApi();
            try (strict) {
                SenderHarness paced = new SenderHarness(strict, 200, 180);
                SenderFunction function = paced.function(Clock.systemUTC());
                String recipient = SenderHarness.anyRecipient();
                WhatsappMessage first = SenderHarness.reminder(recipient);
                WhatsappMessage second = SenderHarness.reminder(recipient);
                paced.enqueue(first);
                paced.enqueue(second);
                paced.pollOnce(function);
                paced.enqueue(second); // the producer queued it again while it was held

                long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (System.nanoTime() < until) {
                    paced.pollOnce(function);
                }

                assertThat(strict.requestsTo(recipient)).hasSize(2);
                assertThat(strict.pairRefused()).isZero();
                assertThat(row(paced, second.idempotencyKey()).getSendStatus())
                        .isEqualTo(WhatsappSendStatusEnum.accepted);
            }
        }

        private WhatsappMessagesRecord row(SenderHarness paced, String idempotencyKey) {
            return paced.db.ownerDsl(paced.lic()).selectFrom(WHATSAPP_MESSAGES)
                    .where(WHATSAPP_MESSAGES.IDEMPOTENCY_KEY.eq(idempotencyKey)).fetchOne();
        }
    }

    @Nested
    class ConsentAndWindow {

        private final Fixtures.Agent agent = fixtures.agent().inTenant(harness.lic()).create();

        private String customer(boolean marketingOptIn, Instant lastInbound) {
            String phone = Fixtures.anyPhone();
            UUID id = fixtures.policyholder().of(agent).phone(phone).create();
            harness.db.ownerDsl(harness.lic()).update(POLICYHOLDERS)
                    .set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, marketingOptIn)
                    .set(POLICYHOLDERS.WHATSAPP_LAST_INBOUND_AT, lastInbound)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).execute();
            return phone;
        }

        private WhatsappMessage greeting(String phone) {
            return WhatsappMessage.template("greeting:" + UUID.randomUUID(), "LIC", phone, WhatsappMessage.GREETING,
                    new WhatsappMessage.Template("birthday_greeting", "en", List.of("Ravi", "Asha")), Instant.now());
        }

        private WhatsappMessage text(String phone) {
            return WhatsappMessage.text("reply:" + UUID.randomUUID(), "LIC", phone, WhatsappMessage.CALLBACK,
                    "Your callback is booked for 4 pm.", Instant.now());
        }

        @Test
        void marketingGoesOnlyToCustomersWhoOptedIn() {
            String optedOut = customer(false, null);
            String optedIn = customer(true, null);
            WhatsappMessage refused = greeting(optedOut);
            harness.enqueue(refused);
            harness.enqueue(greeting(optedIn));

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(optedOut)).isEmpty();
            assertThat(graph.requestsTo(optedIn)).hasSize(1);
            assertThat(row(refused.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.failed);
            assertThat(row(refused.idempotencyKey()).getErrorCode()).isEqualTo(131050);
        }

        @Test
        void anOtpReachesACustomerWhoStoppedMarketingAndIsNeverStoredOrLogged() {
            String optedOut = customer(false, null);
            WhatsappMessage otp = WhatsappMessage.template("otp:" + UUID.randomUUID(), "LIC", optedOut,
                    WhatsappMessage.OTP, new WhatsappMessage.Template("otp_login", "en", List.of("739215")),
                    Instant.now());
            harness.enqueue(otp);

            String logs;
            try (LogCapture capture = LogCapture.start()) {
                harness.drain(sender, Duration.ofSeconds(10));
                logs = capture.text();
            }

            FakeGraphApi.Request request = graph.requestsTo(optedOut).getFirst();
            assertThat(request.body().path("template").path("components").path(1).path("sub_type").asText())
                    .isEqualTo("url");
            assertThat(request.body().toString()).contains("739215");
            assertThat(row(otp.idempotencyKey()).getTemplateParameters().data()).doesNotContain("739215");
            assertThat(logs).contains(otp.idempotencyKey()).doesNotContain("739215")
                    .doesNotContain(SenderHarness.TOKEN);
        }

        @Test
        void freeTextNeedsAnOpenServiceWindow() {
            String quiet = customer(false, Instant.now().minus(Duration.ofHours(25)));
            String talking = customer(false, Instant.now().minus(Duration.ofHours(2)));
            WhatsappMessage outside = text(quiet);
            harness.enqueue(outside);
            harness.enqueue(text(talking));

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(quiet)).isEmpty();
            assertThat(row(outside.idempotencyKey()).getErrorCode()).isEqualTo(131047);
            assertThat(graph.requestsTo(talking)).hasSize(1);
            assertThat(graph.requestsTo(talking).getFirst().body().path("text").path("body").asText())
                    .isEqualTo("Your callback is booked for 4 pm.");
        }

        @Test
        void aTemplateMustExistAndGetItsParameterCount() {
            WhatsappMessage tooFew = WhatsappMessage.template("r:" + UUID.randomUUID(), "LIC",
                    SenderHarness.anyRecipient(), WhatsappMessage.REMINDER,
                    new WhatsappMessage.Template("premium_due_reminder", "en", List.of("Ravi")), Instant.now());
            WhatsappMessage unknown = WhatsappMessage.template("r:" + UUID.randomUUID(), "LIC",
                    SenderHarness.anyRecipient(), WhatsappMessage.REMINDER,
                    new WhatsappMessage.Template("no_such_template", "en", List.of()), Instant.now());
            harness.enqueue(tooFew);
            harness.enqueue(unknown);

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requests()).isEmpty();
            assertThat(row(tooFew.idempotencyKey()).getErrorCode()).isEqualTo(132000);
            assertThat(row(unknown.idempotencyKey()).getErrorCode()).isEqualTo(132001);
        }
    }

    @Nested
    class ConsentCheckedAgainAtSendTime {

        private final Fixtures.Agent agent = fixtures.agent().inTenant(harness.lic()).create();

        /** A customer who agreed to utility messages an hour ago, as an agent records it. */
        private Customer agreedCustomer() {
            String phone = Fixtures.anyPhone();
            UUID id = fixtures.policyholder().of(agent).phone(phone).create();
            recordConsent(id, true, "agent_recorded", Instant.now().minus(Duration.ofHours(1)));
            return new Customer(id, phone);
        }

        record Customer(UUID id, String phone) {}

        private void recordConsent(UUID customer, boolean granted, String source, Instant said) {
            harness.db.database().inTransaction(Caller.system(harness.lic()), tx -> tx.select(
                    Routines.recordConsent(customer, "whatsapp_utility", granted, source, "it: " + source,
                            granted ? "wa-utility-2026-12-en" : null, said, (UUID) null)).fetchSingle().value1());
        }

        private WhatsappMessage reminderTo(String phone) {
            return SenderHarness.reminder(phone);
        }

        @Test
        void aReminderQueuedBeforeTheCustomerWithdrewIsNeverSent() {
            Customer withdrawing = agreedCustomer();
            Customer staying = agreedCustomer();
            WhatsappMessage queuedBefore = reminderTo(withdrawing.phone());
            harness.enqueue(queuedBefore);
            harness.enqueue(reminderTo(staying.phone()));

            // the customer withdraws in the app after the reminder was selected and queued
            recordConsent(withdrawing.id(), false, "app", Instant.now());
            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(withdrawing.phone())).isEmpty();
            WhatsappMessagesRecord refused = row(queuedBefore.idempotencyKey());
            assertThat(refused.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.failed);
            assertThat(refused.getErrorDetails()).isEqualTo("refused: no WhatsApp utility consent");
            assertThat(refused.getErrorCode()).isNull();
            assertThat(refused.getAttemptCount()).isZero();
            // the same reminder to a customer who kept their consent goes out
            assertThat(graph.requestsTo(staying.phone())).hasSize(1);
        }

        @Test
        void aCustomerWhoNeverAgreedGetsNoRemindersButStillTheirSignInCode() {
            String phone = Fixtures.anyPhone();
            fixtures.policyholder().of(agent).phone(phone).create();
            WhatsappMessage reminder = reminderTo(phone);
            WhatsappMessage otp = WhatsappMessage.template("otp:" + UUID.randomUUID(), "LIC", phone,
                    WhatsappMessage.OTP, new WhatsappMessage.Template("otp_login", "en", List.of("402913")),
                    Instant.now());
            harness.enqueue(reminder);
            harness.enqueue(otp);

            harness.drain(sender, Duration.ofSeconds(15));

            assertThat(graph.requestsTo(phone)).hasSize(1);
            assertThat(graph.requestsTo(phone).getFirst().body().path("template").path("name").asText())
                    .isEqualTo("otp_login");
            assertThat(row(reminder.idempotencyKey()).getErrorDetails()).isEqualTo("refused: no WhatsApp utility consent");
        }

        @Test
        void aCategorySwitchedOffAfterQueueingStopsItsMessagesAndOnlyThose() {
            Customer customer = agreedCustomer();
            WhatsappMessage reminder = reminderTo(customer.phone());
            WhatsappMessage callbackNotice = WhatsappMessage.template("callback:" + UUID.randomUUID(), "LIC",
                    customer.phone(), WhatsappMessage.CALLBACK, new WhatsappMessage.Template("callback_resolved", "en",
                            List.of("Ravi", "CB-0001")), Instant.now());
            harness.enqueue(reminder);
            harness.enqueue(callbackNotice);

            harness.db.ownerDsl(harness.lic()).update(POLICYHOLDERS)
                    .set(POLICYHOLDERS.COMMUNICATION_PREFERENCES,
                            JSONB.valueOf("{\"premiumReminders\": false, \"callbackUpdates\": true}"))
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer.id())).execute();
            harness.drain(sender, Duration.ofSeconds(15));

            assertThat(graph.requestsTo(customer.phone())).hasSize(1);
            assertThat(graph.requestsTo(customer.phone()).getFirst().body().path("template").path("name").asText())
                    .isEqualTo("callback_resolved");
            WhatsappMessagesRecord refused = row(reminder.idempotencyKey());
            assertThat(refused.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.failed);
            assertThat(refused.getErrorDetails()).isEqualTo("refused: the customer switched off premium reminders");
        }
    }

    @Nested
    class LanguageFallbackToEnglish {

        /** A test-only template that exists in English only, approved. */
        private String englishOnlyTemplate() {
            String name = "it_english_only_" + UUID.randomUUID().toString().substring(0, 8);
            insertTemplate(name, "en", "approved");
            return name;
        }

        private void insertTemplate(String name, String language, String status) {
            var t = WHATSAPP_TEMPLATES;
            harness.db.ownerDsl(harness.lic()).insertInto(t).set(t.TEMPLATE_NAME, name).set(t.CATEGORY, "UTILITY")
                    .set(t.LANGUAGE, language).set(t.CONTENT, "Hello {{1}}").set(t.PARAMETER_COUNT, 1)
                    .set(t.VARIABLES, JSONB.valueOf("[\"name\"]")).set(t.APPROVAL_STATUS, status).execute();
        }

        private WhatsappMessage asked(String template, String language, String phone) {
            return WhatsappMessage.template("lang:" + UUID.randomUUID(), "LIC", phone, WhatsappMessage.REMINDER,
                    new WhatsappMessage.Template(template, language, List.of("Ravi")), Instant.now());
        }

        @Test
        void aTemplateThatExistsOnlyInEnglishAskedInHindiGoesInEnglish() {
            String phone = SenderHarness.anyRecipient();
            WhatsappMessage message = asked(englishOnlyTemplate(), "hi", phone);
            harness.enqueue(message);

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(phone)).hasSize(1);
            assertThat(graph.requestsTo(phone).getFirst().body().path("template").path("language").path("code").asText())
                    .isEqualTo("en");
            assertThat(row(message.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
            assertThat(row(message.idempotencyKey()).getTemplateLanguage()).isEqualTo("en");
        }

        @Test
        void aHindiTemplateNotApprovedGoesInEnglishAndAnApprovedOneInHindi() {
            String paused = "it_hindi_paused_" + UUID.randomUUID().toString().substring(0, 8);
            insertTemplate(paused, "en", "approved");
            insertTemplate(paused, "hi", "paused");
            String first = SenderHarness.anyRecipient();
            String second = SenderHarness.anyRecipient();
            WhatsappMessage fallsBack = asked(paused, "hi", first);
            WhatsappMessage otp = WhatsappMessage.template("otp:" + UUID.randomUUID(), "LIC", second,
                    WhatsappMessage.OTP, new WhatsappMessage.Template("otp_login", "hi", List.of("118822")),
                    Instant.now());
            harness.enqueue(fallsBack);
            harness.enqueue(otp);

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(first).getFirst().body().path("template").path("language").path("code")
                    .asText()).isEqualTo("en");
            assertThat(row(fallsBack.idempotencyKey()).getTemplateLanguage()).isEqualTo("en");
            assertThat(graph.requestsTo(second).getFirst().body().path("template").path("language").path("code")
                    .asText()).isEqualTo("hi");
            assertThat(row(otp.idempotencyKey()).getTemplateLanguage()).isEqualTo("hi");
        }

        @Test
        void aTemplateMissingInEveryLanguageIsRefusedNamingWhatWasAsked() {
            WhatsappMessage message = asked("it_nowhere_" + UUID.randomUUID().toString().substring(0, 8), "hi",
                    SenderHarness.anyRecipient());
            harness.enqueue(message);

            harness.drain(sender, Duration.ofSeconds(10));

            assertThat(graph.requests()).isEmpty();
            assertThat(row(message.idempotencyKey()).getErrorCode()).isEqualTo(132001);
            assertThat(row(message.idempotencyKey()).getErrorDetails()).contains("/hi does not exist");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Issue 19: the tenant's quiet hours (tenant settings) hold a customer's reminder until they end; a sign-in code
     * goes out at once. The hours are set around the present moment, so the test means the same at any hour.
     */
    @Nested
    class QuietHoursHoldCustomersMessages {

        private final Fixtures.Agent agent = fixtures.agent().inTenant(harness.lic()).create();
        private final MovableClock clock = new MovableClock();
        private Instant end;

        @org.junit.jupiter.api.BeforeEach
        void quietNow() {
            java.time.LocalTime now = java.time.LocalTime.now(QuietHours.IST).withSecond(0).withNano(0);
            java.time.LocalTime start = now.minusHours(1);
            java.time.LocalTime stop = now.plusHours(1);
            harness.db.ownerDsl(harness.lic()).execute("insert into shared.tenant_config (tenant_id, config_key,"
                    + " config_value, config_type) values (?, 'quiet_hours', ?::jsonb, 'json') on conflict (tenant_id,"
                    + " config_key) do update set config_value = excluded.config_value", harness.lic().id(),
                    "{\"start\": \"" + start + "\", \"end\": \"" + stop + "\"}");
            end = new QuietHours(start, stop).endOf(Instant.now()).orElseThrow();
            harness.quietHours = TenantQuietHours.fromSettings(Duration.ZERO, System::nanoTime);
        }

        @AfterEach
        void settingsBack() {
            harness.db.ownerDsl(harness.lic()).execute("delete from shared.tenant_config where tenant_id = ?"
                    + " and config_key = 'quiet_hours'", harness.lic().id());
        }

        @Test
        void aCustomersReminderWaitsForTheEndOfQuietHoursAndGoesOutOnceThen() {
            String phone = Fixtures.anyPhone();
            UUID customer = fixtures.policyholder().of(agent).phone(phone).create();
            harness.db.database().inTransaction(com.agentmitra.data.Caller.system(harness.lic()), tx -> tx.select(
                    Routines.recordConsent(customer, "whatsapp_utility", true, "agent_recorded", "it: quiet hours",
                            "wa-utility-2026-12-en", Instant.now().minus(Duration.ofHours(1)), (UUID) null))
                    .fetchSingle().value1());
            WhatsappMessage reminder = SenderHarness.reminder(phone);
            // another customer signs in meanwhile (another number: this test moves the sender's clock by hours, which
            // the fake Graph API's pair rate, on the real clock, would not follow)
            String signingIn = Fixtures.anyPhone();
            fixtures.policyholder().of(agent).phone(signingIn).create();
            WhatsappMessage otp = WhatsappMessage.template("otp:" + UUID.randomUUID(), "LIC", signingIn,
                    WhatsappMessage.OTP, new WhatsappMessage.Template("otp_login", "en", List.of("402913")),
                    Instant.now());
            SenderFunction quiet = harness.function(clock);
            harness.enqueue(reminder);
            harness.enqueue(otp);

            harness.drain(quiet, Duration.ofSeconds(10));

            // the code went out; the reminder is held until the hours end, waiting on the queue (a delayed copy)
            assertThat(graph.requestsTo(signingIn)).hasSize(1);
            assertThat(graph.requestsTo(phone)).isEmpty();
            WhatsappMessagesRecord held = row(reminder.idempotencyKey());
            assertThat(held.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.held);
            assertThat(held.getHeldUntil()).isEqualTo(end);
            assertThat(held.getHeldReason()).startsWith("quiet hours ").endsWith(" IST: held until they end");
            assertThat(held.getAttemptCount()).isZero();
            assertThat(harness.requeueDelays).containsExactly(SenderFunction.MAX_QUEUE_DELAY);
            // delivered again while still quiet (the copy came back after its 15 minutes): still nothing
            clock.advance(Duration.ofMinutes(15));
            harness.enqueue(reminder);
            harness.drain(quiet, Duration.ofSeconds(10));
            assertThat(graph.requestsTo(phone)).isEmpty();

            // after the end, its copy comes back and it goes out, once
            clock.advance(Duration.between(Instant.now(), end).plusMinutes(1));
            harness.enqueue(reminder);
            harness.drain(quiet, Duration.ofSeconds(10));
            harness.enqueue(reminder);
            harness.drain(quiet, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(phone)).hasSize(1);
            assertThat(row(reminder.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
        }

        @Test
        void aNumberThatIsNoCustomersIsNotHeld() {
            WhatsappMessage notice = SenderHarness.reminder(SenderHarness.anyRecipient());
            harness.enqueue(notice);

            harness.drain(harness.function(clock), Duration.ofSeconds(10));

            assertThat(graph.requestsTo(notice.recipient())).hasSize(1);
        }
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final Set<String> NONE = Set.of();
}
