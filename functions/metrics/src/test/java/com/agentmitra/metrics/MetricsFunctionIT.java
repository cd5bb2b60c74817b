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
import java.util.HashMap;
import java.util.Map;
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
        Map<String, String> environment = environment();
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", InProcessAws.shared().queue("whatsapp-outbound-fn-" + System.nanoTime()));
        InProcessFunction reminders = InProcessFunction.start("RemindersFunction", ReminderFunctions.class.getName(),
                "reminders", environment);

        JsonNode report = Json.mapper().readTree(reminders.invoke(Events.json("metrics/reminders-scheduled.json")));

        assertThat(report.path("tenantsFailed").asLong()).isZero();
        assertThat(report.path("tenants").findValuesAsText("tenant"))
                .containsExactlyInAnyOrder("LIC", "HDFC_LIFE", "ICICI_PRUDENTIAL");
    }
}
