package com.agentmitra.archival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The archival handler as Lambda runs it, on the sample events local/invoke uses. */
class ArchivalFunctionIT {

    private static InProcessFunction archival() {
        InProcessAws aws = InProcessAws.shared();
        aws.bucket("archive-handler-test");
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(aws.environment());
        environment.put("ARCHIVE_BUCKET", "archive-handler-test");
        return InProcessFunction.start("ArchivalFunction", ArchivalFunctions.class.getName(), "archival", environment);
    }

    @Test
    void theMonthlyScheduleRunsEveryTenantAndReportsEach() throws Exception {
        JsonNode report = Json.mapper().readTree(archival().invoke(Events.json("archival/scheduled.json")));

        assertThat(report.path("tenantsFailed").asLong()).isZero();
        assertThat(report.path("tenants").findValuesAsText("tenant"))
                .containsExactlyInAnyOrder("LIC", "HDFC_LIFE", "ICICI_PRUDENTIAL");
    }

    @Test
    void restoringAMonthThatWasNeverArchivedFailsWithAClearReason() {
        assertThatThrownBy(() -> archival().invoke(Events.json("archival/restore.json")))
                .hasStackTraceContaining("nothing is archived for LIC user_events 2023-06");
    }

    @Test
    void anSqsBatchIsRefusedInsteadOfArchivingEveryTenant() {
        assertThatThrownBy(() -> archival().invoke(Events.json("whatsapp/outbound-batch.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record from aws:sqs");
    }
}
