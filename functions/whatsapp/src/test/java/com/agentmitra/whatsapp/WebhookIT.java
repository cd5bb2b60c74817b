package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.data.jooq.tenant.tables.records.PolicyholdersRecord;
import com.agentmitra.data.jooq.tenant.tables.records.WhatsappMessagesRecord;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.LogCapture;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

/** {@code /webhooks/whatsapp} through the real entry point against PostgreSQL. */
class WebhookIT {

    private static final String APP_SECRET = "test-app-secret-never-logged";
    private static final TestDatabase db = TestDatabase.get();

    private final Fixtures fixtures = new Fixtures(db);
    private final List<WhatsappMessage> queued = new CopyOnWriteArrayList<>();
    private final WhatsappOutbox outbox = queued::add;
    private final WhatsappConfig config = new WhatsappConfig(java.net.URI.create("http://127.0.0.1:9"), "v25.0", "pn",
            Secret.of("token"), Secret.of(APP_SECRET), Secret.of("verify-me"), 80, Duration.ofSeconds(30),
            Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofSeconds(2), Optional.empty());
    private final WebhookFunction webhook = WebhookWiring.webhook(config, db.database(), db.tenants(), outbox,
            Clock.systemUTC());
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

    private APIGatewayProxyResponseEvent post(String body, String signature) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/webhooks/whatsapp").withBody(body)
                .withHeaders(signature == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "X-Hub-Signature-256", signature));
        return webhook.apply(MessageBuilder.withPayload(event).build());
    }

    private APIGatewayProxyResponseEvent signedPost(String body) {
        return post(body, "sha256=" + WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8),
                Secret.of(APP_SECRET)));
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

    static String statusPayload(String wamid, String status, long timestamp, String opaque, Integer errorCode) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                 "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"919000000001"%s%s}]}}]}]}
                """.formatted(wamid, status, timestamp, opaque == null ? "" : ",\"biz_opaque_callback_data\":\"" + opaque + "\"",
                errorCode == null ? "" : ",\"errors\":[{\"code\":" + errorCode + ",\"title\":\"Message undeliverable\"}]");
    }

    private String inboundPayload(String wamid, String text) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"pn"},
                 "contacts":[{"profile":{"name":"Ravi"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}
                """.formatted(phone.substring(1), phone.substring(1), wamid, Instant.now().getEpochSecond(), text);
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

            assertThat(response.getStatusCode()).isEqualTo(200);
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
                    Optional.empty());
            WebhookFunction sampleWebhook = WebhookWiring.webhook(local, db.database(), db.tenants(), outbox,
                    Clock.systemUTC());

            APIGatewayProxyResponseEvent verified = sampleWebhook.apply(MessageBuilder.withPayload(
                    Events.load("whatsapp/verify-webhook.json", APIGatewayProxyRequestEvent.class)).build());
            APIGatewayProxyResponseEvent status = sampleWebhook.apply(MessageBuilder.withPayload(
                    Events.load("whatsapp/status-webhook.json", APIGatewayProxyRequestEvent.class)).build());

            assertThat(verified.getStatusCode()).isEqualTo(200);
            assertThat(verified.getBody()).isEqualTo("1158201444");
            // signed with the local stack's app secret; its wamid is nobody's, so nothing changes
            assertThat(status.getStatusCode()).isEqualTo(200);
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
}
