package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 end to end on the local stack (the services, event sources and API emulation {@code local/run} starts, on
 * a database of its own), over real HTTP: a customer writes (a webhook signed with the local app secret), the agent
 * sees the unread thread, reads it and answers with text, the sandbox receives the text, and a status webhook saying
 * it was read shows in the thread as read.
 */
class ConversationsEndToEndIT {

    private static final String SANDBOX = WhatsappSandbox.base(WhatsappSandbox.PORT);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalServices services;
    private static EventSources events;
    private static ApiGatewayServer api;

    @BeforeAll
    static void startTheLocalStack() throws IOException {
        for (int port : List.of(LocalServices.POSTGRES_PORT, LocalServices.SQS_PORT, LocalServices.S3_PORT,
                WhatsappSandbox.PORT)) {
            assumeFalse(LocalServices.listening(port), "port " + port + " is taken (a local/run is running?): the"
                    + " end-to-end test needs the local stack's fixed ports");
        }
        System.setProperty("aws.disableEc2Metadata", "true");
        Path repository = Path.of("").toAbsolutePath().getParent();
        Path data = Files.createTempDirectory("agent-mitra-e2e");
        services = LocalServices.start(repository, data, true);
        events = new EventSources(services.template(), services.queueUrls(),
                (function, event) -> services.function(function).invoke(event));
        events.start();
        api = ApiGatewayServer.start(0, ApiGatewayServer.routes(services.template()),
                (function, event) -> services.function(function).invoke(event), events);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (events != null) {
            events.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aCustomerWritesTheAgentAnswersAndSeesItRead() throws Exception {
        String agent = send("POST", "/auth/login", null, Map.of("tenant", "LIC", "identifier", "demo.agent",
                "password", "demo-agent-password"), 200).path("accessToken").asText();
        String phone = "+9190002" + String.format("%05d", (int) (Math.random() * 100_000));
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("firstName", "Sunita");
        person.put("lastName", "Demo");
        person.put("phone", phone);
        String customer = send("POST", "/policyholders", agent, person, 201).path("id").asText();
        // consent recorded on a call, so the customer's first message is not answered with the consent question
        send("PUT", "/policyholders/" + customer + "/consent", agent,
                Map.of("whatsappUtility", true, "evidence", "agreed on a call, notice read out"), 200);

        // 1. the customer writes on WhatsApp: Meta's notification, signed with the app secret
        String inboundWamid = "wamid.E2E" + UUID.randomUUID().toString().replace("-", "");
        webhook("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"100000000000002\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"919000000000\",\"phone_number_id\":\"100000000000001\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Sunita\"},\"wa_id\":\"" + phone.substring(1) + "\"}],"
                + "\"messages\":[{\"from\":\"" + phone.substring(1) + "\",\"id\":\"" + inboundWamid + "\","
                + "\"timestamp\":\"" + Instant.now().getEpochSecond() + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"Is my premium received?\"}}]}}]}]}");

        // 2. the agent sees the unread thread, with the window open
        JsonNode thread = await("the unread thread", () -> conversation(agent, customer, "unread"),
                t -> t != null && t.path("unreadCount").asInt() == 1);
        assertThat(thread.path("lastMessage").path("text").asText()).isEqualTo("Is my premium received?");
        assertThat(thread.path("windowOpen").asBoolean()).isTrue();
        JsonNode marker = send("POST", "/policyholders/" + customer + "/messages/read", agent, null, 200);
        assertThat(marker.path("unreadCount").asInt()).isZero();

        // 3. the agent answers with text: 202, queued; the sender delivers it to the sandbox
        JsonNode queued = send("POST", "/policyholders/" + customer + "/messages", agent,
                Map.of("text", "Yes Sunita, it was received on time."), 202);
        String messageId = queued.path("message").path("id").asText();
        JsonNode delivered = await("the reply in the sandbox", () -> sandboxText(phone, "Yes Sunita, it was received on time."),
                m -> m != null);
        String wamid = delivered.path("wamid").asText();
        await("the reply sent", () -> threadItem(agent, customer, messageId),
                item -> item != null && item.path("status").asText().equals("sent"));

        // 4. Meta reports it read: a status webhook moves it to read in the thread
        webhook("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"100000000000002\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"919000000000\",\"phone_number_id\":\"100000000000001\"},"
                + "\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"read\",\"timestamp\":\""
                + Instant.now().getEpochSecond() + "\",\"recipient_id\":\"" + phone.substring(1) + "\"}]}}]}]}");
        JsonNode read = await("the reply read", () -> threadItem(agent, customer, messageId),
                item -> item != null && item.path("status").asText().equals("read"));
        assertThat(read.path("direction").asText()).isEqualTo("outbound");
        assertThat(conversation(agent, customer, "all").path("lastMessage").path("status").asText()).isEqualTo("read");
    }

    private static JsonNode conversation(String token, String customer, String filter) throws Exception {
        for (JsonNode item : send("GET", "/conversations?limit=100&filter=" + filter, token, null, 200).path("items")) {
            if (item.path("policyholderId").asText().equals(customer)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode threadItem(String token, String customer, String id) throws Exception {
        for (JsonNode item : send("GET", "/policyholders/" + customer + "/messages", token, null, 200).path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode sandboxText(String phone, String text) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(SANDBOX + "/_local/whatsapp/messages")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode item : Json.mapper().readTree(response.body()).path("items")) {
            JsonNode request = item.path("request");
            String to = request.path("to").asText();
            if ((to.equals(phone) || to.equals(phone.substring(1))) && request.path("type").asText().equals("text")
                    && request.path("text").path("body").asText().equals(text)) {
                return item;
            }
        }
        return null;
    }

    private static void webhook(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WhatsappSandbox.APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/webhooks/whatsapp"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @FunctionalInterface
    private interface Read {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(String what, Read read, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " did not happen within 60 s; last seen: " + last);
    }

    private static JsonNode send(String method, String path, String token, Object body, int expected)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(response.body());
    }

    private static String base() {
        return ApiGatewayServer.base(api.port()).toString();
    }
}
