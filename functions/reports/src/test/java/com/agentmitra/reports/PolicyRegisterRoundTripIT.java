package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.imports.ImportFunctions;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 17's rule: a {@code policy_register} export imported back into an empty book gives the same book. An
 * agent's varied book is exported as xlsx by the report writer, downloaded through the report's link, uploaded as it
 * is through the Excel import's presigned URL by an agent with no book, and imported by the import's own S3-event
 * function (a test-scoped dependency on functions/excel-import); the two books are then compared field by field.
 */
class PolicyRegisterRoundTripIT {

    private static final String IMPORTS_BUCKET = "importsbucket";
    /** Every field the register carries, customer and policy, as one comparable line per policy. */
    private static final String BOOK = """
            SELECT ph.full_name, ph.phone_number, ph.email, ph.date_of_birth, ph.gender, ph.pan_number,
                   right(ph.aadhaar_masked, 4) AS aadhaar_last4, ph.customer_id, ph.address ->> 'line1' AS line1,
                   ph.address ->> 'city' AS city, ph.address ->> 'state' AS state, ph.address ->> 'pincode' AS pincode,
                   ph.preferred_language, p.policy_number, p.plan_name, p.plan_code, p.policy_type, p.sum_assured,
                   p.premium_amount, p.premium_frequency, p.start_date, p.maturity_date, p.next_payment_date,
                   p.status::text AS status
              FROM @s.insurance_policies p JOIN @s.policyholders ph ON ph.policyholder_id = p.policyholder_id
             WHERE p.agent_id = ? ORDER BY p.policy_number
            """;

    private final TestDatabase db = TestDatabase.get();
    private final Fixtures fixtures = new Fixtures(db);

    private Map<String, String> importEnvironment() {
        ReportsStack.aws.bucket(IMPORTS_BUCKET);
        Map<String, String> environment = new HashMap<>(ReportsStack.environment());
        environment.put("IMPORTS_BUCKET", IMPORTS_BUCKET);
        return environment;
    }

    private List<Map<String, Object>> book(Tenant tenant, Fixtures.Agent agent, String policyPrefix) {
        return db.ownerDsl(tenant).fetch(BOOK.replace("@s.", tenant.schema() + "."), agent.agentId()).stream()
                .map(row -> {
                    Map<String, Object> line = new java.util.LinkedHashMap<>(row.intoMap());
                    // the other agent's copy carries the same numbers: compare them without the run's prefix
                    line.put("policy_number", row.get("policy_number", String.class).replace(policyPrefix, "P-"));
                    return line;
                }).toList();
    }

    private void customerWithPolicies(Tenant lic, Fixtures.Agent agent, String prefix, int n, String premium,
            String frequency, String status, boolean full) {
        String phone = String.format("+9193%08d", (int) (Math.random() * 99_999_999));
        UUID holder = fixtures.policyholder().of(agent).named("Meera" + n).phone(phone).create();
        if (full) {
            db.ownerDsl(lic).execute("update " + lic.schema() + ".policyholders set email = ?, date_of_birth = ?,"
                    + " gender = 'female', pan_number = ?, aadhaar_masked = 'XXXX-XXXX-' || ?, customer_id = ?,"
                    + " address = ?::jsonb, preferred_language = 'hi' where policyholder_id = ?",
                    "meera" + n + "@example.test", LocalDate.of(1984, 3, 1 + n), "ABCPM" + (1000 + n) + "K",
                    String.valueOf(4000 + n), "CUST-" + n, "{\"line1\": \"" + n + " MG Road\", \"city\": \"Pune\","
                            + " \"state\": \"Maharashtra\", \"pincode\": \"411001\"}", holder);
        }
        for (int i = 0; i < 2; i++) {
            UUID policy = fixtures.policy().of(agent, holder).premium(premium).create();
            db.ownerDsl(lic).execute("update " + lic.schema() + ".insurance_policies set policy_number = ?,"
                    + " plan_code = '915', premium_frequency = ?, start_date = ?, maturity_date = ?,"
                    + " next_payment_date = ?, status = ?::shared.policy_status_enum where policy_id = ?",
                    prefix + n + "-" + i, frequency, LocalDate.of(2019, 1 + n, 15), LocalDate.of(2039, 1 + n, 15),
                    LocalDate.of(2027, 1 + n, 15), status, policy);
        }
    }

