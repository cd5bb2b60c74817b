package com.agentmitra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.LogCapture;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /health} through the real Spring Cloud Function handler, on the sample event local/invoke uses. */
class HealthFunctionIT {

    private static final String MAIN_CLASS = PlatformFunctions.class.getName();

    private final TestDatabase db = TestDatabase.get();

    @Test
    void answersOkWithTheSchemaVersionWhenTheDatabaseIsReachable() throws Exception {
        InProcessFunction health = InProcessFunction.start("HealthFunction", MAIN_CLASS, "health", db.appEnvironment());

        JsonNode response = Json.mapper().readTree(health.invoke(Events.json("platform/health.json")));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(response.path("body").asText());
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("database").asText()).isEqualTo("up");
        assertThat(body.path("schemaVersion").asText()).isEqualTo(
                db.database().inSharedTransaction(tx -> tx.fetchSingle(
                        "select max(version) from shared.flyway_schema_history where success").get(0, String.class)));
    }

    @Test
    void answers503ProblemDetailsWhenTheDatabaseIsUnreachable() throws Exception {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/postgres");
        InProcessFunction health = InProcessFunction.start("HealthFunction", MAIN_CLASS, "health", environment);

        JsonNode response = Json.mapper().readTree(health.invoke(Events.json("platform/health.json")));

        assertThat(response.path("statusCode").asInt()).isEqualTo(503);
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("application/problem+json");
        JsonNode problem = Json.mapper().readTree(response.path("body").asText());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asText()).isEqualTo("the database is unreachable");
    }

    @Test
    void snapStartPrimingNeedsNoDatabase() {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/postgres");
        InProcessFunction.start("HealthFunction", MAIN_CLASS, "health", environment);

        org.assertj.core.api.Assertions.assertThatCode(com.agentmitra.lambda.SnapStartPriming::primeAll)
                .doesNotThrowAnyException();
    }

    @Test
    void incomingEventsAreNeverLoggedWithTheirSecrets() throws Exception {
        InProcessFunction health = InProcessFunction.start("HealthFunction", MAIN_CLASS, "health", db.appEnvironment());
        String event = Events.json("platform/health.json")
                .replace("\"body\": null", "\"body\": \"{\\\"password\\\":\\\"Sunflower-Secret-42\\\",\\\"code\\\":\\\"482913\\\"}\"")
                .replace("\"Accept\": \"application/json\",", "\"Accept\": \"application/json\", \"Authorization\": \"Bearer eyJhbGciOiJFUzI1NiJ9.c2VjcmV0.c2ln\",");

        try (LogCapture logs = LogCapture.start()) {
            health.invoke(event);

            assertThat(logs.text()).doesNotContain("Sunflower-Secret-42").doesNotContain("482913")
                    .doesNotContain("eyJhbGciOiJFUzI1NiJ9");
        }
    }
}
