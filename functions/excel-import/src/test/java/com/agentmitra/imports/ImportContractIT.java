package com.agentmitra.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every import route, a success and an error each, through the real handler, around a real upload and import: each
 * request and answer must be what openapi.yaml says (schemas closed, errors as problems), so the document cannot
 * drift.
 */
class ImportContractIT {

    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static final String MISSING = "00000000-0000-4000-8000-00000000dead";
    private static InProcessFunction api;
    private static InProcessFunction upload;

    @TempDir
    Path dir;

    private final Fixtures fixtures = new Fixtures(TestDatabase.get());

    @BeforeAll
    static void start() {
        InProcessAws aws = InProcessAws.shared();
        aws.bucket(ImportFunctionIT.BUCKET);
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(aws.environment());
        environment.put("IMPORTS_BUCKET", ImportFunctionIT.BUCKET);
        api = InProcessFunction.start("ExcelImportApiFunction", ImportFunctions.class.getName(), ImportFunctions.API,
                environment);
        upload = InProcessFunction.start("ExcelImportUploadFunction", ImportFunctions.class.getName(),
                ImportFunctions.UPLOAD, environment);
    }

    private static OpenApiContract.Call call(String method, String resource) {
        return contract.call(api, method, resource);
    }

    /** Uploads {@code file} through the presigned URL of a new import and runs the import; the import's id. */
    private String imported(Fixtures.Agent agent, Path file) throws Exception {
        OpenApiContract.Answer ticket = call("POST", "/imports").as(agent.claims())
                .body(Map.of("fileName", file.getFileName().toString(), "sizeBytes", Files.size(file), "dryRun", false))
                .expect(201);
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(ticket.text("uploadUrl"))).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        ObjectNode created = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/object-created-eventbridge.json"));
        ObjectNode object = (ObjectNode) created.path("detail").path("object");
        object.put("key", ticket.text("key"));
        object.put("size", Files.size(file));
        upload.invoke(Json.write(created));
        return ticket.text("importId");
    }

    @Test
    void anImportIsStartedFollowedAndItsRejectedRowsListedAndReported() throws Exception {
        Fixtures.Agent agent = fixtures.agent().create();
        int n = (int) (Math.random() * 90_000) + 1;
        Path file = Workbooks.book().titled("Ramesh's book").validRow(n)
                .row("Ramesh Kumar", "12345", "", "Jeevan Anand", "", "", "", "").xlsx(dir);

        String id = imported(agent, file);

        OpenApiContract.Answer status = call("GET", "/imports/{id}").as(agent.claims()).pathParameter("id", id)
                .expect(200);
        OpenApiContract.Answer mine = call("GET", "/imports").as(agent.claims()).query("limit", 10).expect(200);
        assertThat(mine.body().path("items").get(0).path("importId").asText()).isEqualTo(id);
        call("GET", "/imports/{id}/errors").as(agent.claims()).pathParameter("id", id).query("limit", 10).expect(200);
        call("GET", "/imports/{id}/error-report").as(agent.claims()).pathParameter("id", id).expect(200);
        call("GET", "/imports/{id}/error-report").as(fixtures.agent().create().claims()).pathParameter("id", id)
                .expect(404);
        var events = com.agentmitra.data.jooq.tenant.Tables.ACCESS_EVENTS;
        assertThat(TestDatabase.get().ownerDsl(agent.tenant()).select(events.EVENT, events.USER_ID).from(events)
                .where(events.ENTITY.eq("import_jobs"), events.ENTITY_ID.eq(id)).fetch())
                .as("the link to the rejected rows is a report download of the agent, the refused one none")
                .singleElement().satisfies(row -> {
                    assertThat(row.value1()).isEqualTo("report_download");
                    assertThat(row.value2()).isEqualTo(agent.userId());
                });
        assertThat(status.text("status")).isEqualTo("completed");
        assertThat(status.body().path("counts").path("rejected").asInt()).isEqualTo(1);
    }

    @Test
    void importErrorsAreProblems() throws Exception {
        Fixtures.Agent agent = fixtures.agent().create();
        String clean = imported(agent, Workbooks.book().validRow((int) (Math.random() * 90_000) + 1).xlsx(dir));

        call("POST", "/imports").as(agent.claims()).body(Map.of("fileName", "book.pdf", "sizeBytes", 1000)).expect(400);
        call("POST", "/imports").as(agent.claims()).body(Map.of("fileName", "book.xlsx", "sizeBytes", 5L << 30))
                .expect(400);
        call("GET", "/imports").as(agent.claims()).query("cursor", "forged").expect(400);
        call("GET", "/imports/{id}").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        call("GET", "/imports/{id}/errors").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        call("GET", "/imports/{id}/errors").as(agent.claims()).pathParameter("id", clean).query("cursor", "forged")
                .expect(400);
        call("GET", "/imports/{id}/error-report").as(agent.claims()).pathParameter("id", clean).expect(404);
    }

    @Test
    void aSixthImportInFlightIsTooManyRequests() {
        Fixtures.Agent agent = fixtures.agent().create();
        for (int i = 0; i < ImportService.MAX_IN_FLIGHT; i++) {
            call("POST", "/imports").as(agent.claims()).body(Map.of("fileName", "book-" + i + ".xlsx", "sizeBytes", 1000))
                    .expect(201);
        }

        call("POST", "/imports").as(agent.claims()).body(Map.of("fileName", "book.xlsx", "sizeBytes", 1000)).expect(429);
    }

    @Test
    void templatesAreSavedAndListed() {
        Fixtures.Agent agent = fixtures.agent().create();
        Map<String, Object> template = Map.of("name", "Branch export " + UUID.randomUUID(), "description",
                "LIC branch statement columns", "columnMapping", Map.of("Name of Assured", "policyholder.name",
                        "Mob", "policyholder.phone_number", "PolNo", "policy.policy_number"));

        call("POST", "/imports/templates").as(agent.claims()).body(template).expect(201);
        call("POST", "/imports/templates").as(agent.claims()).body(template).expect(409);
        call("POST", "/imports/templates").as(agent.claims()).body(Map.of("name", "No mapping"))
                .breakingTheDocument().expect(400);
        call("GET", "/imports/templates").as(agent.claims()).expect(200);
    }
}
