package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CONSENT_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.data.jooq.tenant.tables.records.ConsentEventsRecord;
import com.agentmitra.data.jooq.tenant.tables.records.PolicyholdersRecord;
import com.agentmitra.data.jooq.tenant.tables.records.WhatsappMessagesRecord;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.LogCapture;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code /webhooks/whatsapp} through the real entry points against PostgreSQL and the SQS emulator: every scenario
 * goes webhook, then the {@code whatsapp-inbound} queue (a fresh one per test, through the SDK), then the inbound
 * consumer, as Lambda runs them.
 */
class WebhookIT {

    private static final String APP_SECRET = "test-app-secret-never-logged";
    private static final TestDatabase db = TestDatabase.get();

    private final Fixtures fixtures = new Fixtures(db);
    private final List<WhatsappMessage> queued = new CopyOnWriteArrayList<>();
    private final WhatsappOutbox outbox = queued::add;
    private final WhatsappConfig config = new WhatsappConfig(java.net.URI.create("http://127.0.0.1:9"), "v25.0", "pn",
            Secret.of("token"), Secret.of(APP_SECRET), Secret.of("verify-me"), 80, Duration.ofSeconds(30),
            Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofSeconds(2), Optional.empty(), Optional.empty());
    private final SqsClient sqs = InProcessAws.shared().sqs();
    private final String queueUrl = sqs.createQueue(r -> r.queueName("whatsapp-inbound-it-" + UUID.randomUUID()))
            .queueUrl();
    private final WebhookService service = WebhookWiring.service(db.database(), db.tenants(), outbox,
            Clock.systemUTC());
    private final WebhookFunction webhook = WebhookWiring.webhook(config, service,
            new SqsInboundQueue(sqs, queueUrl), Clock.systemUTC());
    private final InboundFunction consumer = new InboundFunction(service, Clock.systemUTC());
    /** What the last {@link #post} left on the queue and the consumer made of it. */
    private Delivery lastDelivery;
    private Tenant lic;
    private Fixtures.Agent agent;
    private UUID customer;
    private String phone;

    @BeforeEach
    void aCustomerOfAnAgent() {
        lic = db.tenants().byCode("LIC");
        agent = fixtures.agent().inTenant(lic).create();
        phone = Fixtures.anyPhone();
        customer = fixtures.policyholder().of(agent).phone(phone).create();
    }

    /** The webhook answers; then whatever it queued is delivered to the consumer. */
    private APIGatewayProxyResponseEvent post(String body, String signature) {
        APIGatewayProxyResponseEvent response = webhook.apply(MessageBuilder.withPayload(request(body, signature))
                .build());
        lastDelivery = deliverQueued();
        return response;
    }

