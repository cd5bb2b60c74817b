package com.agentmitra.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both functions as Lambda runs them, on the sample events {@code local/invoke} uses: the route answers a presigned
 * URL, the file goes up with a plain PUT, the S3 event (key URL-encoded, as S3 sends it) runs the import, the route
 * shows the result.
 */
class ImportFunctionIT {

    static final String BUCKET = "importsbucket";

    @TempDir
    Path dir;

    private static Map<String, String> environment() {
        InProcessAws aws = InProcessAws.shared();
        aws.bucket(BUCKET);
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(aws.environment());
        environment.put("IMPORTS_BUCKET", BUCKET);
        return environment;
    }

    private static String asAgent(String sample, Fixtures.Agent agent) throws Exception {
        ObjectNode event = (ObjectNode) Json.mapper().readTree(Events.json(sample));
        ObjectNode authorizer = (ObjectNode) event.with("requestContext").with("authorizer");
        authorizer.removeAll();
        agent.claims().forEach((name, value) -> authorizer.put(name, String.valueOf(value)));
        return Json.write(event);
    }

    private static String withId(String event, String id) throws Exception {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(event);
        node.with("pathParameters").put("id", id);
        node.put("path", node.path("path").asText().replace("5b0c1f4e-3d52-4c8e-9a61-2f4f0d6a7e10", id));
        return Json.write(node);
    }

    /** An agent's file put through the presigned URL the route answered; the S3 event is yet to come. */
    private record Upload(Fixtures.Agent agent, InProcessFunction api, InProcessFunction function, JsonNode started,
            JsonNode ticket, int putStatus, Path file) {

        String importId() {
            return ticket.path("importId").asText();
        }

        /** What {@code GET /imports/{id}} answers now. */
        JsonNode status() throws Exception {
            return Json.mapper().readTree(Json.mapper().readTree(
                    api.invoke(withId(asAgent("excel-import/get-import.json", agent), importId()))).path("body").asText());
        }
    }

