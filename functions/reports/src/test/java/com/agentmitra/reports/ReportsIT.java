package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Report files end to end on PostgreSQL, the in-process SQS and S3: asked for (202), queued, written by the writer
 * function from the queue message as the requester, listed, downloaded through the link, opened; idempotent at
 * every step; bounded and refused as the contract says; expired files deleted by the sweeper.
 */
class ReportsIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;
    private static InProcessFunction writer;
    private static InProcessFunction sweeper;

    private final Fixtures fixtures = new Fixtures(db);
    private Tenant lic;
    private Fixtures.Agent agent;
    private Fixtures.Agent other;
    private LocalDate today;

    @BeforeAll
    static void startFunctions() {
        api = ReportsStack.start("ReportsApiFunction", "reportsApi");
        writer = ReportsStack.start("ReportWriterFunction", "reportWriter");
        sweeper = ReportsStack.start("ReportSweeperFunction", "reportSweeper");
    }

    @BeforeEach
    void twoAgentsWithBooks() {
        lic = db.lic();
        today = LocalDate.now(Period.INDIA);
        agent = fixtures.agent().named("Kavita").territory("Rep-" + UUID.randomUUID()).create();
        other = fixtures.agent().territory("Rep-" + UUID.randomUUID()).create();
        drain();
    }

    private UUID policy(Fixtures.Agent owner, String customer, String premium, LocalDate due) {
        UUID holder = fixtures.policyholder().of(owner).named(customer).create();
        UUID id = fixtures.policy().of(owner, holder).premium(premium).create();
        db.ownerDsl(lic).execute("update " + lic.schema() + ".insurance_policies set next_payment_date = ?"
                + " where policy_id = ?", due, id);
        return id;
    }

    private ApiCall.Answer ask(Map<String, Object> claims, Object body, String key) {
        ApiCall call = ApiCall.send("POST", "/reports", body).as(claims);
        return (key == null ? call : call.header("Idempotency-Key", key)).send(api);
    }

    private List<Message> drain() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> some = ReportsStack.aws.sqs().receiveMessage(r -> r.queueUrl(ReportsStack.queue())
                    .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (some.isEmpty()) {
                return all;
            }
            all.addAll(some);
            some.forEach(m -> ReportsStack.aws.sqs().deleteMessage(r -> r.queueUrl(ReportsStack.queue())
                    .receiptHandle(m.receiptHandle())));
        }
    }

    /** The writer function given the queue's messages as Lambda's SQS event source would; its answer. */
    private JsonNode write(List<Message> messages) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message message : messages) {
            records.add(Map.of("messageId", message.messageId(), "receiptHandle", message.receiptHandle(),
                    "body", message.body(), "eventSource", "aws:sqs", "attributes", Map.of(),
                    "messageAttributes", Map.of()));
        }
        try {
            return Json.mapper().readTree(writer.invoke(Json.write(Map.of("Records", records))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode get(Map<String, Object> claims, UUID id) {
        ApiCall.Answer answer = ApiCall.get("/reports/{id}", id).as(claims).send(api);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private static byte[] download(String url) throws Exception {
        try (InputStream in = URI.create(url).toURL().openStream()) {
            return in.readAllBytes();
        }
    }

    private static UUID id(ApiCall.Answer answer) {
        return UUID.fromString(answer.body().path("id").asText());
    }

    @Test
    void aPremiumDueReportIsQueuedWrittenAsTheRequesterDownloadedAndOpensAsXlsx() throws Exception {
        policy(agent, "Suresh", "12345678.90", today.plusDays(3));
        policy(agent, "Anita", "1500.00", today.plusDays(1));
        policy(agent, "Later", "999.00", today.plusDays(45)); // outside the default 30 days
        policy(other, "Hidden", "2000.00", today.plusDays(2)); // another agent's customer

        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "premium_due", "format", "xlsx"), null);

        assertThat(asked.status()).isEqualTo(202);
        assertThat(asked.body().path("status").asText()).isEqualTo("queued");
        assertThat(asked.body().path("filters").path("from").asText()).isEqualTo(today.toString());
        assertThat(asked.body().path("filters").path("to").asText()).isEqualTo(today.plusDays(29).toString());
        List<Message> messages = drain();
        assertThat(messages).hasSize(1);
        assertThat(write(messages).path("batchItemFailures")).isEmpty();

        JsonNode ready = get(agent.claims(), id(asked));
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("rowCount").asInt()).isEqualTo(2);
        assertThat(ready.path("downloadCount").asInt()).isEqualTo(1);
        assertThat(ready.path("expiresAt").asText()).isNotEmpty();
        byte[] file = download(ready.path("downloadUrl").asText());
        assertThat(ready.path("fileSize").asLong()).isEqualTo(file.length);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Customer Name");
            assertThat(sheet.getRow(0).getCell(4).getStringCellValue()).isEqualTo("Premium Amount");
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            Row first = sheet.getRow(1);
            assertThat(first.getCell(0).getStringCellValue()).startsWith("Anita");
            Row second = sheet.getRow(2);
            Cell premium = second.getCell(4);
            assertThat(premium.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(java.math.BigDecimal.valueOf(premium.getNumericCellValue()))
                    .isEqualByComparingTo("12345678.90");
            assertThat(premium.getCellStyle().getDataFormatString()).isEqualTo(ReportSheet.RUPEES);
            assertThat(new org.apache.poi.ss.usermodel.DataFormatter(java.util.Locale.ROOT).formatCellValue(premium))
                    .as("Indian digit grouping").isEqualTo("₹1,23,45,678.90");
            assertThat(second.getCell(6).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(today.plusDays(3));
        }
        assertThat(get(agent.claims(), id(asked)).path("downloadCount").asInt()).as("each link counted")
                .isEqualTo(2);
    }

    /** The access events (tenant V202) about one report, oldest first, as the schema owner reads them. */
    private List<Map<String, Object>> accessEvents(UUID report) {
        return db.ownerDsl(lic).fetch("select event, user_id, user_role, request_id, detail::text as detail from "
                + lic.schema() + ".access_events where entity = 'portal_reports' and entity_id = ?"
                + " order by occurred_at, event desc", report.toString()).intoMaps();
    }

    @Test
    void askingIsAnExportAndEachLinkHandedOutADownloadOfTheReportByTheRequester() {
        policy(agent, "Suresh", "100.00", today.plusDays(3));
        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "premium_due", "format", "csv"), null);
        assertThat(asked.status()).isEqualTo(202);

        assertThat(accessEvents(id(asked))).singleElement().satisfies(export -> {
            assertThat(export.get("event")).isEqualTo("export");
            assertThat(export.get("user_id")).isEqualTo(agent.userId());
            assertThat(export.get("user_role")).isEqualTo("junior_agent");
            assertThat((String) export.get("request_id")).isNotBlank();
            assertThat((String) export.get("detail")).contains("premium_due", "csv");
        });
        assertThat(get(agent.claims(), id(asked)).path("downloadUrl").isMissingNode()).as("queued: no link").isTrue();
        assertThat(accessEvents(id(asked))).as("no link, no download").hasSize(1);

        assertThat(write(drain()).path("batchItemFailures")).isEmpty();
        get(agent.claims(), id(asked));
        get(agent.claims(), id(asked));
        assertThat(ApiCall.get("/reports/{id}", id(asked)).as(other.claims()).send(api).status()).isEqualTo(404);

        List<Map<String, Object>> events = accessEvents(id(asked));
        assertThat(events).extracting(e -> e.get("event"))
                .containsExactly("export", "report_download", "report_download");
        assertThat(events).extracting(e -> e.get("user_id")).containsOnly(agent.userId());
        assertThat(events.get(1).get("request_id")).isNotEqualTo(events.get(2).get("request_id"));
        assertThat(db.ownerDsl(lic).fetch("select changed_by from audit.audit_log where table_name = 'access_events'"
                + " and record_id = ?", id(asked).toString()).getValues(0, String.class))
                .as("in the audit trail, the requester as actor").hasSize(3).containsOnly(agent.userId().toString());
    }

    @Test
    void aReportTheQueueRefusedIsNoExport() {
        Map<String, String> environment = new java.util.HashMap<>(ReportsStack.environment());
        environment.put("REPORTS_QUEUE_URL", ReportsStack.queue() + "-missing");
        InProcessFunction broken = InProcessFunction.start("ReportsApiFunction", ReportsFunctions.class.getName(),
                "reportsApi", environment);

        ApiCall.Answer asked = ApiCall.send("POST", "/reports", Map.of("type", "premium_due")).as(agent.claims())
                .send(broken);

        assertThat(asked.status()).isEqualTo(503);
        assertThat(db.ownerDsl(lic).fetchValue("select count(*) from " + lic.schema() + ".access_events"
                + " where user_id = ?", agent.userId()).toString()).isEqualTo("0");
    }

    @Test
    void theSameMessageTwiceWritesOneFileAndTheSameKeyTwiceQueuesOneReport() {
        policy(agent, "Suresh", "100.00", today.plusDays(3));
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("type", "premium_due", "format", "csv");

        ApiCall.Answer first = ask(agent.claims(), body, key);
        ApiCall.Answer again = ask(agent.claims(), body, key);

        assertThat(again.status()).isEqualTo(202);
        assertThat(id(again)).isEqualTo(id(first));
        List<Message> messages = drain();
        assertThat(messages).as("one report queued").hasSize(1);
        assertThat(db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema()
                + ".portal_reports where generated_by = ?", agent.userId()).get(0, Integer.class)).isEqualTo(1);
        write(messages);
        JsonNode written = get(agent.claims(), id(first));
        write(messages); // delivered again
        JsonNode after = get(agent.claims(), id(first));
        assertThat(after.path("generatedAt")).isEqualTo(written.path("generatedAt"));
        assertThat(after.path("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void csvCarriesExactMoneyIstDatesAndNeutralisesFormulas() throws Exception {
        policy(agent, "=HYPERLINK(\"x\")", "1234567.05", today.plusDays(2));

        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "premium_due", "format", "csv",
                "filters", Map.of("from", today.toString(), "to", today.plusDays(5).toString())), null);
        write(drain());
        String csv = new String(download(get(agent.claims(), id(asked)).path("downloadUrl").asText()),
                StandardCharsets.UTF_8);

        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).startsWith("\uFEFFCustomer Name,Mobile Number,Policy Number");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("\"'=HYPERLINK(\"\"x\"\")");
        assertThat(lines[1]).contains(",1234567.05,").contains("," + today.plusDays(2) + ",");
    }

    @Test
    void headersFollowTheRequestersLanguage() throws Exception {
        db.ownerDsl(lic).execute("update " + lic.schema() + ".users set language_preference = 'hi' where user_id = ?",
                agent.userId());
        policy(agent, "Suresh", "100.00", today.plusDays(3));

        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "premium_due"), null);
        write(drain());
        byte[] file = download(get(agent.claims(), id(asked)).path("downloadUrl").asText());

        assertThat(asked.body().path("language").asText()).isEqualTo("hi");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("ग्राहक का नाम");
        }
    }

    @Test
    void everyTypeIsWrittenForAManager() {
        Fixtures.Agent manager = fixtures.agent().regionalManager().territory("Rep-" + UUID.randomUUID()).create();
        List<UUID> ids = new ArrayList<>();
        for (String type : List.of("premium_due", "policy_register", "agent_productivity", "callback_sla",
                "customer_summary")) {
            for (String format : List.of("xlsx", "csv")) {
                ApiCall.Answer asked = ask(manager.claims(), Map.of("type", type, "format", format), null);
                assertThat(asked.status()).as(type).isEqualTo(202);
                ids.add(id(asked));
            }
        }
        write(drain());
        for (UUID id : ids) {
            JsonNode report = get(manager.claims(), id);
            assertThat(report.path("status").asText()).as(report.path("type").asText()).isEqualTo("ready");
        }
    }

    @Test
    void aReportIsItsRequestersAlone() {
        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "customer_summary"), null);

        ApiCall.Answer otherAsks = ApiCall.get("/reports/{id}", id(asked)).as(other.claims()).send(api);
        ApiCall.Answer staffAsks = ApiCall.get("/reports/{id}", id(asked)).as(new AuthorizerClaims(lic.id(),
                lic.code(), UUID.randomUUID(), Role.SUPER_ADMIN, Optional.empty(), Optional.empty()).toContext())
                .send(api);
        ApiCall.Answer list = ApiCall.get("/reports").as(other.claims()).send(api);

        assertThat(otherAsks.status()).isEqualTo(404);
        assertThat(staffAsks.status()).isEqualTo(404);
        assertThat(list.body().path("items")).isEmpty();
    }

    @Test
    void theListIsNewestFirstAndPaged() {
        List<UUID> asked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            asked.add(id(ask(agent.claims(), Map.of("type", "customer_summary"), null)));
        }
        ApiCall.Answer first = ApiCall.get("/reports").as(agent.claims()).query("limit", 2).send(api);
        ApiCall.Answer second = ApiCall.get("/reports").as(agent.claims()).query("limit", 2)
                .query("cursor", first.body().path("nextCursor").asText()).send(api);

        List<String> seen = new ArrayList<>();
        first.body().path("items").forEach(item -> seen.add(item.path("id").asText()));
        second.body().path("items").forEach(item -> seen.add(item.path("id").asText()));
        assertThat(seen).containsExactly(asked.get(2).toString(), asked.get(1).toString(), asked.get(0).toString());
        assertThat(second.body().has("nextCursor")).isFalse();
    }

    @Test
    void badRequestsAreRefusedAndNothingIsQueued() {
        Map<String, Object> claims = agent.claims();
        assertThat(ask(claims, Map.of("type", "everything"), null).fields()).containsExactly("type");
        assertThat(ask(claims, Map.of("type", "premium_due", "format", "pdf"), null).fields())
                .containsExactly("format");
        assertThat(ask(claims, Map.of("type", "premium_due", "filters", Map.of("agent", "x")), null).fields())
                .containsExactly("filters.agent");
        assertThat(ask(claims, Map.of("type", "policy_register", "filters", Map.of("from", "2026-01-01")), null)
                .fields()).containsExactly("filters.from");
        assertThat(ask(claims, Map.of("type", "premium_due", "filters", Map.of("from", today.toString(), "to",
                today.plusDays(92).toString())), null).fields()).containsExactly("filters.from");
        assertThat(ask(claims, Map.of("type", "callback_sla", "filters", Map.of("to", today.toString())), null)
                .fields()).containsExactly("filters.to");
        assertThat(ask(claims, Map.of("type", "premium_due", "filters", Map.of("from", 20260101)), null).fields())
                .containsExactly("filters.from");
        assertThat(ask(claims, "{\"type\": \"premium_due\", \"owner\": \"x\"}", null).status()).isEqualTo(400);
        assertThat(ask(claims, Map.of("type", "agent_productivity"), null).status()).as("a junior agent")
                .isEqualTo(403);
        assertThat(ask(new AuthorizerClaims(lic.id(), lic.code(), UUID.randomUUID(), Role.POLICYHOLDER,
                Optional.empty(), Optional.empty()).toContext(), Map.of("type", "premium_due"), null).status())
                .isEqualTo(403);
        assertThat(drain()).isEmpty();
        assertThat(db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema()
                + ".portal_reports where generated_by = ?", agent.userId()).get(0, Integer.class)).isZero();
        assertThat(db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema()
                + ".access_events where user_id = ?", agent.userId()).get(0, Integer.class)).as("no export").isZero();
    }

    /**
     * Found on local/run (2026-12-07): the API sends the message inside the request's transaction, so the writer may
     * receive it before the row is committed; it took the missing row for a report already handled, acknowledged the
     * message, and the report stayed {@code queued} for ever.
     */
    @Test
    void aMessageThatArrivesBeforeTheRequestCommitsStillWritesTheReport() throws Exception {
        policy(agent, "Suresh", "100.00", today.plusDays(3));
        UUID asked = id(ask(agent.claims(), Map.of("type", "premium_due"), null));
        drain();
        UUID late = UUID.randomUUID();
        java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
        // a request still in its transaction: its row inserted, not yet committed
        java.util.concurrent.CompletableFuture<Void> request = java.util.concurrent.CompletableFuture.runAsync(
                () -> db.ownerDsl(lic).transaction(configuration -> {
                    configuration.dsl().execute("insert into " + lic.schema() + ".portal_reports (report_id,"
                            + " report_type, report_name, file_format, language, parameters, generated_by,"
                            + " generated_by_role, generated_by_agent) select ?, report_type, report_name, file_format,"
                            + " language, parameters, generated_by, generated_by_role, generated_by_agent from "
                            + lic.schema() + ".portal_reports where report_id = ?", late, asked);
                    inserted.countDown();
                    Thread.sleep(1_000);
                }));
        assertThat(inserted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        JsonNode answer = write(List.of(Message.builder().messageId("early-1").receiptHandle("r")
                .body(Json.write(Map.of("tenantId", lic.id().toString(), "reportId", late.toString()))).build()));
        request.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(answer.path("batchItemFailures")).isEmpty();
        JsonNode report = get(agent.claims(), late);
        assertThat(report.path("status").asText()).isEqualTo("ready");
        assertThat(report.path("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void aMalformedMessageFailsAloneAndRestsInTheDeadLetterQueue() {
        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "customer_summary"), null);
        List<Message> messages = new ArrayList<>(drain());
        messages.add(Message.builder().messageId("bad-1").receiptHandle("r").body("{\"tenantId\": \"nope\"}")
                .build());

        JsonNode answer = write(messages);

        assertThat(answer.path("batchItemFailures")).hasSize(1);
        assertThat(answer.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("bad-1");
        assertThat(get(agent.claims(), id(asked)).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void expiredFilesAreDeletedByTheSweeperAndTheReportSaysExpired() {
        ApiCall.Answer asked = ask(agent.claims(), Map.of("type", "customer_summary"), null);
        write(drain());
        String key = db.ownerDsl(lic).fetchSingle("select file_path from " + lic.schema()
                + ".portal_reports where report_id = ?", id(asked)).get(0, String.class);
        db.ownerDsl(lic).execute("update " + lic.schema() + ".portal_reports set expires_at = now() - interval '1 minute'"
                + " where report_id = ?", id(asked));

        sweeper.invoke("{}");
        sweeper.invoke("{}"); // a rerun finds nothing

        JsonNode report = get(agent.claims(), id(asked));
        assertThat(report.path("status").asText()).isEqualTo("expired");
        assertThat(report.has("downloadUrl")).isFalse();
        assertThat(ReportsStack.aws.s3().listObjectsV2(r -> r.bucket(ReportsStack.BUCKET).prefix(key)).contents())
                .isEmpty();
    }
}
