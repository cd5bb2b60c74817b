package com.agentmitra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.metrics.reminders.ReminderFunctions;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Both scheduled functions as Lambda runs them, on the sample events local/invoke uses. */
class MetricsFunctionIT {

    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(InProcessAws.shared().environment());
        return environment;
    }

    private static InProcessFunction metrics() {
        return InProcessFunction.start("MetricsFunction", MetricsFunctions.class.getName(), "metrics", environment());
    }

    private static InProcessFunction reminders() {
        Map<String, String> environment = environment();
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", InProcessAws.shared().queue("whatsapp-outbound-fn-" + System.nanoTime()));
        return InProcessFunction.start("RemindersFunction", ReminderFunctions.class.getName(), "reminders",
                environment);
    }

    /** What {@code action} answers, and the embedded-metric-format documents it printed on stdout. */
    private record Printed(String answer, List<JsonNode> documents) {}

    private static Printed printed(Supplier<String> action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String answer;
        try {
            answer = action.get();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> documents = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("\"_aws\""))
                .map(line -> {
                    try {
                        return Json.mapper().readTree(line);
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
        return new Printed(answer, documents);
    }

    private static JsonNode documentOf(List<JsonNode> documents, String tenant) {
        List<JsonNode> found = documents.stream().filter(d -> d.path("Tenant").asText().equals(tenant)).toList();
        assertThat(found).as("documents dimensioned Tenant=" + tenant).hasSize(1);
        return found.get(0);
    }

    @Test
    void eachTenantsNumbersAreWrittenUnderItsOwnTenantDimension() throws Exception {
        InProcessFunction metrics = metrics();

        Printed run = printed(() -> metrics.invoke(Events.json("metrics/range.json")));

        JsonNode report = Json.mapper().readTree(run.answer());
        assertThat(report.path("tenants")).hasSize(3);
        assertThat(run.documents()).hasSize(4);
        for (JsonNode tenant : report.path("tenants")) {
            JsonNode document = documentOf(run.documents(), tenant.path("tenant").asText());
            long rows = tenant.path("agentPerformanceRows").asLong() + tenant.path("callbackMetricsRows").asLong()
                    + tenant.path("agentCallbackRows").asLong();
            assertThat(document.path("MetricRowsWritten").asLong()).isEqualTo(rows);
            assertThat(document.path("RunMilliseconds").asLong()).isEqualTo(tenant.path("milliseconds").asLong());
        }
        JsonNode all = documentOf(run.documents(), "all");
        assertThat(all.path("TenantsFailed").asLong()).isZero();
        assertThat(all.has("MetricRowsWritten")).isFalse();
    }

    @Test
    void anSqsBatchIsRefusedInsteadOfRunningTheNight() {
        assertThatThrownBy(() -> metrics().invoke(Events.json("whatsapp/outbound-batch.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record from aws:sqs");
    }

    @Test
    void oneDateComputesThatDayForEveryTenant() throws Exception {
        JsonNode report = Json.mapper().readTree(metrics().invoke(Events.json("metrics/date.json")));

        assertThat(report.path("from").asText()).isEqualTo("2026-11-20");
        assertThat(report.path("to").asText()).isEqualTo("2026-11-20");
        assertThat(report.path("tenantsFailed").asLong()).isZero();
        assertThat(report.path("tenants").findValuesAsText("tenant"))
                .containsExactlyInAnyOrder("LIC", "HDFC_LIFE", "ICICI_PRUDENTIAL");
        assertThat(report.path("tenants").findValues("callbackMetricsRows")).allMatch(rows -> rows.asLong() == 1);
    }

    @Test
    void aRangeBackfillsEveryDay() throws Exception {
        JsonNode report = Json.mapper().readTree(metrics().invoke(Events.json("metrics/range.json")));

        assertThat(report.path("tenants").findValues("callbackMetricsRows")).allMatch(rows -> rows.asLong() == 7);
    }

    @Test
    void theNightlyScheduleComputesTheDayBeforeItFired() throws Exception {
        JsonNode report = Json.mapper().readTree(metrics().invoke(Events.json("metrics/scheduled.json")));

        // fired 2026-11-24T20:00Z = 01:30 IST on the 25th
        assertThat(report.path("from").asText()).isEqualTo("2026-11-24");
        assertThat(report.path("tenantsFailed").asLong()).isZero();
    }

    @Test
    void anUnreadableDateFailsWithAClearReason() {
        assertThatThrownBy(() -> metrics().invoke("{\"date\": \"20/11/2026\"}"))
                .hasStackTraceContaining("date must be a date YYYY-MM-DD");
    }

    @Test
    void theRemindersScheduleRunsEveryTenant() throws Exception {
        InProcessFunction reminders = reminders();

        JsonNode report = Json.mapper().readTree(reminders.invoke(Events.json("metrics/reminders-scheduled.json")));

        assertThat(report.path("tenantsFailed").asLong()).isZero();
        assertThat(report.path("tenants").findValuesAsText("tenant"))
                .containsExactlyInAnyOrder("LIC", "HDFC_LIFE", "ICICI_PRUDENTIAL");
    }

    @Test
    void theRemindersWriteOneMetricsDocumentPerTenant() throws Exception {
        InProcessFunction reminders = reminders();

        Printed run = printed(() -> reminders.invoke(Events.json("metrics/reminders-scheduled.json")));

        JsonNode report = Json.mapper().readTree(run.answer());
        assertThat(report.path("tenants")).hasSize(3);
        for (JsonNode tenant : report.path("tenants")) {
            JsonNode document = documentOf(run.documents(), tenant.path("tenant").asText());
            assertThat(document.path("RemindersQueued").asLong()).isEqualTo(tenant.path("queued").asLong());
            assertThat(document.path("PoliciesLapsed").asLong()).isEqualTo(tenant.path("policiesLapsed").asLong());
        }
        assertThat(documentOf(run.documents(), "all").has("RemindersQueued")).isFalse();
    }

    @Test
    void theRemindersRefuseAnS3Notification() {
        InProcessFunction reminders = reminders();

        assertThatThrownBy(() -> reminders.invoke(Events.json("excel-import/object-created.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record from aws:s3");
    }
}
