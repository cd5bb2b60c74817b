package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15 end to end on the local stack (the services, event sources and API emulation {@code local/run} starts,
 * with its default browser origin, on a database of its own), over real HTTP: hostile workbooks go through
 * {@code POST /imports}, a PUT to the presigned URL on the local S3 and the S3 notification to the upload function,
 * and end with a reason a person understands within seconds; {@code GET /imports} lists them newest first; the
 * sign-in edges (lockout, an unknown identifier answering like a locked account, MFA setup without the password);
 * {@code nosniff} on every function's answer and the portal's CORS preflight. The walk-through by hand is in
 * local/README.md ("Trying the hardening by hand"). The lockout runs last: it locks the demo agent for 15 minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningEndToEndIT {

    private static final String PORTAL = "http://localhost:5173";
    /** How long an upload may take from the end of its PUT to a finished job (the watcher looks every second). */
    private static final Duration WITHIN = Duration.ofSeconds(15);
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
        // as local/run serves it: the template's Cors for the portal's dev server
        api = ApiGatewayServer.start(0, ApiGatewayServer.routes(services.template()),
                ApiGatewayServer.Cors.of(services.template(), PORTAL),
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
    @Order(1)
    void hostileWorkbooksEndWithAReasonWithinSecondsAndTheAgentSeesThemNewestFirst() throws Exception {
        String agent = agentToken();

        // a proper register whose phone cell is the number 1E40000000 (forty million digits written out)
        byte[] exponentBomb = xlsx(row(1, header()) + row(2, inline("A2", "Ramesh Kumar")
                + number("B2", "1E40000000") + inline("C2", "LIC0000001") + inline("D2", "Jeevan Anand")
                + number("E2", "500000") + number("F2", "2500") + inline("G2", "Yly") + inline("H2", "15/01/2020")));
        assertThat(exponentBomb.length).as("a couple of KB, as issue 15 saw it").isBetween(512, 4096);
        Upload bomb = upload(agent, "exponent-bomb.xlsx", exponentBomb);
        JsonNode bombJob = awaitFinished(agent, bomb);
        // the number stays the text it was, so the phone rule refuses it and only its row is rejected: the file
        // itself is read (the design of issue 15, ImportSecurityIT), so the job completes rather than fails
        assertThat(bombJob.path("status").asText()).as(bombJob.toString()).isEqualTo("completed");
        assertThat(bombJob.path("counts").path("rejected").asInt()).isEqualTo(1);
        assertThat(bombJob.path("counts").path("created").asInt()).isZero();
        assertThat(bombJob.path("firstErrors").get(0).path("problems").toString())
                .contains("Mobile No.").contains("is not a phone number: it holds letters");

        // a cell at column ZZZZZZ, far past Excel's last column XFD
        byte[] farColumn = xlsx(row(1, header()) + row(2, inline("ZZZZZZ2", "x")));
        assertThat(farColumn.length).isLessThan(4096);
        Upload far = upload(agent, "far-column.xlsx", farColumn);
        JsonNode farJob = awaitFinished(agent, far);
        assertThat(farJob.path("status").asText()).as(farJob.toString()).isEqualTo("failed");
        assertThat(farJob.path("failureReason").asText()).contains("beyond column XFD");

        // the agent's own list, newest first, with each status and the reason
        JsonNode mine = send("GET", "/imports", agent, null, 200).body();
        List<String> ids = new ArrayList<>();
        mine.path("items").forEach(item -> ids.add(item.path("importId").asText()));
        assertThat(ids).startsWith(far.id(), bomb.id());
        JsonNode first = mine.path("items").get(0);
        assertThat(first.path("fileName").asText()).isEqualTo("far-column.xlsx");
        assertThat(first.path("status").asText()).isEqualTo("failed");
        assertThat(first.path("failureReason").asText()).contains("beyond column XFD");
        assertThat(mine.path("items").get(1).path("status").asText()).isEqualTo("completed");
    }

    @Test
    @Order(2)
    void theUploadUrlIsSignedForTheDeclaredSizeWhichTheLocalS3DoesNotCheck() throws Exception {
        String agent = agentToken();
        int declared = 1_000;
        JsonNode ticket = send("POST", "/imports", agent, Map.of("fileName", "too-long.xlsx", "sizeBytes", declared),
                201).body();
        String url = ticket.path("uploadUrl").asText();
        assertThat(ticket.path("sizeBytes").asLong()).isEqualTo(declared);
        // Content-Length is a signed header, so S3 refuses a PUT of any other length (SignatureDoesNotMatch)
        assertThat(URI.create(url).getRawQuery()).contains("X-Amz-SignedHeaders=content-length%3Bhost");

        // The local S3 (S3Mock) checks no signature at all: it takes the longer body. What holds locally is the
        // signed header above; the refusal itself is S3's. The import then reads what arrived, and ends.
        byte[] longer = new byte[declared * 2];
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(longer)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as("S3Mock does not enforce the signed length").isEqualTo(200);
        JsonNode job = awaitFinished(agent, new Upload(ticket.path("importId").asText(), Instant.now()));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("failed");
        assertThat(job.path("failureReason").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void aLockedAccountAndAnUnknownIdentifierAnswerAlikeAndMfaSetupNeedsThePassword() throws Exception {
        // a signed-in agent cannot start two-factor set-up without their password, and nothing is stored
        String agent = agentToken();
        Answer noPassword = send("POST", "/auth/mfa/setup", agent, Map.of(), 400);
        assertThat(noPassword.body().toString()).contains("password");
        Answer wrongPassword = send("POST", "/auth/mfa/setup", agent, Map.of("password", "not-the-password"), 400);
        assertThat(wrongPassword.body().toString()).contains("password");
        assertThat(pendingSecretOf("demo.agent")).as("no secret set up").isFalse();
        // the wrong password counted: four more wrong sign-ins lock the account
        List<String> known = new ArrayList<>(List.of(signInAnswer("demo.agent", "wrong-password-0")));
        for (int i = 1; i < 6; i++) {
            known.add(signInAnswer("demo.agent", "wrong-password-" + i));
        }
        String ghost = "ghost." + UUID.randomUUID().toString().substring(0, 8);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            unknown.add(signInAnswer(ghost, "wrong-password-" + i));
        }

        assertThat(known.get(0)).startsWith("401 ");
        assertThat(known.get(3)).startsWith("429 "); // 1 wrong current password + 4 wrong sign-ins = 5 failures
        assertThat(known.get(5)).startsWith("429 ");
        // the unknown identifier: four 401s, the fifth failure locks it, the same 429 as the account's
        assertThat(unknown.subList(0, 4)).allSatisfy(answer -> assertThat(answer).isEqualTo(known.get(0)));
        assertThat(unknown.subList(4, 7)).allSatisfy(answer -> assertThat(answer).isEqualTo(known.get(5)));
        // even the right password is refused while locked, with the same answer
        assertThat(signInAnswer("demo.agent", "demo-agent-password")).isEqualTo(known.get(5));
    }

    @Test
    @Order(3)
    void everyAnswerSaysNosniffAndThePortalsPreflightIsAnswered() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base() + "/imports"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization").contains("Content-Type");

        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(base() + "/imports"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        // function answers, successes and problems, open and signed in (send() checks nosniff on each), and the
        // portal's origin on them; API Gateway's own answers (no token: the authorizer's 401) say nosniff too
        // (template.yaml's GatewayResponses, which the local gateway follows)
        HttpResponse<String> unsigned = http.send(request("GET", "/imports", null, null).header("Origin", PORTAL)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(unsigned.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
        HttpResponse<String> health = http.send(request("GET", "/health", null, null).header("Origin", PORTAL)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(health.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
        send("POST", "/auth/login", null, Map.of("tenant", "LIC"), 400);
        String agent = agentToken();
        send("GET", "/imports", agent, null, 200);
        send("GET", "/imports/" + UUID.randomUUID(), agent, null, 404);
        send("POST", "/imports", agent, Map.of("fileName", "book.xlsx", "sizeBytes", 0), 400);
    }

    // --- the API ----------------------------------------------------------------------------------------------------

    record Answer(HttpResponse<String> response, JsonNode body) {}

    record Upload(String id, Instant putAt) {}

    private static String agentToken() throws Exception {
        return send("POST", "/auth/login", null, Map.of("tenant", "LIC", "identifier", "demo.agent",
                "password", "demo-agent-password"), 200).body().path("accessToken").asText();
    }

    /** {@code POST /imports} for these bytes, then the PUT to the presigned URL, as a browser sends it. */
    private static Upload upload(String token, String fileName, byte[] bytes) throws Exception {
        JsonNode ticket = send("POST", "/imports", token, Map.of("fileName", fileName, "sizeBytes", bytes.length),
                201).body();
        assertThat(ticket.path("method").asText()).isEqualTo("PUT");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(ticket.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return new Upload(ticket.path("importId").asText(), Instant.now());
    }

    /** Polls {@code GET /imports/{id}} until the job is completed or failed, at most {@link #WITHIN} after the PUT. */
    private static JsonNode awaitFinished(String token, Upload upload) throws Exception {
        Instant deadline = upload.putAt().plus(WITHIN);
        JsonNode job;
        do {
            job = send("GET", "/imports/" + upload.id(), token, null, 200).body();
            if (Set.of("completed", "failed").contains(job.path("status").asText())) {
                System.out.printf("[e2e] import %s %s %d ms after its PUT: %s %s%n", upload.id(),
                        job.path("status").asText(), Duration.between(upload.putAt(), Instant.now()).toMillis(),
                        job.path("failureReason").asText(""), job.path("firstErrors"));
                return job;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("import " + upload.id() + " not finished " + WITHIN.toSeconds() + " s after its PUT: "
                + job);
    }

    /** A sign-in's answer as status, type, title, detail and Retry-After (present and close to 15 minutes). */
    private static String signInAnswer(String identifier, String password) throws Exception {
        HttpResponse<String> response = http.send(request("POST", "/auth/login", null, Map.of("tenant", "LIC",
                "identifier", identifier, "password", password)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        JsonNode problem = Json.mapper().readTree(response.body());
        String retryAfter = response.headers().firstValue("Retry-After")
                .map(seconds -> Integer.parseInt(seconds) > 880 && Integer.parseInt(seconds) <= 901
                        ? "about 15 minutes" : "unexpected " + seconds)
                .orElse("none");
        return response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("") + " "
                + problem.path("type").asText() + " " + problem.path("title").asText() + " "
                + problem.path("detail").asText() + " Retry-After: " + retryAfter;
    }

    private static boolean pendingSecretOf(String username) throws SQLException {
        try (Connection connection = LocalServices.ownerDataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("select mfa_pending_secret is not null"
                        + " from lic_schema.users where username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getBoolean(1);
            }
        }
    }

    /** A function's answer: the expected status, and {@code X-Content-Type-Options: nosniff} on it. */
    private static Answer send(String method, String path, String token, Object body, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(request(method, path, token, body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(method + " " + path)
                .contains("nosniff");
        return new Answer(response, response.body().isEmpty() ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(response.body()));
    }

    private static HttpRequest.Builder request(String method, String path, String token, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static String base() {
        return ApiGatewayServer.base(api.port()).toString();
    }

    // --- workbooks, written part by part so every byte is ours ------------------------------------------------------

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final List<String> HEADERS = List.of("Customer Name", "Mobile No.", "Policy No", "Plan Name",
            "S.A.", "Premium", "Mode", "DOC", "DOB", "Aadhaar", "City", "Status");

    /** A minimal .xlsx: one sheet "Book" holding these rows (inline strings, no shared strings part). */
    private static byte[] xlsx(String rows) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas"
                + ".openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\""
                + "application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType"
                + "=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd"
                + ".openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets"
                + "/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet"
                + "+xml\"/></Types>");
        parts.put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + RELS + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + OFFICE_RELS + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
        parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + MAIN
                + "\" xmlns:r=\"" + OFFICE_RELS + "\"><sheets><sheet name=\"Book\" sheetId=\"1\" r:id=\"rId1\"/>"
                + "</sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OFFICE_RELS + "/worksheet\" Target=\"worksheets"
                + "/sheet1.xml\"/></Relationships>");
        parts.put("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + MAIN
                + "\"><sheetData>" + rows + "</sheetData></worksheet>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String header() {
        StringBuilder cells = new StringBuilder();
        for (int c = 0; c < HEADERS.size(); c++) {
            cells.append(inline((char) ('A' + c) + "1", HEADERS.get(c)));
        }
        return cells.toString();
    }

    private static String row(int r, String cells) {
        return "<row r=\"" + r + "\">" + cells + "</row>";
    }

    private static String inline(String ref, String text) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    private static String number(String ref, String raw) {
        return "<c r=\"" + ref + "\"><v>" + raw + "</v></c>";
    }
}
