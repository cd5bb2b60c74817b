package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.CONSENT_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.data.jooq.tenant.tables.records.WhatsappMessagesRecord;
import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.CloudFormationYaml;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's findings in the WhatsApp module, each as the attack or fault that used to succeed, now failing: a
 * notification of Meta's full size (3 MB) refused 413 by a 1 MB bound (statuses and STOPs lost, Meta retrying for
 * days); a larger or unsigned body costing more than its length before it is refused; a STOP, START or in-app stop
 * that held in one tenant only while every tenant sends through the same number; a Graph API that accepts and then
 * stalls holding a sender for ever; the sender queue handing a message to a second sender while the first still runs
 * it; a whatsapp function failing without an alarm. Everything through the real entry points, PostgreSQL and the SQS
 * emulator.
 */
class WhatsappSecurityIT {

    private static final int THREE_MB = 3 * 1024 * 1024;

    private final WebhookHarness harness = new WebhookHarness();
    private final TestDatabase db = harness.db;
    private final Fixtures fixtures = new Fixtures(db);
    private final Tenant lic = db.lic();
    private final Tenant hdfc = db.hdfc();

    private static String inboundMessage(String phone, String wamid, String text, Instant said) {
        return """
                {"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}"""
                .formatted(phone.substring(1), wamid, said.getEpochSecond(), text);
    }

    private static String change(String field, String items) {
        return """
                {"field":"%s","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",\
                "phone_number_id":"pn"},%s}}""".formatted(field, items);
    }

