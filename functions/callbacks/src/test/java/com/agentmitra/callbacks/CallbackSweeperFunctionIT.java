package com.agentmitra.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweeper as Lambda runs it (the real handler, its own environment), on the sample schedule. */
class CallbackSweeperFunctionIT {

    private static InProcessFunction sweeper;

    @BeforeAll
    static void startFunction() {
        InProcessAws aws = InProcessAws.shared();
        Map<String, String> environment = new HashMap<>(TestDatabase.get().appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", aws.queue("whatsapp-outbound-sweeper-" + System.nanoTime()));
        sweeper = InProcessFunction.start("CallbackSweeperFunction", CallbackFunctions.class.getName(),
                "callbackSweeper", environment);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theScheduleSweepsEveryTenantAndWritesEachTenantsNumbersUnderItsOwnDimension() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String answer;
        try {
            answer = sweeper.invoke(Events.json("callbacks/sweeper-schedule.json"));
        } finally {
            System.setOut(original);
        }

        JsonNode tenants = json(answer).path("tenants");
        List<JsonNode> documents = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("\"_aws\"")).map(CallbackSweeperFunctionIT::json).toList();
        assertThat(tenants.findValuesAsText("tenant")).containsExactlyInAnyOrder("LIC", "HDFC_LIFE", "ICICI_PRUDENTIAL");
        assertThat(documents).hasSize(3);
        for (JsonNode tenant : tenants) {
            List<JsonNode> own = documents.stream()
                    .filter(d -> d.path("Tenant").asText().equals(tenant.path("tenant").asText())).toList();
            assertThat(own).as(tenant.path("tenant").asText()).hasSize(1);
            assertThat(own.get(0).path("CallbacksRescored").asInt()).isEqualTo(tenant.path("rescored").asInt());
            assertThat(own.get(0).path("CallbacksMarkedOverdue").asInt()).isEqualTo(tenant.path("markedOverdue").asInt());
            assertThat(own.get(0).path("CallbacksAssignedBySweeper").asInt()).isEqualTo(tenant.path("assigned").asInt());
        }
    }

    @Test
    void anSqsBatchIsRefusedInsteadOfSweeping() {
        assertThatThrownBy(() -> sweeper.invoke(Events.json("whatsapp/outbound-batch.json")))
                .hasStackTraceContaining("unsupported event: a batch of 1 record from aws:sqs");
    }
}