    @Test
    void aPolicyRegisterImportedIntoAnEmptyBookGivesTheSameBook() throws Exception {
        Tenant lic = db.lic();
        String prefix = "RT" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        Fixtures.Agent exporter = fixtures.agent().create();
        customerWithPolicies(lic, exporter, prefix, 1, "12345678.90", "annual", "active", true);
        customerWithPolicies(lic, exporter, prefix, 2, "1500.05", "monthly", "lapsed", true);
        customerWithPolicies(lic, exporter, prefix, 3, "999.00", "quarterly", "active", false);

        // the export
        InProcessFunction reports = ReportsStack.start("ReportsApiFunction", "reportsApi");
        InProcessFunction writer = ReportsStack.start("ReportWriterFunction", "reportWriter");
        ApiCall.Answer asked = ApiCall.send("POST", "/reports", Map.of("type", "policy_register", "format", "xlsx"))
                .as(exporter.claims()).send(reports);
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (Message message : ReportsStack.aws.sqs().receiveMessage(r -> r.queueUrl(ReportsStack.queue())
                .maxNumberOfMessages(10)).messages()) {
            records.add(Map.of("messageId", message.messageId(), "body", message.body(), "eventSource", "aws:sqs"));
            ReportsStack.aws.sqs().deleteMessage(r -> r.queueUrl(ReportsStack.queue())
                    .receiptHandle(message.receiptHandle()));
        }
        writer.invoke(Json.write(Map.of("Records", records)));
        JsonNode report = ApiCall.get("/reports/{id}", UUID.fromString(asked.body().path("id").asText()))
                .as(exporter.claims()).send(reports).body();
        assertThat(report.path("status").asText()).isEqualTo("ready");
        assertThat(report.path("rowCount").asInt()).isEqualTo(6);
        byte[] file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                report.path("downloadUrl").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();

        // the import, into an empty book in another tenant (policy numbers are unique within a tenant)
        Tenant hdfc = db.hdfc();
        Fixtures.Agent importer = fixtures.agent().inTenant(hdfc).create();
        InProcessFunction imports = InProcessFunction.start("ExcelImportApiFunction", ImportFunctions.class.getName(),
                ImportFunctions.API, importEnvironment());
        InProcessFunction upload = InProcessFunction.start("ExcelImportUploadFunction",
                ImportFunctions.class.getName(), ImportFunctions.UPLOAD, importEnvironment());
        ObjectNode start = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/start-import.json"));
        ObjectNode authorizer = (ObjectNode) start.with("requestContext").with("authorizer");
        authorizer.removeAll();
        importer.claims().forEach((name, value) -> authorizer.put(name, String.valueOf(value)));
        start.put("body", Json.write(Map.of("fileName", "register.xlsx", "sizeBytes", file.length, "dryRun", false)));
        JsonNode ticket = Json.mapper().readTree(Json.mapper().readTree(imports.invoke(Json.write(start)))
                .path("body").asText());
        int put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ticket.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
        assertThat(put).isEqualTo(200);
        ObjectNode created = (ObjectNode) Json.mapper().readTree(Events.json("excel-import/object-created.json"));
        ObjectNode object = (ObjectNode) created.path("Records").get(0).path("s3").path("object");
        object.put("key", URLEncoder.encode(ticket.path("key").asText(), StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", file.length);
        JsonNode ran = Json.mapper().readTree(upload.invoke(Json.write(created)));
        assertThat(ran.path("results").get(0).path("status").asText()).as(ran.toString()).isEqualTo("completed");

        assertThat(book(hdfc, importer, prefix)).isEqualTo(book(lic, exporter, prefix)).hasSize(6);
    }
}
