package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
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
        void anUnknownOutcomeIsNotResentUntilTheGracePeriodHasPassed() {
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
            assertThat(graph.requestsTo(reminder.recipient())).hasSize(1);

            clock.advance(Duration.ofMinutes(3));
            sleep(1200);
            harness.drain(function, Duration.ofSeconds(10));

            assertThat(graph.requestsTo(reminder.recipient())).hasSize(2);
            assertThat(row(reminder.idempotencyKey()).getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
