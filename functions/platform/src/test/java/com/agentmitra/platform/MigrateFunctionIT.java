package com.agentmitra.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MigrateFunctionIT {

    private static final String MAIN_CLASS = PlatformFunctions.class.getName();

    private final TestDatabase db = TestDatabase.get();

    @Test
    void aDirectInvokeMigratesIdempotentlyAndReportsEveryTenantSchema() throws Exception {
        InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", db.ownerEnvironment());

        JsonNode report = Json.mapper().readTree(migrate.invoke(Events.json("platform/migrate.json")));

        assertThat(report.path("migrationsApplied").asInt()).isZero();
        assertThat(report.path("tenantSchemas").findValuesAsText("schema"))
                .containsExactlyInAnyOrder("lic_schema", "hdfc_schema", "icici_schema");
    }

    @Test
    void aScheduledEventIsRefusedInsteadOfMigrating() {
        InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", db.ownerEnvironment());

        assertThatThrownBy(() -> migrate.invoke(Events.json("metrics/scheduled.json")))
                .hasStackTraceContaining("unsupported event: an EventBridge \"Scheduled Event\" event from aws.scheduler");
    }

    @Test
    void aSingleConnectionPoolSettingStillMigrates() throws Exception {
        Map<String, String> environment = new HashMap<>(db.ownerEnvironment());
        environment.put("DB_POOL_SIZE", "1");
        InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", environment);

        JsonNode report = Json.mapper().readTree(migrate.invoke("{}"));

        assertThat(report.path("tenantSchemas").size()).isEqualTo(3);
    }

    @Test
    void itPreparesTheApplicationLoginAsAMemberOfTheAppRoleOnly() {
        Map<String, String> environment = new HashMap<>(db.ownerEnvironment());
        environment.put("APP_DB_USER", "agent_mitra_fn_check");
        InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", environment);

        migrate.invoke("{}");

        String roles = db.database().inSharedTransaction(tx -> tx.fetchSingle("""
                select string_agg(g.rolname, ',') from pg_auth_members m
                  join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
                 where u.rolname = 'agent_mitra_fn_check'""").get(0, String.class));
        assertThat(roles).isEqualTo("agent_mitra_app");
    }

    @Nested
    class AsACloudFormationCustomResource {

        private HttpServer cloudFormation;
        private final BlockingQueue<JsonNode> answers = new ArrayBlockingQueue<>(4);

        @BeforeEach
        void cloudFormationListens() throws IOException {
            cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            cloudFormation.createContext("/response", exchange -> {
                answers.add(Json.mapper().readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            cloudFormation.start();
        }

        @AfterEach
        void stop() {
            cloudFormation.stop(0);
        }

        private String request(String type) {
            return Json.write(Map.of(
                    "RequestType", type,
                    "ResponseURL", "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response",
                    "StackId", "arn:aws:cloudformation:ap-south-1:000000000000:stack/agent-mitra-test/1",
                    "RequestId", "request-" + type,
                    "LogicalResourceId", "DatabaseSchema",
                    "ResourceType", "Custom::DatabaseSchema",
                    "ResourceProperties", Map.of()));
        }

        @Test
        void createMigratesAndAnswersSuccess() throws Exception {
            InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", db.ownerEnvironment());

            migrate.invoke(request("Create"));

            JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer).isNotNull();
            assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
            assertThat(answer.path("RequestId").asText()).isEqualTo("request-Create");
            assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo("agent-mitra-database-schema");
            assertThat(answer.path("Data").path("tenantSchemas").size()).isEqualTo(3);
        }

        @Test
        void deleteLeavesTheDataAndAnswersSuccess() throws Exception {
            InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", db.ownerEnvironment());

            migrate.invoke(request("Delete"));

            JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
            assertThat(db.tenants().all()).hasSize(3);
        }

        @Test
        void aFailureIsReportedSoTheStackDoesNotHangForAnHour() throws Exception {
            Map<String, String> environment = new HashMap<>(db.ownerEnvironment());
            environment.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/postgres");
            InProcessFunction migrate = InProcessFunction.start("MigrateFunction", MAIN_CLASS, "migrate", environment);

            migrate.invoke(request("Update"));

            JsonNode answer = answers.poll(30, TimeUnit.SECONDS);
            assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
            assertThat(answer.path("Reason").asText()).startsWith("migration failed");
        }
    }
}