    private static APIGatewayProxyRequestEvent request(String body, String signature) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/webhooks/whatsapp").withBody(body)
                .withHeaders(signature == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "X-Hub-Signature-256", signature));
    }

    private static String signature(String body) {
        return "sha256=" + WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), Secret.of(APP_SECRET));
    }

    record Delivery(List<String> delivered, Set<String> failed) {}

    /**
     * Hands what the queue holds to the consumer as Lambda would (batches of up to 10) until it is empty, and deletes
     * what the consumer did not name in {@code batchItemFailures}.
     */
    private Delivery deliverQueued() {
        List<String> delivered = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        while (true) {
            List<Message> received = receive();
            if (received.isEmpty()) {
                return new Delivery(delivered, failed);
            }
            SQSBatchResponse response = consumer.handle(event(received));
            Set<String> failures = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            for (Message m : received) {
                delivered.add(m.messageId());
                if (!failures.contains(m.messageId())) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
            failed.addAll(failures);
        }
    }

    private List<Message> receive() {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    private static SQSEvent event(List<Message> messages) {
        return SqsEvents.of(messages, "whatsapp-inbound");
    }

    /** Visible and in flight: everything the queue holds. */
    private int messagesOnTheQueue() {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }

    private static String stdoutOf(Runnable action) {
        return PrintedMetrics.stdoutOf(action);
    }

    private static double metric(String stdout, String name) {
        return PrintedMetrics.metric(stdout, name);
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }

    private APIGatewayProxyResponseEvent signedPost(String body) {
        return post(body, signature(body));
    }

    private UUID outboundRow(String wamid) {
        var m = WHATSAPP_MESSAGES;
        return db.ownerDsl(lic).insertInto(m).set(m.IDEMPOTENCY_KEY, "it:" + UUID.randomUUID())
                .set(m.PHONE_NUMBER, phone).set(m.POLICYHOLDER_ID, customer).set(m.IS_FROM_CUSTOMER, false)
                .set(m.SEND_STATUS, wamid == null ? WhatsappSendStatusEnum.unknown : WhatsappSendStatusEnum.accepted)
                .set(m.WHATSAPP_MESSAGE_ID, wamid)
                .returning(m.MESSAGE_ID).fetchOne(m.MESSAGE_ID);
    }

    private WhatsappMessagesRecord message(UUID id) {
        return db.ownerDsl(lic).selectFrom(WHATSAPP_MESSAGES).where(WHATSAPP_MESSAGES.MESSAGE_ID.eq(id)).fetchOne();
    }

    private PolicyholdersRecord policyholder() {
        return db.ownerDsl(lic).selectFrom(POLICYHOLDERS).where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).fetchOne();
    }

    /** The customer's consent ledger, oldest statement first. */
    private List<ConsentEventsRecord> ledger(Tenant tenant, UUID policyholder) {
        return db.ownerDsl(tenant).selectFrom(CONSENT_EVENTS).where(CONSENT_EVENTS.POLICYHOLDER_ID.eq(policyholder))
                .orderBy(CONSENT_EVENTS.SAID_AT, CONSENT_EVENTS.RECORDED_AT).fetch();
    }

    private List<WhatsappMessage> queuedWithKeyStarting(String prefix) {
        return queued.stream().filter(m -> m.idempotencyKey().startsWith(prefix)).toList();
    }

    static String statusPayload(String wamid, String status, long timestamp, String opaque, Integer errorCode) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                 "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"919000000001"%s%s}]}}]}]}
                """.formatted(wamid, status, timestamp, opaque == null ? "" : ",\"biz_opaque_callback_data\":\"" + opaque + "\"",
                errorCode == null ? "" : ",\"errors\":[{\"code\":" + errorCode + ",\"title\":\"Message undeliverable\"}]");
    }

    private String inboundPayload(String wamid, String text) {
        return inboundPayload(wamid, text, Instant.now());
    }

    private String inboundPayload(String wamid, String text, Instant said) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                 "contacts":[{"profile":{"name":"Ravi"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}
                """.formatted(phone.substring(1), phone.substring(1), wamid, said.getEpochSecond(), text);
    }

    /**
     * Issue 19: Meta's template status and quality webhooks keep our templates current; an older event changes nothing
     * and a template Meta paused is refused by the sender, which says why.
     */
    @Nested
    class TemplateEvents {

        private final String name = "it_template_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        private final FakeGraphApi graph = new FakeGraphApi();
        private final SenderService sender = new SenderService(db.database(), db.tenants(), new OutboxRepository(),
                new HttpGraphApi(URI.create(graph.baseUrl() + "/v25.0/pn/messages"), Secret.of("token"),
                        Duration.ofSeconds(5)),
                new SendPacer(db.database(), "pn-" + UUID.randomUUID(), 80), config, TenantQuietHours.none(),
                Clock.systemUTC());

        @BeforeEach
        void anApprovedTemplate() {
            db.ownerDsl(lic).execute("insert into shared.whatsapp_templates (template_name, category, language, content,"
                    + " parameter_count, variables, approval_status) values (?, 'UTILITY', 'en', 'Hello {{1}}', 1,"
                    + " '[\"name\"]', 'approved')", name);
        }

        @AfterEach
        void stopFake() {
            graph.close();
            db.ownerDsl(lic).execute("delete from shared.whatsapp_templates where template_name = ?", name);
        }

        private String statusUpdate(String event, String language, long time, String reason) {
            return """
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","time":%d,"changes":[{"field":
                     "message_template_status_update","value":{"event":"%s","message_template_id":1234567890,
                     "message_template_name":"%s","message_template_language":"%s","reason":"%s",
                     "message_template_category":"UTILITY"}}]}]}
                    """.formatted(time, event, name, language, reason);
        }

        private org.jooq.Record template() {
            return db.ownerDsl(lic).fetchSingle("select approval_status, status_reason, quality_rating from"
                    + " shared.whatsapp_templates where template_name = ? and language = 'en'", name);
        }

        @Test
        void aPausedTemplateIsKeptPausedAgainstAnOlderEventAndTheSenderRefusesIt() {
            assertThat(signedPost(statusUpdate("PAUSED", "en_US", 1_800_000_200L, "Low quality: paused for 3 hours"))
                    .getStatusCode()).isEqualTo(200);
            // an older approval delivered late, and the same pause again: nothing moves back
            signedPost(statusUpdate("APPROVED", "en", 1_800_000_100L, "NONE"));
            signedPost(statusUpdate("PAUSED", "en_US", 1_800_000_200L, "Low quality: paused for 3 hours"));

            assertThat(template().get("approval_status", String.class)).isEqualTo("paused");
            assertThat(template().get("status_reason", String.class)).isEqualTo("Low quality: paused for 3 hours");
            assertThat(lastDelivery.failed()).isEmpty();

            WhatsappMessage message = WhatsappMessage.template("tpl:" + UUID.randomUUID(), "LIC", phone,
                    WhatsappMessage.REMINDER, new WhatsappMessage.Template(name, "en", List.of("Ravi")),
                    Instant.now());
            SenderService.Delivery delivery = sender.deliver(message);

            assertThat(delivery).isInstanceOf(SenderService.Refused.class);
            assertThat(((SenderService.Refused) delivery).reason()).isEqualTo("template " + name + " is paused");
            assertThat(graph.requests()).isEmpty();

            // Meta approves it again later: it is approved, and Meta's "NONE" is no reason
            signedPost(statusUpdate("APPROVED", "en_US", 1_800_011_000L, "NONE"));
            assertThat(template().get("approval_status", String.class)).isEqualTo("approved");
            assertThat(template().get("status_reason", String.class)).isNull();
        }

        @Test
        void qualityIsKeptAndEventsForTemplatesWeDoNotHaveOrOfNoFormChangeNothing() {
            String quality = """
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","time":1800000300,"changes":[{"field":
                     "message_template_quality_update","value":{"previous_quality_score":"GREEN",
                     "new_quality_score":"YELLOW","message_template_id":1234567890,"message_template_name":"%s",
                     "message_template_language":"en"}}]}]}
                    """.formatted(name);
            signedPost(quality);
            signedPost(statusUpdate("FLAGGED", "en", 1_800_000_400L, "NONE"));
            signedPost(statusUpdate("REJECTED", "en", 1_800_000_500L, "NONE").replace(name, "Robert'); drop table x;--"));
            signedPost(statusUpdate("REJECTED", "ta", 1_800_000_500L, "NONE"));

            assertThat(template().get("quality_rating", String.class)).isEqualTo("YELLOW");
            assertThat(template().get("approval_status", String.class)).isEqualTo("approved");
            assertThat(lastDelivery.failed()).isEmpty();
        }

        @Test
        void aPersonsRequestCannotChangeATemplate() {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> db.database().inTransaction(
                    com.agentmitra.data.Caller.agent(lic, agent.userId(), agent.role(), agent.agentId()),
                    tx -> tx.fetch("select shared.apply_whatsapp_template_event(?, 'en', 'disabled', null, null, now())",
                            name)))).hasMessageContaining("only the WhatsApp webhook applies Meta's template events");
            assertThat(template().get("approval_status", String.class)).isEqualTo("approved");
        }
    }

    @Nested
    class Verification {

        private APIGatewayProxyResponseEvent get(String token) {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                    .withPath("/webhooks/whatsapp").withQueryStringParameters(Map.of("hub.mode", "subscribe",
                            "hub.verify_token", token, "hub.challenge", "1158201444"));
            return webhook.apply(MessageBuilder.withPayload(event).build());
        }

        @Test
        void theRightVerifyTokenGetsTheChallengeBackAsPlainText() {
            APIGatewayProxyResponseEvent response = get("verify-me");

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBody()).isEqualTo("1158201444");
            assertThat(response.getHeaders()).containsEntry("Content-Type", "text/plain");
        }

        @Test
        void aWrongVerifyTokenIsRefused() {
            assertThat(get("verify-you").getStatusCode()).isEqualTo(403);
        }
    }

    @Nested
    class Signatures {

        @Test
        void aMissingOrWrongSignatureIsAnswered401AndNothingIsStored() {
            UUID id = outboundRow("wamid.SIG" + UUID.randomUUID());
            String wamid = message(id).getWhatsappMessageId();
            String body = statusPayload(wamid, "delivered", 1750030073, null, null);

            APIGatewayProxyResponseEvent missing = post(body, null);
            APIGatewayProxyResponseEvent wrong = post(body, "sha256=" + WebhookSignature.sign(
                    body.getBytes(StandardCharsets.UTF_8), Secret.of("another-secret")));
            APIGatewayProxyResponseEvent tampered = post(body.replace("delivered", "read"),
                    "sha256=" + WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), Secret.of(APP_SECRET)));

            assertThat(List.of(missing, wrong, tampered)).allSatisfy(r -> assertThat(r.getStatusCode()).isEqualTo(401));
            assertThat(message(id).getWhatsappStatus()).isNull();
        }

        @Test
        void aRefusedNotificationNeverReachesTheQueue() {
            String wamid = message(outboundRow("wamid.SIGQ" + UUID.randomUUID())).getWhatsappMessageId();
            String body = statusPayload(wamid, "delivered", 1750030073, null, null);

            List<Integer> refused = List.of(
                    webhook.apply(MessageBuilder.withPayload(request(body, null)).build()).getStatusCode(),
                    webhook.apply(MessageBuilder.withPayload(request(body, "sha256=" + "0".repeat(64))).build())
                            .getStatusCode(),
                    webhook.apply(MessageBuilder.withPayload(request(body.replace("delivered", "read"),
                            signature(body))).build()).getStatusCode());
            int afterRefused = messagesOnTheQueue();
            int signed = webhook.apply(MessageBuilder.withPayload(request(body, signature(body))).build())
                    .getStatusCode();

            assertThat(refused).containsOnly(401);
            assertThat(afterRefused).isZero();
            // the same body, rightly signed, is queued: the count above could have seen it
            assertThat(signed).isEqualTo(200);
            assertThat(messagesOnTheQueue()).isEqualTo(1);
        }

        @Test
        void theSignatureIsCheckedOverTheRawBytesOfABase64Body() {
            UUID id = outboundRow("wamid.B64" + UUID.randomUUID());
            // spacing and non-ASCII as Meta may send them: re-serialising would change the digest
            String body = statusPayload(message(id).getWhatsappMessageId(), "delivered", 1750030073, null, null)
                    .replace("{\"object\"", "{ \"object\" ").replace("15550783881", "१५५५०७८३८८१");
            byte[] raw = body.getBytes(StandardCharsets.UTF_8);
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                    .withPath("/webhooks/whatsapp").withIsBase64Encoded(true)
                    .withBody(Base64.getEncoder().encodeToString(raw))
                    .withHeaders(Map.of("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign(raw, Secret.of(APP_SECRET))));

            APIGatewayProxyResponseEvent response = webhook.apply(MessageBuilder.withPayload(event).build());
            Delivery delivery = deliverQueued();

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(delivery.delivered()).hasSize(1);
            assertThat(delivery.failed()).isEmpty();
            assertThat(message(id).getWhatsappStatus()).isEqualTo("delivered");
        }
    }

    @Nested
    class SecretsAndSamples {

        @Test
        void neitherTheAppSecretNorTheVerifyTokenReachesTheLog() {
            UUID id = outboundRow("wamid.LOG" + UUID.randomUUID());
            String body = statusPayload(message(id).getWhatsappMessageId(), "delivered", 1750030073, null, null);
            APIGatewayProxyRequestEvent handshake = new APIGatewayProxyRequestEvent().withHttpMethod("GET")
                    .withPath("/webhooks/whatsapp").withQueryStringParameters(Map.of("hub.mode", "subscribe",
                            "hub.verify_token", "verify-you", "hub.challenge", "1158201444"));

            String logs;
            try (LogCapture capture = LogCapture.start()) {
                post(body, "sha256=" + "0".repeat(64));
                webhook.apply(MessageBuilder.withPayload(handshake).build());
                signedPost(body);
                logs = capture.text();
            }

            assertThat(logs).contains("Webhook refused").contains("Webhook verification refused")
                    .doesNotContain(APP_SECRET).doesNotContain("verify-me").doesNotContain("verify-you");
        }

        @Test
        void theSampleEventsAreWhatTheWebhookExpects() {
            WhatsappConfig local = new WhatsappConfig(config.apiBaseUrl(), "v25.0", "100000000000001",
                    Secret.of("token"), Secret.of("local-app-secret"), Secret.of("local-verify-token"), 78,
                    Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofSeconds(2),
                    Optional.empty(), Optional.empty());
            WebhookFunction sampleWebhook = WebhookWiring.webhook(local, service, new SqsInboundQueue(sqs, queueUrl),
                    Clock.systemUTC());

            APIGatewayProxyResponseEvent verified = sampleWebhook.apply(MessageBuilder.withPayload(
                    Events.load("whatsapp/verify-webhook.json", APIGatewayProxyRequestEvent.class)).build());
            APIGatewayProxyResponseEvent status = sampleWebhook.apply(MessageBuilder.withPayload(
                    Events.load("whatsapp/status-webhook.json", APIGatewayProxyRequestEvent.class)).build());
            Delivery delivery = deliverQueued();
            // the consumer as Lambda runs it (FunctionInvoker, its own environment), on the sample SQS batch
            Map<String, String> environment = new HashMap<>(db.appEnvironment());
            environment.putAll(InProcessAws.shared().environment());
            environment.putAll(Map.of("WHATSAPP_PHONE_NUMBER_ID", "100000000000001",
                    "WHATSAPP_OUTBOUND_QUEUE_URL", queueUrl));
            InProcessFunction inbound = InProcessFunction.start("WhatsappInboundFunction",
                    WhatsappFunctions.class.getName(), "whatsappInbound", environment);
            JsonNode sampleBatch = json(inbound.invoke(Events.json("whatsapp/inbound-batch.json")));
            // the envelope reaches the function: an unknown schema version is refused
            JsonNode futureBatch = json(inbound.invoke(Events.json("whatsapp/inbound-batch.json")
                    .replace("\"stringValue\": \"1\"", "\"stringValue\": \"2\"")));

            assertThat(verified.getStatusCode()).isEqualTo(200);
            assertThat(verified.getBody()).isEqualTo("1158201444");
            // signed with the local stack's app secret; its wamid is nobody's, so nothing changes
            assertThat(status.getStatusCode()).isEqualTo(200);
            assertThat(delivery.delivered()).hasSize(1);
            assertThat(delivery.failed()).isEmpty();
            assertThat(sampleBatch.path("batchItemFailures").isArray()).isTrue();
            assertThat(sampleBatch.path("batchItemFailures")).isEmpty();
            assertThat(futureBatch.path("batchItemFailures").findValuesAsText("itemIdentifier"))
                    .containsExactly("5d2a9c1e-0000-4000-8000-000000000001");
        }
    }

    @Nested
    class Statuses {

        @Test
        void statusesOnlyMoveForwardWhateverTheOrderAndRepeats() {
            String wamid = "wamid.ORD" + UUID.randomUUID();
            UUID id = outboundRow(wamid);

            assertThat(signedPost(statusPayload(wamid, "read", 1750030090, null, null)).getStatusCode()).isEqualTo(200);
            signedPost(statusPayload(wamid, "delivered", 1750030080, null, null));
            signedPost(statusPayload(wamid, "sent", 1750030070, null, null));
            signedPost(statusPayload(wamid, "read", 1750030090, null, null));
            signedPost(statusPayload(wamid, "failed", 1750030100, null, 131026));

            WhatsappMessagesRecord row = message(id);
            assertThat(row.getWhatsappStatus()).isEqualTo("read");
            assertThat(row.getReadAt()).isEqualTo(Instant.ofEpochSecond(1750030090));
            assertThat(row.getDeliveredAt()).isEqualTo(Instant.ofEpochSecond(1750030090)); // read implies delivered
            assertThat(row.getSentAt()).isEqualTo(Instant.ofEpochSecond(1750030070));
            assertThat(row.getFailedAt()).isNull();
            assertThat(row.getErrorCode()).isNull();
        }

        @Test
        void aFailureBeforeDeliveryIsRecordedWithItsCode() {
            String wamid = "wamid.FAIL" + UUID.randomUUID();
            UUID id = outboundRow(wamid);

            signedPost(statusPayload(wamid, "sent", 1750030070, null, null));
            signedPost(statusPayload(wamid, "failed", 1750030075, null, 131026));
            signedPost(statusPayload(wamid, "delivered", 1750030080, null, null));

            WhatsappMessagesRecord row = message(id);
            assertThat(row.getWhatsappStatus()).isEqualTo("failed");
            assertThat(row.getErrorCode()).isEqualTo(131026);
            assertThat(row.getFailedAt()).isEqualTo(Instant.ofEpochSecond(1750030075));
        }

        @Test
        void aStatusCarryingOurOutboxReferenceSettlesAnUnknownSend() {
            UUID id = outboundRow(null);

            signedPost(statusPayload("wamid.LATE" + id, "sent", 1750030070, "LIC:" + id, null));

            WhatsappMessagesRecord row = message(id);
            assertThat(row.getWhatsappMessageId()).isEqualTo("wamid.LATE" + id);
            assertThat(row.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.accepted);
            assertThat(row.getWhatsappStatus()).isEqualTo("sent");
        }

        @Test
        void everyWamidMetaGaveForOneMessageIsKeptAndItsStatusesFindTheRow() {
            // issue 21: a status carrying our reference for a second wamid of a row kept only the first wamid
            String first = "wamid.FIRST" + UUID.randomUUID();
            UUID id = outboundRow(first);
            String second = "wamid.SECOND" + id;

            signedPost(statusPayload(second, "sent", 1750030070, "LIC:" + id, null));
            signedPost(statusPayload(second, "sent", 1750030070, "LIC:" + id, null)); // Meta repeats it
            signedPost(statusPayload(second, "delivered", 1750030080, null, null)); // without our reference

            WhatsappMessagesRecord row = message(id);
            assertThat(row.getWhatsappMessageId()).isEqualTo(first);
            assertThat(row.getOtherWhatsappMessageIds()).containsExactly(second);
            assertThat(row.getWhatsappStatus()).isEqualTo("delivered");
            assertThat(row.getDeliveredAt()).isEqualTo(Instant.ofEpochSecond(1750030080));
        }

        @Test
        void aStatusForAMessageWeDoNotKnowIsAnswered200() {
            assertThat(signedPost(statusPayload("wamid.NOBODY", "delivered", 1750030070, null, null)).getStatusCode())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Inbound {

        @Test
        void anInboundMessageIsStoredOnceAndOpensTheServiceWindow() {
            String wamid = "wamid.IN" + UUID.randomUUID();
            String body = inboundPayload(wamid, "Hello, is my premium paid?");

            signedPost(body);
            signedPost(body); // Meta retries: duplicates are normal

            assertThat(db.ownerDsl(lic).fetchCount(WHATSAPP_MESSAGES, WHATSAPP_MESSAGES.WHATSAPP_MESSAGE_ID.eq(wamid)))
                    .isEqualTo(1);
            assertThat(policyholder().getWhatsappLastInboundAt()).isAfter(Instant.now().minusSeconds(60));
        }

        @Test
        void stopOptsOutOfMarketingAndIsConfirmedOnceThenStartOptsBackIn() {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, true)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();
            String stop = inboundPayload("wamid.STOP" + UUID.randomUUID(), "STOP");

            signedPost(stop);
            signedPost(stop);
            signedPost(inboundPayload("wamid.STOP2" + UUID.randomUUID(), "stop"));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isFalse();
            assertThat(queued).hasSize(1);
            assertThat(queued.getFirst().recipient()).isEqualTo(phone);
            assertThat(queued.getFirst().text()).contains("no longer receive offers");

            signedPost(inboundPayload("wamid.START" + UUID.randomUUID(), "START"));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isTrue();
            assertThat(queued).hasSize(2);
        }

        @Test
        void aStopThatArrivesAfterALaterStartChangesNothing() {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, false)
                    .set(POLICYHOLDERS.WHATSAPP_CONSENT_UPDATED_AT, Instant.now().minus(Duration.ofDays(30)))
                    .set(POLICYHOLDERS.WHATSAPP_MARKETING_CONSENT_AT, Instant.now().minus(Duration.ofDays(30)))
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();
            Instant now = Instant.now();

            // the customer wrote STOP, then START a minute later; the queue delivers the START first
            signedPost(inboundPayload("wamid.START" + UUID.randomUUID(), "START", now));
            signedPost(inboundPayload("wamid.STOP" + UUID.randomUUID(), "STOP", now.minusSeconds(60)));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isTrue();
            assertThat(policyholder().getWhatsappConsentUpdatedAt().getEpochSecond()).isEqualTo(now.getEpochSecond());
            assertThat(queued).hasSize(1);
            assertThat(queued.getFirst().text()).contains("receive offers and greetings");
        }

        @Test
        void aHindiStopOptsOutToo() {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, true)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();

            signedPost(inboundPayload("wamid.HI" + UUID.randomUUID(), "बंद करो"));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isFalse();
        }

        @Test
        void askingForACallBackCreatesOneCallbackEvenWhenMetaRetries() {
            String wamid = "wamid.CB" + UUID.randomUUID();
            String body = inboundPayload(wamid, "Please call me about my policy");

            signedPost(body);
            signedPost(body);

            var c = CALLBACK_REQUESTS;
            assertThat(db.ownerDsl(lic).fetchCount(c, c.SOURCE.eq("whatsapp"), c.SOURCE_REFERENCE_ID.eq(wamid),
                    c.CUSTOMER_ID.eq(customer))).isEqualTo(1);
        }
    }

    @Nested
    class MarketingConsentInTheLedger {

        @Test
        void stopAndStartAreRecordedAsTheCustomerSaidThem() {
            Instant stopSaid = Instant.now().minusSeconds(120);
            Instant startSaid = Instant.now().minusSeconds(60);
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.PREFERRED_LANGUAGE, "hi")
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();

            signedPost(inboundPayload("wamid.STOP" + UUID.randomUUID(), "Stop", stopSaid));
            signedPost(inboundPayload("wamid.START" + UUID.randomUUID(), "START", startSaid));

            List<ConsentEventsRecord> ledger = ledger(lic, customer);
            assertThat(ledger).hasSize(2);
            assertThat(ledger).allSatisfy(e -> {
                assertThat(e.getPurpose()).isEqualTo("whatsapp_marketing");
                assertThat(e.getSource()).isEqualTo("whatsapp_reply");
                assertThat(e.getApplied()).isTrue();
                assertThat(e.getEvidence()).doesNotContain(phone.substring(1));
            });
            assertThat(ledger.get(0).getGranted()).isFalse();
            assertThat(ledger.get(0).getEvidence()).isEqualTo("replied \"Stop\"");
            assertThat(ledger.get(0).getNoticeVersion()).isNull();
            assertThat(ledger.get(0).getSaidAt()).isEqualTo(Instant.ofEpochSecond(stopSaid.getEpochSecond()));
            assertThat(ledger.get(1).getGranted()).isTrue();
            assertThat(ledger.get(1).getEvidence()).isEqualTo("replied \"START\"");
            assertThat(ledger.get(1).getNoticeVersion()).isEqualTo("wa-marketing-2026-12-hi");
            assertThat(policyholder().getWhatsappMarketingConsentAt())
                    .isEqualTo(Instant.ofEpochSecond(startSaid.getEpochSecond()));
        }

        @Test
        void aStopHoldsInEveryTenantThatHoldsTheNumberAndIsConfirmedOnce() {
            Tenant hdfc = db.tenants().byCode("HDFC_LIFE");
            Fixtures.Agent hdfcAgent = fixtures.agent().inTenant(hdfc).create();
            UUID sameNumberElsewhere = fixtures.policyholder().of(hdfcAgent).phone(phone).create();
            for (var pair : List.of(Map.entry(lic, customer), Map.entry(hdfc, sameNumberElsewhere))) {
                db.ownerDsl(pair.getKey()).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, true)
                        .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(pair.getValue())).execute();
            }
            String stop = inboundPayload("wamid.STOPALL" + UUID.randomUUID(), "STOP");

            signedPost(stop);
            signedPost(stop); // Meta retries

            assertThat(policyholder().getWhatsappMarketingOptIn()).isFalse();
            PolicyholdersRecord elsewhere = db.ownerDsl(hdfc).selectFrom(POLICYHOLDERS)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(sameNumberElsewhere)).fetchOne();
            assertThat(elsewhere.getWhatsappMarketingOptIn()).isFalse();
            assertThat(ledger(lic, customer)).hasSize(1);
            assertThat(ledger(hdfc, sameNumberElsewhere)).hasSize(1);
            assertThat(ledger(hdfc, sameNumberElsewhere).getFirst().getEvidence()).isEqualTo("replied \"STOP\"");
            assertThat(queuedWithKeyStarting("consent:")).hasSize(1);
        }

        @Test
        void aFailedStatusWith131050RecordsTheMarketingStopInTheLedger() {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, true)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();
            String wamid = "wamid.OPTOUT" + UUID.randomUUID();
            outboundRow(wamid);

            signedPost(statusPayload(wamid, "failed", 1750030075, null, 131050));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isFalse();
            List<ConsentEventsRecord> ledger = ledger(lic, customer);
            assertThat(ledger).hasSize(1);
            assertThat(ledger.getFirst().getEvidence()).contains("131050");
            assertThat(ledger.getFirst().getSaidAt()).isEqualTo(Instant.ofEpochSecond(1750030075));
        }
    }

    /**
     * The consent question and its answer: the sender is real here (against a fake Graph API), because a yes counts
     * only as the answer to a question Meta accepted.
     */
    @Nested
    class UtilityConsentByReply {

        private final FakeGraphApi graph = new FakeGraphApi();
        private final SenderService sender = new SenderService(db.database(), db.tenants(), new OutboxRepository(),
                new HttpGraphApi(URI.create(graph.baseUrl() + "/v25.0/pn/messages"), Secret.of("token"),
                        Duration.ofSeconds(5)),
                new SendPacer(db.database(), "pn-" + UUID.randomUUID(), 80), config,
                TenantQuietHours.none(), Clock.systemUTC());

        @AfterEach
        void stopFake() {
            graph.close();
        }

        /** Sends the consent questions queued so far, as the sender does. */
        private void sendQuestions() {
            for (WhatsappMessage question : queuedWithKeyStarting("consent-question:")) {
                assertThat(sender.deliver(question)).isInstanceOfAny(SenderService.Sent.class,
                        SenderService.AlreadyDone.class);
            }
        }

        private void language(String language) {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.PREFERRED_LANGUAGE, language)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();
        }

        /** The customer writes, is asked, and the question goes out; answers when it was accepted. */
        private void askedAt(Instant accepted) {
            signedPost(inboundPayload("wamid.HELLO" + UUID.randomUUID(), "Hello", accepted.minusSeconds(1)));
            sendQuestions();
            var m = WHATSAPP_MESSAGES;
            assertThat(db.ownerDsl(lic).update(m).set(m.ACCEPTED_AT, accepted)
                    .where(m.POLICYHOLDER_ID.eq(customer), m.IDEMPOTENCY_KEY.startsWith("consent-question:"),
                            m.SEND_STATUS.eq(WhatsappSendStatusEnum.accepted)).execute()).isEqualTo(1);
        }

        @Test
        void aCustomerWhoHasNotDecidedIsAskedOnceADayNamingTheBusiness() {
            signedPost(inboundPayload("wamid.Q1" + UUID.randomUUID(), "Hello"));
            signedPost(inboundPayload("wamid.Q2" + UUID.randomUUID(), "Is my premium paid?"));
            sendQuestions();

            List<WhatsappMessage> questions = queuedWithKeyStarting("consent-question:");
            assertThat(questions).hasSize(1);
            WhatsappMessage question = questions.getFirst();
            assertThat(question.purpose()).isEqualTo("consent");
            assertThat(question.recipient()).isEqualTo(phone);
            assertThat(question.text()).startsWith("Life Insurance Corporation of India and your agent will send you"
                    + " premium reminders").endsWith("Reply YES to agree.").doesNotContain("{{business}}");
            // it went out as free text in the window the customer opened, though they gave no utility consent
            assertThat(graph.requestsTo(phone)).hasSize(1);
            assertThat(graph.requestsTo(phone).getFirst().body().path("text").path("body").asText())
                    .isEqualTo(question.text());
            assertThat(policyholder().getWhatsappUtilityConsentAt()).isNull();
        }

        @Test
        void aCustomerWhoDecidedAlreadyIsNotAsked() {
            db.database().inTransaction(com.agentmitra.data.Caller.system(lic), tx -> tx.select(
                    Routines.recordConsent(customer, "whatsapp_utility", false, "agent_recorded", "said no on a call",
                            null, Instant.now().minusSeconds(3600), (UUID) null)).fetchSingle().value1());

            signedPost(inboundPayload("wamid.Q3" + UUID.randomUUID(), "Hello"));

            assertThat(queuedWithKeyStarting("consent-question:")).isEmpty();
        }

        @Test
        void aYesToTheQuestionRecordsUtilityConsentInTheLedgerAndIsConfirmedOnce() {
            Instant asked = Instant.now().minusSeconds(300);
            askedAt(asked);
            Instant said = Instant.now().minusSeconds(10);
            String yes = inboundPayload("wamid.YES" + UUID.randomUUID(), "Yes", said);

            signedPost(yes);
            signedPost(yes); // Meta retries
            signedPost(inboundPayload("wamid.YES2" + UUID.randomUUID(), "yes")); // says it again

            PolicyholdersRecord after = policyholder();
            assertThat(after.getWhatsappUtilityOptIn()).isTrue();
            assertThat(after.getWhatsappUtilityConsentAt()).isEqualTo(Instant.ofEpochSecond(said.getEpochSecond()));
            List<ConsentEventsRecord> ledger = ledger(lic, customer);
            assertThat(ledger).hasSize(1);
            ConsentEventsRecord event = ledger.getFirst();
            assertThat(event.getPurpose()).isEqualTo("whatsapp_utility");
            assertThat(event.getGranted()).isTrue();
            assertThat(event.getSource()).isEqualTo("whatsapp_reply");
            assertThat(event.getEvidence()).isEqualTo("replied \"Yes\" to the consent question");
            assertThat(event.getNoticeVersion()).isEqualTo("wa-utility-2026-12-en");
            assertThat(event.getSaidAt()).isEqualTo(Instant.ofEpochSecond(said.getEpochSecond()));
            assertThat(event.getApplied()).isTrue();
            List<WhatsappMessage> confirmations = queuedWithKeyStarting("consent:");
            assertThat(confirmations).hasSize(1);
            assertThat(confirmations.getFirst().purpose()).isEqualTo("consent");
            assertThat(confirmations.getFirst().text()).startsWith("Thank you. Life Insurance Corporation of India");
        }

        @Test
        void aYesWithNoQuestionOrToAQuestionOlderThanADayChangesNothing() {
            signedPost(inboundPayload("wamid.YESNOQ" + UUID.randomUUID(), "YES"));

            assertThat(policyholder().getWhatsappUtilityOptIn()).isFalse();
            assertThat(policyholder().getWhatsappUtilityConsentAt()).isNull();
            assertThat(ledger(lic, customer)).isEmpty();
            assertThat(queuedWithKeyStarting("consent:")).isEmpty();

            // asked (that yes made us ask), but the answer comes 25 hours after the question went out
            sendQuestions();
            var m = WHATSAPP_MESSAGES;
            db.ownerDsl(lic).update(m).set(m.ACCEPTED_AT, Instant.now().minus(Duration.ofHours(25)))
                    .where(m.POLICYHOLDER_ID.eq(customer), m.IDEMPOTENCY_KEY.startsWith("consent-question:")).execute();
            signedPost(inboundPayload("wamid.YESLATE" + UUID.randomUUID(), "yes"));

            assertThat(policyholder().getWhatsappUtilityOptIn()).isFalse();
            assertThat(ledger(lic, customer)).isEmpty();
        }

        @Test
        void aHindiCustomerIsAskedInHindiAndTheirYesIsRecordedOnTheHindiNotice() {
            language("hi");
            signedPost(inboundPayload("wamid.NAMASTE" + UUID.randomUUID(), "नमस्ते", Instant.now().minusSeconds(30)));
            sendQuestions();
            assertThat(queuedWithKeyStarting("consent-question:").getFirst().text())
                    .startsWith("Life Insurance Corporation of India और आपके एजेंट").contains("हाँ");

            signedPost(inboundPayload("wamid.HAAN" + UUID.randomUUID(), "हाँ"));

            assertThat(policyholder().getWhatsappUtilityOptIn()).isTrue();
            ConsentEventsRecord event = ledger(lic, customer).getFirst();
            assertThat(event.getNoticeVersion()).isEqualTo("wa-utility-2026-12-hi");
            assertThat(event.getEvidence()).isEqualTo("replied \"हाँ\" to the consent question");
            assertThat(queuedWithKeyStarting("consent:").getFirst().text()).startsWith("धन्यवाद।");
        }

        @Test
        void aNoToTheQuestionWithdrawsAndTheCustomerIsNotAskedAgain() {
            askedAt(Instant.now().minusSeconds(300));
            db.database().inTransaction(com.agentmitra.data.Caller.system(lic), tx -> tx.select(
                    Routines.recordConsent(customer, "whatsapp_utility", true, "agent_recorded", "agreed on a call",
                            "wa-utility-2026-12-en", Instant.now().minusSeconds(200), (UUID) null)).fetchSingle()
                    .value1());

            signedPost(inboundPayload("wamid.NAHI" + UUID.randomUUID(), "नहीं", Instant.now().minusSeconds(60)));
            signedPost(inboundPayload("wamid.AGAIN" + UUID.randomUUID(), "Thanks"));

            assertThat(policyholder().getWhatsappUtilityOptIn()).isFalse();
            List<ConsentEventsRecord> ledger = ledger(lic, customer);
            assertThat(ledger).hasSize(2);
            assertThat(ledger.get(1).getGranted()).isFalse();
            assertThat(ledger.get(1).getSource()).isEqualTo("whatsapp_reply");
            assertThat(ledger.get(1).getEvidence()).isEqualTo("replied \"नहीं\" to the consent question");
            assertThat(queuedWithKeyStarting("consent:")).hasSize(1);
            assertThat(queuedWithKeyStarting("consent:").getFirst().text()).startsWith("Understood.");
            assertThat(queuedWithKeyStarting("consent-question:")).hasSize(1);
        }

        @Test
        void anOlderReplyNeverOverridesANewerStatement() {
            Instant now = Instant.now();
            askedAt(now.minus(Duration.ofMinutes(10)));

            // the customer wrote "no" five minutes ago and "yes" two minutes ago; the yes arrives first
            signedPost(inboundPayload("wamid.YESNEW" + UUID.randomUUID(), "yes", now.minus(Duration.ofMinutes(2))));
            signedPost(inboundPayload("wamid.NOOLD" + UUID.randomUUID(), "no", now.minus(Duration.ofMinutes(5))));

            assertThat(policyholder().getWhatsappUtilityOptIn()).isTrue();
            assertThat(policyholder().getWhatsappUtilityConsentAt())
                    .isEqualTo(Instant.ofEpochSecond(now.minus(Duration.ofMinutes(2)).getEpochSecond()));
            assertThat(ledger(lic, customer)).extracting(ConsentEventsRecord::getGranted).containsExactly(true);
            assertThat(queuedWithKeyStarting("consent:")).hasSize(1);
        }
    }

    @Nested
    class Queueing {

        @Test
        void theQueuedMessageIsTheNotificationAsReceivedWithItsEnvelope() {
            String body = statusPayload("wamid.ENV" + UUID.randomUUID(), "sent", 1750030070, null, null)
                    .replace("{\"object\"", "{ \"object\" ");
            Instant before = Instant.now();

            APIGatewayProxyResponseEvent response = webhook.apply(MessageBuilder.withPayload(
                    request(body, signature(body))).build());
            List<Message> queued = receive();

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBody()).isEqualTo("{\"received\":true}");
            assertThat(queued).hasSize(1);
            assertThat(queued.getFirst().body()).isEqualTo(body);
            assertThat(queued.getFirst().messageAttributes().get("schemaVersion").stringValue()).isEqualTo("1");
            assertThat(Instant.parse(queued.getFirst().messageAttributes().get("receivedAt").stringValue()))
                    .isBetween(before, Instant.now());
        }

        @Test
        void theWebhooksCountsGoOutWithItsInvocationHoweverTheRequestEnds() {
            String body = statusPayload("wamid.MET" + UUID.randomUUID(), "sent", 1750030070, null, null);

            String stdout = stdoutOf(() -> {
                webhook.apply(MessageBuilder.withPayload(request(body, signature(body))).build());
                webhook.apply(MessageBuilder.withPayload(request(body, null)).build()); // answered 401
            });

            assertThat(metric(stdout, "NotificationsQueued")).isEqualTo(1.0);
            assertThat(metric(stdout, "WebhooksRejected")).isEqualTo(1.0);
        }

        @Test
        void whenTheQueueRefusesTheWebhookAnswers503SoMetaRetries() {
            String wamid = "wamid.NOQ" + UUID.randomUUID();
            UUID id = outboundRow(wamid);
            String gone = sqs.createQueue(r -> r.queueName("whatsapp-inbound-gone-" + UUID.randomUUID())).queueUrl();
            sqs.deleteQueue(r -> r.queueUrl(gone));
            WebhookFunction broken = WebhookWiring.webhook(config, service, new SqsInboundQueue(sqs, gone),
                    Clock.systemUTC());
            String body = statusPayload(wamid, "delivered", 1750030080, null, null);

            APIGatewayProxyResponseEvent refused = broken.apply(MessageBuilder.withPayload(
                    request(body, signature(body))).build());

            assertThat(refused.getStatusCode()).isEqualTo(503);
            assertThat(message(id).getWhatsappStatus()).isNull();

            // Meta sends it again; this time the queue takes it
            assertThat(signedPost(body).getStatusCode()).isEqualTo(200);
            assertThat(message(id).getWhatsappStatus()).isEqualTo("delivered");
        }

        @Test
        void aNotificationThatCannotBeQueuedEvenInPiecesIsAppliedByTheWebhookItself() {
            String wamid = "wamid.BIG" + UUID.randomUUID();
            UUID id = outboundRow(wamid);
            // an unknown field of the change's metadata pads it past SQS's 256 KiB: every piece of it carries the
            // metadata, so none fits (a large notification of many items goes in pieces: WhatsappSecurityIT)
            String body = statusPayload(wamid, "delivered", 1750030080, null, null)
                    .replace("\"phone_number_id\":\"pn\"", "\"phone_number_id\":\"pn\",\"padding\":\"" + "x".repeat(300_000) + "\"");

            APIGatewayProxyResponseEvent response = webhook.apply(MessageBuilder.withPayload(
                    request(body, signature(body))).build());

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(messagesOnTheQueue()).isZero();
            assertThat(message(id).getWhatsappStatus()).isEqualTo("delivered");
        }
    }

    @Nested
    class InboundConsumer {

        @Test
        void aPoisonedMessageFailsAloneInTheBatch() {
            String wamid = "wamid.POI" + UUID.randomUUID();
            UUID id = outboundRow(wamid);
            new SqsInboundQueue(sqs, queueUrl).put(statusPayload(wamid, "delivered", 1750030080, null, null),
                    Instant.now());
            String notJson = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"object\": whatsapp")
                    .messageAttributes(Map.of("schemaVersion", MessageAttributeValue.builder().dataType("Number")
                            .stringValue("1").build()))).messageId();
            String unknownVersion = sqs.sendMessage(r -> r.queueUrl(queueUrl)
                    .messageBody(statusPayload(wamid, "read", 1750030090, null, null))
                    .messageAttributes(Map.of("schemaVersion", MessageAttributeValue.builder().dataType("Number")
                            .stringValue("2").build()))).messageId();
            // issue 21 found JSON null failing a whole batch of the sender; here it is no notification either
            String jsonNull = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("null")).messageId();
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 10 && batch.size() < 4; i++) {
                batch.addAll(receive());
            }

            SQSBatchResponse response = consumer.handle(event(batch));

            assertThat(batch).hasSize(4);
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactlyInAnyOrder(notJson, unknownVersion, jsonNull);
            assertThat(message(id).getWhatsappStatus()).isEqualTo("delivered");
        }

        @Test
        void systemErrorsAreLoggedByCodeAndTitleAndCounted() {
            String body = """
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                     "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                     "errors":[{"code":131000,"title":"Something went wrong","message":"from +919000000077",
                                "error_data":{"details":"customer wrote: my secret"}},
                               {"code":131053,"title":"Media upload error"}]}}]}]}
                    """;
            String quiet = statusPayload("wamid.NOERR" + UUID.randomUUID(), "sent", 1750030070, null, null);

            String logs;
            String stdout;
            String quietStdout;
            try (LogCapture capture = LogCapture.start()) {
                webhook.apply(MessageBuilder.withPayload(request(body, signature(body))).build());
                stdout = stdoutOf(() -> lastDelivery = deliverQueued());
                webhook.apply(MessageBuilder.withPayload(request(quiet, signature(quiet))).build());
                quietStdout = stdoutOf(this::ignoreDelivery);
                logs = capture.text();
            }

            assertThat(lastDelivery.failed()).isEmpty();
            assertThat(metric(stdout, "NotificationErrors")).isEqualTo(2.0);
            assertThat(metric(quietStdout, "NotificationErrors")).isZero();
            assertThat(logs).contains("code=131000 title=Something went wrong")
                    .contains("code=131053 title=Media upload error")
                    .doesNotContain("9000000077").doesNotContain("my secret");
        }

        private void ignoreDelivery() {
            deliverQueued();
        }
    }

    @Nested
    class UserPreferences {

        private String preference(String value, long timestamp) {
            return """
                    {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"user_preferences",
                     "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                     "contacts":[{"profile":{"name":"Ravi"},"wa_id":"%s"}],
                     "user_preferences":[{"wa_id":"%s","detail":"User requested to %s marketing messages",
                       "category":"marketing_messages","value":"%s","timestamp":%d}]}}]}]}
                    """.formatted(phone.substring(1), phone.substring(1), value, value, timestamp);
        }

        private void consent(boolean optIn, Instant at) {
            db.ownerDsl(lic).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, optIn)
                    .set(POLICYHOLDERS.WHATSAPP_CONSENT_UPDATED_AT, at)
                    .set(POLICYHOLDERS.WHATSAPP_MARKETING_CONSENT_AT, at)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute();
        }

        @Test
        void stoppingMarketingInsideWhatsappOptsOutOnceWithoutAConfirmation() {
            consent(true, Instant.parse("2025-01-01T00:00:00Z"));

            String stdout = stdoutOf(() -> signedPost(preference("stop", 1750030073)));
            signedPost(preference("stop", 1750030099)); // Meta retries, or the customer taps again
            signedPost(preference("resume", 1750030199)); // noted, not an opt-in: ours to collect

            assertThat(lastDelivery.failed()).isEmpty();
            assertThat(policyholder().getWhatsappMarketingOptIn()).isFalse();
            assertThat(policyholder().getWhatsappConsentUpdatedAt()).isEqualTo(Instant.ofEpochSecond(1750030073));
            assertThat(metric(stdout, "PreferenceOptOuts")).isEqualTo(1.0);
            assertThat(queued).isEmpty();
        }

        @Test
        void aStopInsideWhatsappIsRecordedInTheLedger() {
            consent(true, Instant.parse("2025-01-01T00:00:00Z"));

            signedPost(preference("stop", 1750030073));

            List<ConsentEventsRecord> ledger = ledger(lic, customer);
            assertThat(ledger).hasSize(1);
            assertThat(ledger.getFirst().getPurpose()).isEqualTo("whatsapp_marketing");
            assertThat(ledger.getFirst().getGranted()).isFalse();
            assertThat(ledger.getFirst().getSource()).isEqualTo("whatsapp_reply");
            assertThat(ledger.getFirst().getSaidAt()).isEqualTo(Instant.ofEpochSecond(1750030073));
            assertThat(ledger.getFirst().getEvidence()).contains("user_preferences").doesNotContain(phone.substring(1));
        }

        @Test
        void aStopOlderThanTheCustomersLastStartChangesNothing() {
            Instant started = Instant.ofEpochSecond(1750030100);
            consent(true, started);

            signedPost(preference("stop", 1750030073));

            assertThat(policyholder().getWhatsappMarketingOptIn()).isTrue();
            assertThat(policyholder().getWhatsappConsentUpdatedAt()).isEqualTo(started);
        }
    }
}