    private static String notification(String... changes) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":["
                + String.join(",", changes) + "]}]}";
    }

    /** {@code notification} grown to exactly {@code bytes} UTF-8 bytes by a field nobody reads. */
    private static String ofSize(String notification, int bytes) {
        int padding = bytes - notification.getBytes(StandardCharsets.UTF_8).length - "\"padding\":\"\",".length();
        assertThat(padding).isNotNegative();
        String sized = "{\"padding\":\"" + "p".repeat(padding) + "\"," + notification.substring(1);
        assertThat(sized.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return sized;
    }

    private UUID customerIn(Tenant tenant, String phone, boolean marketingOptIn) {
        UUID id = fixtures.policyholder().of(fixtures.agent().inTenant(tenant).create()).phone(phone).create();
        db.ownerDsl(tenant).update(POLICYHOLDERS).set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, marketingOptIn)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).execute();
        return id;
    }

    private boolean marketingOptIn(Tenant tenant, UUID policyholder) {
        return db.ownerDsl(tenant).select(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN).from(POLICYHOLDERS)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(policyholder)).fetchSingle().value1();
    }

    private int ledgerRows(Tenant tenant, UUID policyholder) {
        return db.ownerDsl(tenant).fetchCount(CONSENT_EVENTS, CONSENT_EVENTS.POLICYHOLDER_ID.eq(policyholder));
    }

    private List<WhatsappMessage> confirmations() {
        return harness.outbound.stream().filter(m -> m.idempotencyKey().startsWith("consent:")).toList();
    }

    @Nested
    class NotificationsUpToMetasThreeMegabytes {

        /** {@code count} sent messages of LIC, each with its wamid: what a burst of status notifications is about. */
        private List<String> outboundRows(int count) {
            String phone = Fixtures.anyPhone();
            List<String> wamids = new ArrayList<>();
            var m = WHATSAPP_MESSAGES;
            var insert = db.ownerDsl(lic).insertInto(m, m.IDEMPOTENCY_KEY, m.PHONE_NUMBER, m.IS_FROM_CUSTOMER,
                    m.SEND_STATUS, m.WHATSAPP_MESSAGE_ID);
            for (int i = 0; i < count; i++) {
                String wamid = "wamid.BURST" + i + "." + UUID.randomUUID();
                wamids.add(wamid);
                insert = insert.values("it:" + UUID.randomUUID(), phone, false, WhatsappSendStatusEnum.accepted, wamid);
            }
            insert.execute();
            return wamids;
        }

        /** A {@code delivered} status as Meta sends it (conversation, pricing), with a long unread field. */
        private static String status(String wamid) {
            return """
                    {"id":"%s","status":"delivered","timestamp":"1750030073","recipient_id":"919000000001",\
                    "conversation":{"id":"CONVERSATION_ID","origin":{"type":"utility"}},"pricing":{"billable":true,\
                    "pricing_model":"PMP","category":"utility","type":"regular"},"note":"%s"}"""
                    .formatted(wamid, "n".repeat(1_100));
        }

        private int delivered(List<String> wamids) {
            var m = WHATSAPP_MESSAGES;
            return db.ownerDsl(lic).fetchCount(m, m.WHATSAPP_MESSAGE_ID.in(wamids), m.WHATSAPP_STATUS.eq("delivered"));
        }

        @Test
        void aSignedNotificationOfThreeMegabytesIsTakenAndEverythingInItApplied() {
            String phone = Fixtures.anyPhone();
            UUID atLic = customerIn(lic, phone, true);
            UUID atHdfc = customerIn(hdfc, phone, true);
            List<String> wamids = outboundRows(2_000);
            String body = ofSize(notification(
                    change("messages", "\"statuses\":[" + String.join(",", wamids.stream()
                            .map(NotificationsUpToMetasThreeMegabytes::status).toList()) + "]"),
                    change("messages", "\"messages\":[" + inboundMessage(phone, "wamid.BIGSTOP" + UUID.randomUUID(),
                            "STOP", Instant.now()) + "]")), THREE_MB);

            APIGatewayProxyResponseEvent response = harness.answer(WebhookHarness.request(body,
                    WebhookHarness.signature(body)));
            int queued = harness.messagesOnTheQueue();
            int appliedBeforeTheConsumer = delivered(wamids);
            WebhookHarness.Delivery delivery = harness.deliverQueued();

            assertThat(response.getStatusCode()).isEqualTo(200);
            // queued in pieces SQS carries (at most 255 KiB each: about 2.8 MB of statuses need 11 or more), none
            // applied while Meta waits for the answer
            assertThat(queued).isBetween(11, 16);
            assertThat(appliedBeforeTheConsumer).isZero();
            assertThat(delivery.failed()).isEmpty();
            assertThat(delivered(wamids)).isEqualTo(wamids.size());
            assertThat(marketingOptIn(lic, atLic)).isFalse();
            assertThat(marketingOptIn(hdfc, atHdfc)).isFalse();
            assertThat(confirmations()).hasSize(1);
        }

        @Test
        void aBase64BodyOfThreeMegabytesIsTakenToo() {
            List<String> wamids = outboundRows(1);
            byte[] raw = ofSize(notification(change("messages", "\"statuses\":[" + status(wamids.getFirst()) + "]")),
                    THREE_MB).getBytes(StandardCharsets.UTF_8);

            APIGatewayProxyResponseEvent response = harness.answer(base64(raw, WebhookHarness.signature(raw)));
            harness.deliverQueued();

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(delivered(wamids)).isEqualTo(1);
        }

        @Test
        void oneByteMoreIsRefused413AndNothingIsQueuedOrApplied() {
            List<String> wamids = outboundRows(1);
            String body = ofSize(notification(change("messages", "\"statuses\":[" + status(wamids.getFirst()) + "]")),
                    THREE_MB + 1);
            byte[] raw = body.getBytes(StandardCharsets.UTF_8);

            APIGatewayProxyResponseEvent text = harness.answer(WebhookHarness.request(body,
                    WebhookHarness.signature(body)));
            APIGatewayProxyResponseEvent encoded = harness.answer(base64(raw, WebhookHarness.signature(raw)));

            assertThat(List.of(text, encoded)).allSatisfy(r -> {
                assertThat(r.getStatusCode()).isEqualTo(413);
                assertThat(r.getHeaders()).containsEntry("Content-Type", "application/problem+json");
                assertThat(Json.mapper().readTree(r.getBody()).path("detail").asText()).contains("3 MB");
            });
            assertThat(harness.messagesOnTheQueue()).isZero();
            assertThat(delivered(wamids)).isZero();
        }

        @Test
        void anUnsignedBodyIsRefusedBeforeItIsParsed() {
            // 3 MB of nesting: a parser meeting it fails (depth); the webhook must not get that far without a signature
            String nested = "[".repeat(THREE_MB);

            APIGatewayProxyResponseEvent unsigned = harness.answer(WebhookHarness.request(nested, null));
            APIGatewayProxyResponseEvent wronglySigned = harness.answer(WebhookHarness.request(nested,
                    "sha256=" + "0".repeat(64)));
            APIGatewayProxyResponseEvent larger = harness.answer(WebhookHarness.request(nested + "[", null));
            APIGatewayProxyResponseEvent signed = harness.answer(WebhookHarness.request(nested,
                    WebhookHarness.signature(nested)));

            assertThat(unsigned.getStatusCode()).isEqualTo(401);
            assertThat(wronglySigned.getStatusCode()).isEqualTo(401);
            assertThat(larger.getStatusCode()).isEqualTo(413);
            // only a signed body is parsed, and this one is no notification
            assertThat(signed.getStatusCode()).isEqualTo(400);
            assertThat(harness.messagesOnTheQueue()).isZero();
        }

        private static APIGatewayProxyRequestEvent base64(byte[] raw, String signature) {
            return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/webhooks/whatsapp")
                    .withIsBase64Encoded(true).withBody(Base64.getEncoder().encodeToString(raw))
                    .withHeaders(Map.of("X-Hub-Signature-256", signature));
        }
    }

    /** One business number for every tenant: what a customer says to it holds for every tenant that knows them. */
    @Nested
    class MarketingStatementsHoldInEveryTenant {

        private final String phone = Fixtures.anyPhone();

        @Test
        void aStopOptsOutInBothTenantsAndIsConfirmedOnce() {
            UUID atLic = customerIn(lic, phone, true);
            UUID atHdfc = customerIn(hdfc, phone, true);
            String stop = notification(change("messages", "\"messages\":[" + inboundMessage(phone,
                    "wamid.STOP" + UUID.randomUUID(), "STOP", Instant.now()) + "]"));

            harness.signedPost(stop);
            harness.signedPost(stop); // Meta retries

            assertThat(marketingOptIn(lic, atLic)).isFalse();
            assertThat(marketingOptIn(hdfc, atHdfc)).isFalse();
            assertThat(ledgerRows(lic, atLic)).isEqualTo(1);
            assertThat(ledgerRows(hdfc, atHdfc)).isEqualTo(1);
            assertThat(confirmations()).hasSize(1);
        }

        @Test
        void aStartOptsInInBothTenantsAndIsConfirmedOnce() {
            UUID atLic = customerIn(lic, phone, false);
            UUID atHdfc = customerIn(hdfc, phone, false);
            String start = notification(change("messages", "\"messages\":[" + inboundMessage(phone,
                    "wamid.START" + UUID.randomUUID(), "START", Instant.now()) + "]"));

            harness.signedPost(start);
            harness.signedPost(start);

            assertThat(marketingOptIn(lic, atLic)).isTrue();
            assertThat(marketingOptIn(hdfc, atHdfc)).isTrue();
            assertThat(ledgerRows(lic, atLic)).isEqualTo(1);
            assertThat(ledgerRows(hdfc, atHdfc)).isEqualTo(1);
            assertThat(db.ownerDsl(hdfc).select(CONSENT_EVENTS.NOTICE_VERSION).from(CONSENT_EVENTS)
                    .where(CONSENT_EVENTS.POLICYHOLDER_ID.eq(atHdfc)).fetchSingle().value1())
                    .startsWith("wa-marketing-");
            assertThat(confirmations()).hasSize(1);
        }

        @Test
        void aStopMadeInsideWhatsappOptsOutInBothTenantsWithoutAConfirmation() {
            UUID atLic = customerIn(lic, phone, true);
            UUID atHdfc = customerIn(hdfc, phone, true);
            String preference = notification(change("user_preferences", """
                    "user_preferences":[{"wa_id":"%s","detail":"User requested to stop marketing messages",\
                    "category":"marketing_messages","value":"stop","timestamp":%d}]"""
                    .formatted(phone.substring(1), Instant.now().getEpochSecond())));

            harness.signedPost(preference);

            assertThat(marketingOptIn(lic, atLic)).isFalse();
            assertThat(marketingOptIn(hdfc, atHdfc)).isFalse();
            assertThat(ledgerRows(lic, atLic)).isEqualTo(1);
            assertThat(ledgerRows(hdfc, atHdfc)).isEqualTo(1);
            assertThat(confirmations()).isEmpty();
        }
    }

    /**
     * A Graph API that takes the connection and then says nothing (or stops half-way, or never stops) must cost a
     * send its timeout, not the invocation: a local socket that accepts and stalls.
     */
    @Nested
    class GraphApiThatStalls {

        private static final Duration TIMEOUT = Duration.ofMillis(500);
        /** Far more than the timeout, far less than for ever. */
        private static final Duration BOUND = Duration.ofSeconds(10);

        /** A server on 127.0.0.1 that accepts each connection and hands it to {@code behaviour}, on its own thread. */
        private static final class StallingServer implements AutoCloseable {
            private final ServerSocket socket;
            private final List<Socket> connections = new CopyOnWriteArrayList<>();

            StallingServer(Consumer<Socket> behaviour) throws IOException {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Thread.ofVirtual().start(() -> {
                    while (!socket.isClosed()) {
                        try {
                            Socket connection = socket.accept();
                            connections.add(connection);
                            Thread.ofVirtual().start(() -> behaviour.accept(connection));
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
            }

            URI messages() {
                return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v25.0/pn/messages");
            }

            URI base() {
                return URI.create("http://127.0.0.1:" + socket.getLocalPort());
            }

            int connections() {
                return connections.size();
            }

            @Override
            public void close() throws IOException {
                socket.close();
                for (Socket connection : connections) {
                    connection.close();
                }
            }
        }

        private static void readRequest(Socket connection) {
            try {
                InputStream in = connection.getInputStream();
                byte[] buffer = new byte[8192];
                int read = in.read(buffer);
                assertThat(read).isPositive();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** False once the client has gone (what the test wants of it). */
        private static boolean write(Socket connection, String text) {
            try {
                OutputStream out = connection.getOutputStream();
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static void stall() {
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static GraphApi.SendResult send(URI endpoint) {
            return assertTimeoutPreemptively(BOUND, () ->
                    new HttpGraphApi(endpoint, Secret.of("token"), TIMEOUT).send("{\"to\":\"+919000000001\"}"));
        }

        @Test
        void aServerThatAcceptsAndNeverAnswersCostsTheTimeout() throws IOException {
            try (StallingServer server = new StallingServer(connection -> stall())) {
                GraphApi.SendResult result = send(server.messages());

                assertThat(result).isEqualTo(new GraphApi.Ambiguous("timed out"));
                assertThat(server.connections()).isEqualTo(1);
            }
        }

        @Test
        void aServerThatStallsAfterItsHeadersCostsTheTimeoutToo() throws IOException {
            try (StallingServer server = new StallingServer(connection -> {
                readRequest(connection);
                write(connection, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
                        + "{\"messaging_product\":\"whatsapp\",");
                stall();
            })) {
                assertThat(send(server.messages())).isEqualTo(new GraphApi.Ambiguous("timed out"));
            }
        }

        @Test
        void anAnswerThatNeverEndsIsNotReadPastItsLimit() throws IOException {
            try (StallingServer server = new StallingServer(connection -> {
                readRequest(connection);
                write(connection, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000"
                        + "\r\n\r\n{\"messages\":[{\"id\":\"");
                String chunk = "x".repeat(8192);
                while (write(connection, chunk)) {
                    Thread.onSpinWait();
                }
            })) {
                GraphApi.SendResult result = send(server.messages());

                assertThat(result).isInstanceOf(GraphApi.Ambiguous.class);
                assertThat(((GraphApi.Ambiguous) result).reason()).isIn("timed out",
                        "answer larger than " + HttpGraphApi.MAX_ANSWER_BYTES + " bytes");
            }
        }

        @Test
        void theSenderRecordsAStalledSendAsUnknownAndKeepsTheMessage() throws IOException {
            try (StallingServer server = new StallingServer(connection -> stall())) {
                SenderHarness sender = new SenderHarness(server.base(), 200, 30, TIMEOUT);
                WhatsappMessage reminder = SenderHarness.reminder(SenderHarness.anyRecipient());
                String messageId = sender.enqueue(reminder);

                SenderHarness.Poll poll = assertTimeoutPreemptively(BOUND,
                        () -> sender.pollOnce(sender.function(Clock.systemUTC())));

                // not lost: named for redelivery, held back for the grace period a status webhook may settle it in
                assertThat(poll.failed()).containsExactly(messageId);
                assertThat(sender.redeliveryDelays).containsExactly(sender.config.unknownGrace());
                WhatsappMessagesRecord row = sender.db.ownerDsl(sender.lic()).selectFrom(WHATSAPP_MESSAGES)
                        .where(WHATSAPP_MESSAGES.IDEMPOTENCY_KEY.eq(reminder.idempotencyKey())).fetchSingle();
                assertThat(row.getSendStatus()).isEqualTo(WhatsappSendStatusEnum.unknown);
                assertThat(server.connections()).isEqualTo(1);
            }
        }
    }

    /** What template.yaml promises the whatsapp functions (issue 15: queue visibility, error alarms). */
    @Nested
    class Deployment {

        private final Map<String, Object> resources = map(CloudFormationYaml.read(repositoryFile("template.yaml"))
                .get("Resources"));
        private final int defaultTimeout = ((Number) map(map(CloudFormationYaml.read(repositoryFile("template.yaml"))
                .get("Globals")).get("Function")).get("Timeout")).intValue();

        private Map<String, Object> properties(String logicalId) {
            return map(map(resources.get(logicalId)).get("Properties"));
        }

        private int timeout(String function) {
            Object timeout = properties(function).get("Timeout");
            return timeout == null ? defaultTimeout : ((Number) timeout).intValue();
        }

        @Test
        void eachQueueHidesAMessageAtLeastSixTimesItsConsumersTimeout() {
            // shorter, and a message still being sent by one instance is handed to another: sent twice
            for (var pair : List.of(Map.entry("WhatsappOutboundQueue", "WhatsappSenderFunction"),
                    Map.entry("WhatsappInboundQueue", "WhatsappInboundFunction"))) {
                int visibility = ((Number) properties(pair.getKey()).get("VisibilityTimeout")).intValue();
                assertThat(visibility).as(pair.getKey()).isGreaterThanOrEqualTo(6 * timeout(pair.getValue()));
            }
        }

        @Test
        void theSenderStartsNoSendItCannotFinishBeforeItsTimeout() {
            // a record is started only while the request timeout + 5 s remain (SenderFunction): that must leave time
            assertThat(timeout("WhatsappSenderFunction")).isGreaterThan(10 + 5);
        }

        @Test
        void aSendLeftUnsettledRaisesAnAlarmOnWhatTheSenderCounts() {
            // issue 21: never resent, so a person must hear of it; the alarm's dimensions are the sender's document's
            String service = (String) map(map(properties("WhatsappSenderFunction").get("Environment"))
                    .get("Variables")).get("POWERTOOLS_SERVICE_NAME");
            Map<String, Object> alarm = properties("WhatsappUnsettledSendsAlarm");

            assertThat(alarm).containsEntry("Namespace", "AgentMitra")
                    .containsEntry("MetricName", WhatsappMetric.MessagesUnsettled.name());
            @SuppressWarnings("unchecked")
            List<Object> dimensions = (List<Object>) alarm.get("Dimensions");
            assertThat(dimensions).containsExactlyInAnyOrder(
                    Map.of("Name", "Service", "Value", service), Map.of("Name", "Tenant", "Value", "all"));
        }

        @Test
        void everyWhatsappFunctionHasAnErrorAlarm() {
            for (String function : List.of("WhatsappSenderFunction", "WhatsappWebhookFunction",
                    "WhatsappInboundFunction")) {
                assertThat(resources.values().stream().map(WhatsappSecurityIT::map)
                        .filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                        .map(r -> map(r.get("Properties")))
                        .filter(p -> "AWS/Lambda".equals(p.get("Namespace")) && "Errors".equals(p.get("MetricName")))
                        .anyMatch(p -> String.valueOf(p.get("Dimensions")).contains("{Ref=" + function + "}")))
                        .as(function).isTrue();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Path repositoryFile(String name) {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.exists(directory.resolve(name)) && Files.exists(directory.resolve("functions"))) {
                return directory.resolve(name);
            }
        }
        throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
    }
}