    private Upload uploaded() throws Exception {
        Fixtures.Agent agent = new Fixtures(TestDatabase.get()).agent().create();
        InProcessFunction api = InProcessFunction.start("ExcelImportApiFunction", ImportFunctions.class.getName(),
                ImportFunctions.API, environment());
        InProcessFunction upload = InProcessFunction.start("ExcelImportUploadFunction",
                ImportFunctions.class.getName(), ImportFunctions.UPLOAD, environment());
        int n = (int) (Math.random() * 90_000) + 1;
        Path file = Workbooks.book().titled("Ramesh's book").validRow(n).validRow(n + 1).xlsx(dir);
        ObjectNode start = (ObjectNode) Json.mapper().readTree(asAgent("excel-import/start-import.json", agent));
        ObjectNode body = (ObjectNode) Json.mapper().readTree(start.path("body").asText());
        start.put("body", Json.write(body.put("sizeBytes", Files.size(file)))); // the URL is signed for this size
        JsonNode started = Json.mapper().readTree(api.invoke(Json.write(start)));
        JsonNode ticket = Json.mapper().readTree(started.path("body").asText());
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ticket.path("uploadUrl").asText())).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Upload(agent, api, upload, started, ticket, put.statusCode(), file);
    }

    @Test
    void anUploadThroughThePresignedUrlIsImportedAndReportedByTheRoute() throws Exception {
        Upload upload = uploaded();

        ObjectNode created = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/object-created.json"));
        ObjectNode object = (ObjectNode) created.path("Records").get(0).path("s3").path("object");
        object.put("key", URLEncoder.encode(upload.ticket().path("key").asText(), StandardCharsets.UTF_8)
                .replace("%2F", "/"));
        object.put("size", Files.size(upload.file()));
        JsonNode ran = Json.mapper().readTree(upload.function().invoke(Json.write(created)));
        JsonNode status = upload.status();
        JsonNode report = Json.mapper().readTree(upload.api().invoke(
                withId(asAgent("excel-import/get-error-report.json", upload.agent()), upload.importId())));

        assertThat(upload.started().path("statusCode").asInt()).isEqualTo(201);
        assertThat(upload.putStatus()).isEqualTo(200);
        assertThat(ran.path("results").get(0).path("status").asText()).isEqualTo("completed");
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("counts").path("created").asInt()).isEqualTo(2);
        assertThat(status.path("progress").path("processed").asInt()).isEqualTo(2);
        assertThat(report.path("statusCode").asInt()).isEqualTo(404);
        JsonNode listed = Json.mapper().readTree(Json.mapper().readTree(upload.api().invoke(
                asAgent("excel-import/list-imports.json", upload.agent()))).path("body").asText());
        assertThat(listed.path("items").get(0).path("importId").asText()).isEqualTo(upload.importId());
        assertThat(listed.path("items").get(0).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aFinishedImportIsCountedByOutcomeUnderItsTenant() throws Exception {
        Upload upload = uploaded();
        ObjectNode created = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/object-created.json"));
        ObjectNode object = (ObjectNode) created.path("Records").get(0).path("s3").path("object");
        object.put("key", upload.ticket().path("key").asText());
        object.put("size", Files.size(upload.file()));

        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            upload.function().invoke(Json.write(created));
        } finally {
            System.setOut(original);
        }

        List<JsonNode> documents = new java.util.ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\"")).toList()) {
            documents.add(Json.mapper().readTree(line));
        }
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).path("Tenant").asText()).isEqualTo(upload.agent().tenant().code());
        assertThat(documents.get(0).path("ImportsCompleted").asInt()).isEqualTo(1);
        assertThat(documents.get(0).path("ImportRowsImported").asInt()).isEqualTo(2);
        assertThat(documents.get(0).path("ImportRowsRejected").asInt()).isZero();
        assertThat(documents.get(0).has("ImportsFailed")).isFalse();
    }

    @Test
    void anObjectThatIsNoUploadOfOursIsIgnored() throws Exception {
        InProcessFunction upload = InProcessFunction.start("ExcelImportUploadFunction",
                ImportFunctions.class.getName(), ImportFunctions.UPLOAD, environment());

        JsonNode ran = Json.mapper().readTree(upload.invoke(Events.json("excel-import/object-created.json")));

        assertThat(ran.path("results").get(0).path("status").asText()).isEqualTo("ignored");
    }

    @Test
    void anUploadToldByEventBridgeIsImportedLikeOneToldByAnS3Notification() throws Exception {
        Upload upload = uploaded();
        ObjectNode created = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/object-created-eventbridge.json"));
        ObjectNode object = (ObjectNode) created.path("detail").path("object");
        object.put("key", upload.ticket().path("key").asText());
        object.put("size", Files.size(upload.file()));

        JsonNode ran = Json.mapper().readTree(upload.function().invoke(Json.write(created)));

        JsonNode status = upload.status();
        assertThat(upload.putStatus()).isEqualTo(200);
        assertThat(ran.path("results")).hasSize(1);
        assertThat(ran.path("results").get(0).path("status").asText()).isEqualTo("completed");
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("counts").path("created").asInt()).isEqualTo(2);
    }

    @Test
    void anEventThatTellsOfNoCreatedObjectIsRefusedNotAnsweredWithNoResults() {
        InProcessFunction upload = InProcessFunction.start("ExcelImportUploadFunction",
                ImportFunctions.class.getName(), ImportFunctions.UPLOAD, environment());

        assertThatThrownBy(() -> upload.invoke(Events.json("callbacks/sweeper-schedule.json")))
                .hasStackTraceContaining("unsupported event: an EventBridge \"Scheduled Event\" event from aws.events");
        assertThatThrownBy(() -> upload.invoke(Events.json("whatsapp/outbound-batch.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record from aws:sqs");
        assertThatThrownBy(() -> upload.invoke("{\"Records\": []}"))
                .hasStackTraceContaining("unsupported event: an event with no records");
    }
}
