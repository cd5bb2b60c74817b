package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every administration route through the real Spring Cloud Function handler, against real PostgreSQL. */
class AdminApiIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;

    private final AdminFixtures admin = new AdminFixtures(db);
    private Tenant lic;
    private AdminFixtures.Staff administrator;
    private Fixtures.Agent manager;
    private Fixtures.Agent agent;
    private Fixtures.Agent subAgent;
    private Fixtures.Agent elsewhere;
    private String territory;

    @BeforeAll
    static void startFunction() {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", "http://127.0.0.1:1/unused");
        api = InProcessFunction.start("AdminFunction", AdminFunctions.class.getName(), "adminApi", environment);
    }

    @BeforeEach
    void aTeam() {
        lic = db.lic();
        territory = "Admin-" + UUID.randomUUID();
        administrator = admin.admin(lic);
        manager = admin.fixtures.agent().regionalManager().named("Mohan").territory(territory).create();
        agent = admin.fixtures.agent().senior().named("Ravi").territory(territory).under(manager).create();
        subAgent = admin.fixtures.agent().named("Sita").territory(territory).under(agent).create();
        elsewhere = admin.fixtures.agent().named("Elsa").territory("Elsewhere-" + UUID.randomUUID()).create();
    }

    private AdminCall.Answer asAdmin(AdminCall call) {
        return call.as(administrator.claims()).send(api);
    }

    /** Every route with a body that would succeed for an administrator. */
    private List<AdminCall> everyRoute() {
        UUID some = UUID.randomUUID();
        return List.of(
                AdminCall.to("GET", "/users"),
                AdminCall.to("GET", "/users/{id}", agent.userId()),
                AdminCall.to("GET", "/agents"),
                AdminCall.to("GET", "/agents/{id}", subAgent.agentId()),
                AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of("territory", "Hacked")),
                AdminCall.to("POST", "/agents/{id}/approval", subAgent.agentId()).body(Map.of("decision", "approve")),
                AdminCall.to("GET", "/callback-escalation-rules"),
                AdminCall.to("POST", "/callback-escalation-rules").body(rule("agent's rule " + some)),
                AdminCall.to("PATCH", "/callback-escalation-rules/{id}", some).body(Map.of("active", false)),
                AdminCall.to("DELETE", "/callback-escalation-rules/{id}", some),
                AdminCall.to("GET", "/callback-queues"),
                AdminCall.to("POST", "/callback-queues").body(Map.of("name", "agent's queue " + some)),
                AdminCall.to("PATCH", "/callback-queues/{id}", some).body(Map.of("active", false)),
                AdminCall.to("DELETE", "/callback-queues/{id}", some),
                AdminCall.to("GET", "/callback-templates"),
                AdminCall.to("POST", "/callback-templates").body(Map.of("name", "t " + some, "category", "general",
                        "text", "Hello")),
                AdminCall.to("PATCH", "/callback-templates/{id}", some).body(Map.of("active", false)),
                AdminCall.to("DELETE", "/callback-templates/{id}", some),
                AdminCall.to("GET", "/tenant/settings"),
                AdminCall.to("PATCH", "/tenant/settings").body(Map.of("maturityReminderDays", 45)),
                AdminCall.to("GET", "/audit"),
                AdminCall.to("GET", "/whatsapp/templates"),
                AdminCall.to("GET", "/roles/{role}/permissions").path("role", "junior_agent"),
                AdminCall.to("PUT", "/roles/{role}/permissions").path("role", "junior_agent")
                        .body(Map.of("permissions", List.of("profile:read"))));
    }

    private static Map<String, Object> rule(String name) {
        return Map.of("name", name, "priority", "low", "triggerCondition", Map.of("overdueByMinutes", 10),
                "action", "increase_priority", "target", Map.of("priority", "high"));
    }

    @Nested
    class WhoMayCall {

        @Test
        void anAgentCannotReachAnyOfTheseRoutes() {
            List<AdminCall> calls = everyRoute();
            assertThat(calls).hasSize(new AdminRoutes(new com.agentmitra.lambda.Api(new com.agentmitra.data.TenantDirectory(null),
                    new com.agentmitra.lambda.Idempotency(null, null)), null, null, null, null, null, null, null)
                    .describe().size());
            for (AdminCall call : calls) {
                AdminCall.Answer answer = call.as(agent.claims()).send(api);
                assertThat(answer.status()).as(call.toString()).isEqualTo(403);
                assertThat(answer.body().path("type").asText()).isEqualTo("/problems/forbidden");
            }
            // and nothing changed behind the refusals
            assertThat(db.ownerDsl(lic).select(AGENTS.TERRITORY).from(AGENTS)
                    .where(AGENTS.AGENT_ID.eq(subAgent.agentId())).fetchSingle(AGENTS.TERRITORY)).isEqualTo(territory);
        }

        @Test
        void customersSupportStaffAndJuniorAgentsAreRefusedToo() {
            List<Map<String, Object>> callers = List.of(subAgent.claims(),
                    admin.staff(lic, Role.SUPPORT_STAFF).claims(), admin.staff(lic, Role.POLICYHOLDER).claims());
            for (Map<String, Object> claims : callers) {
                for (AdminCall call : everyRoute()) {
                    assertThat(call.as(claims).send(api).status()).isEqualTo(403);
                }
            }
        }

        @Test
        void withoutClaimsEveryRouteIs401() {
            for (AdminCall call : everyRoute()) {
                assertThat(call.send(api).status()).isEqualTo(401);
            }
        }

        @Test
        void aRegionalManagerReadsAgentsButNothingElse() {
            for (AdminCall call : everyRoute()) {
                String resource = call.toString();
                AdminCall.Answer answer = call.as(manager.claims()).send(api);
                boolean readsAgents = answer.status() == 200;
                if (readsAgents) {
                    assertThat(answer.body().has("items") || answer.body().has("agentCode")).isTrue();
                } else {
                    assertThat(answer.status()).as(resource).isEqualTo(403);
                }
            }
            assertThat(AdminCall.to("GET", "/agents").as(manager.claims()).send(api).status()).isEqualTo(200);
            assertThat(AdminCall.to("GET", "/agents/{id}", subAgent.agentId()).as(manager.claims()).send(api).status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Users {

        @Test
        void listsUsersByRoleAndSearchOnePageAtATime() {
            AdminCall.Answer first = asAdmin(AdminCall.to("GET", "/users").query("role", "senior_agent")
                    .query("limit", 1));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body().path("items")).hasSize(1);
            assertThat(first.body().path("items").get(0).path("role").asText()).isEqualTo("senior_agent");
            String cursor = first.body().path("nextCursor").asText();
            AdminCall.Answer second = asAdmin(AdminCall.to("GET", "/users").query("role", "senior_agent")
                    .query("limit", 1).query("cursor", cursor));
            assertThat(second.body().path("items").get(0).path("id").asText())
                    .isNotEqualTo(first.body().path("items").get(0).path("id").asText());

            String lastName = db.ownerDsl(lic).select(com.agentmitra.data.jooq.tenant.Tables.USERS.LAST_NAME)
                    .from(com.agentmitra.data.jooq.tenant.Tables.USERS)
                    .where(com.agentmitra.data.jooq.tenant.Tables.USERS.USER_ID.eq(subAgent.userId()))
                    .fetchSingle().value1();
            AdminCall.Answer found = asAdmin(AdminCall.to("GET", "/users").query("q", lastName.toUpperCase()));
            assertThat(found.body().path("items")).singleElement()
                    .satisfies(user -> assertThat(user.path("agentId").asText()).isEqualTo(subAgent.agentId().toString()));
        }

        @Test
        void badFiltersAre400() {
            assertThat(asAdmin(AdminCall.to("GET", "/users").query("role", "pirate")).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/users").query("limit", 1000)).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/users").query("cursor", "forged.cursor")).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/users").query("q", "x".repeat(101))).status()).isEqualTo(400);
        }

        @Test
        void oneUserWithSessionsAndLastSignInButNoSecretColumn() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            var dsl = db.ownerDsl(lic);
            dsl.update(com.agentmitra.data.jooq.tenant.Tables.USERS)
                    .set(com.agentmitra.data.jooq.tenant.Tables.USERS.LAST_LOGIN_AT, now)
                    .set(com.agentmitra.data.jooq.tenant.Tables.USERS.PASSWORD_HASH, "$argon2id$not-a-real-hash")
                    .set(com.agentmitra.data.jooq.tenant.Tables.USERS.MFA_SECRET, "not-a-real-secret")
                    .where(com.agentmitra.data.jooq.tenant.Tables.USERS.USER_ID.eq(agent.userId())).execute();
            dsl.insertInto(USER_SESSIONS).set(USER_SESSIONS.USER_ID, agent.userId())
                    .set(USER_SESSIONS.REFRESH_TOKEN_HASH, "refresh-hash-" + UUID.randomUUID())
                    .set(USER_SESSIONS.EXPIRES_AT, now.plus(30, ChronoUnit.DAYS))
                    .set(USER_SESSIONS.USER_AGENT, "portal-test").execute();
            dsl.insertInto(USER_SESSIONS).set(USER_SESSIONS.USER_ID, agent.userId())
                    .set(USER_SESSIONS.REFRESH_TOKEN_HASH, "refresh-hash-" + UUID.randomUUID())
                    .set(USER_SESSIONS.EXPIRES_AT, now.plus(30, ChronoUnit.DAYS))
                    .set(USER_SESSIONS.REVOKED_AT, now).set(USER_SESSIONS.REVOKED_REASON, "logout").execute();

            AdminCall.Answer answer = asAdmin(AdminCall.to("GET", "/users/{id}", agent.userId()));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("lastSignInAt").asText()).isEqualTo(now.toString());
            assertThat(answer.body().path("activeSessions").asInt()).isEqualTo(1);
            assertThat(answer.body().path("sessions")).hasSize(2);
            assertThat(answer.text()).doesNotContain("not-a-real", "refresh-hash", "password", "mfaSecret",
                    "mfa_secret", "token");
            assertThat(asAdmin(AdminCall.to("GET", "/users/{id}", UUID.randomUUID())).status()).isEqualTo(404);
        }
    }

    @Nested
    class Agents {

        @Test
        void anAdministratorListsAndSearchesEveryAgent() {
            AdminCall.Answer answer = asAdmin(AdminCall.to("GET", "/agents").query("q", territory));
            assertThat(ids(answer)).containsExactlyInAnyOrder(manager.agentId(), agent.agentId(), subAgent.agentId());
            AdminCall.Answer children = asAdmin(AdminCall.to("GET", "/agents").query("parentId", agent.agentId()));
            assertThat(ids(children)).containsExactly(subAgent.agentId());
            admin.pendingAgent(lic, territory);
            AdminCall.Answer pending = asAdmin(AdminCall.to("GET", "/agents").query("q", territory)
                    .query("status", "pending_approval"));
            assertThat(pending.body().path("items")).singleElement()
                    .satisfies(row -> assertThat(row.path("status").asText()).isEqualTo("pending_approval"));
        }

        @Test
        void aManagerSeesOnlyTheirSubtree() {
            AdminCall.Answer answer = AdminCall.to("GET", "/agents").query("limit", 100).as(manager.claims()).send(api);
            assertThat(ids(answer)).contains(agent.agentId(), subAgent.agentId()).doesNotContain(elsewhere.agentId());
            assertThat(AdminCall.to("GET", "/agents/{id}", elsewhere.agentId()).as(manager.claims()).send(api).status())
                    .isEqualTo(404);
        }

        @Test
        void patchesLicenceTerritoryWhatsappAndSpecialties() {
            String licence = "LIC/" + UUID.randomUUID().toString().substring(0, 8);
            AdminCall.Answer answer = asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of(
                    "licenseNumber", licence, "licenseExpiryDate", "2027-03-31", "territory", "Nashik",
                    "whatsappBusinessNumber", "+919876543210", "specialties", List.of("term", "pension"))));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("licenseNumber").asText()).isEqualTo(licence);
            assertThat(answer.body().path("licenseExpiryDate").asText()).isEqualTo("2027-03-31");
            assertThat(answer.body().path("territory").asText()).isEqualTo("Nashik");
            assertThat(answer.body().path("whatsappBusinessNumber").asText()).isEqualTo("+919876543210");
            assertThat(answer.body().path("specialties")).hasSize(2);

            AdminCall.Answer taken = asAdmin(AdminCall.to("PATCH", "/agents/{id}", agent.agentId())
                    .body(Map.of("licenseNumber", licence)));
            assertThat(taken.status()).isEqualTo(409);

            AdminCall.Answer bad = asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of(
                    "territory", "Pune", "whatsappBusinessNumber", "98765", "licenseExpiryDate", "31/03/2027")));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("errors").toString()).contains("whatsappBusinessNumber", "licenseExpiryDate");
            // nothing of the refused request was written, not even its valid field
            assertThat(asAdmin(AdminCall.to("GET", "/agents/{id}", subAgent.agentId())).body().path("territory")
                    .asText()).isEqualTo("Nashik");
            assertThat(asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId())
                    .body(Map.of("agentCode", "X"))).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of()))
                    .status()).isEqualTo(400);
        }

        @Test
        void aMoveThatWouldMakeACycleIs409AndChangesNothing() {
            // manager -> agent -> subAgent: the manager cannot go under the sub-agent, nor the agent under itself
            AdminCall.Answer cycle = asAdmin(AdminCall.to("PATCH", "/agents/{id}", manager.agentId())
                    .body(Map.of("parentAgentId", subAgent.agentId().toString(), "territory", "Moved")));
            assertThat(cycle.status()).isEqualTo(409);
            assertThat(cycle.body().path("detail").asText()).contains("cycle");
            assertThat(admin.parentOf(manager)).isNull();
            assertThat(asAdmin(AdminCall.to("GET", "/agents/{id}", manager.agentId())).body().path("territory")
                    .asText()).isEqualTo(territory);

            AdminCall.Answer self = asAdmin(AdminCall.to("PATCH", "/agents/{id}", agent.agentId())
                    .body(Map.of("parentAgentId", agent.agentId().toString())));
            assertThat(self.status()).isEqualTo(409);

            AdminCall.Answer unknown = asAdmin(AdminCall.to("PATCH", "/agents/{id}", agent.agentId())
                    .body(Map.of("parentAgentId", UUID.randomUUID().toString())));
            assertThat(unknown.status()).isEqualTo(400);
        }

        @Test
        void aMoveKeepsLevelsAndCountsTrue() {
            AdminCall.Answer moved = asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId())
                    .body(Map.of("parentAgentId", elsewhere.agentId().toString())));
            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.body().path("parentAgentId").asText()).isEqualTo(elsewhere.agentId().toString());
            assertThat(moved.body().path("hierarchyLevel").asInt()).isEqualTo(2);
            assertThat(asAdmin(AdminCall.to("GET", "/agents/{id}", elsewhere.agentId())).body()
                    .path("subAgentsCount").asInt()).isEqualTo(1);
            assertThat(asAdmin(AdminCall.to("GET", "/agents/{id}", agent.agentId())).body()
                    .path("subAgentsCount").asInt()).isZero();

            AdminCall.Answer top = asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId())
                    .body("{\"parentAgentId\": null}"));
            assertThat(top.body().path("parentAgentId").isTextual()).isFalse();
            assertThat(admin.parentOf(subAgent)).isNull();
            assertThat(top.body().path("hierarchyLevel").asInt()).isEqualTo(1);
        }

        @Test
        void approvesOrRejectsAnAgentWaitingForApproval() {
            Fixtures.Agent newcomer = admin.pendingAgent(lic, territory);
            Fixtures.Agent another = admin.pendingAgent(lic, territory);

            AdminCall.Answer noReason = asAdmin(AdminCall.to("POST", "/agents/{id}/approval", another.agentId())
                    .body(Map.of("decision", "reject")));
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("POST", "/agents/{id}/approval", another.agentId())
                    .body(Map.of("decision", "maybe"))).status()).isEqualTo(400);

            AdminCall.Answer approved = asAdmin(AdminCall.to("POST", "/agents/{id}/approval", newcomer.agentId())
                    .body(Map.of("decision", "approve", "reason", "documents checked")));
            assertThat(approved.status()).isEqualTo(200);
            assertThat(approved.body().path("status").asText()).isEqualTo("active");
            assertThat(approved.body().path("approvedBy").asText()).isEqualTo(administrator.userId().toString());
            assertThat(approved.body().path("approvalReason").asText()).isEqualTo("documents checked");

            AdminCall.Answer rejected = asAdmin(AdminCall.to("POST", "/agents/{id}/approval", another.agentId())
                    .body(Map.of("decision", "reject", "reason", "licence not valid")));
            assertThat(rejected.body().path("status").asText()).isEqualTo("rejected");
            assertThat(admin.status(another)).isEqualTo(AgentStatusEnum.rejected);

            AdminCall.Answer again = asAdmin(AdminCall.to("POST", "/agents/{id}/approval", newcomer.agentId())
                    .body(Map.of("decision", "reject", "reason", "changed my mind")));
            assertThat(again.status()).isEqualTo(409);
            assertThat(admin.status(newcomer)).isEqualTo(AgentStatusEnum.active);
            assertThat(asAdmin(AdminCall.to("POST", "/agents/{id}/approval", UUID.randomUUID())
                    .body(Map.of("decision", "approve"))).status()).isEqualTo(404);
        }
    }

    @Nested
    class CallbackConfigurationRoutes {

        @Test
        void escalationRulesAreCreatedChangedAndDeletedAndTheDefaultsAreThere() {
            AdminCall.Answer list = asAdmin(AdminCall.to("GET", "/callback-escalation-rules"));
            assertThat(list.body().path("items").findValuesAsText("name"))
                    .contains("Overdue high priority: notify the manager", "Overdue 2x SLA (high): reassign");

            String name = "raise low after 10 minutes " + UUID.randomUUID();
            AdminCall.Answer created = asAdmin(AdminCall.to("POST", "/callback-escalation-rules").body(rule(name)));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("triggerCondition").path("overdueByMinutes").asInt()).isEqualTo(10);
            assertThat(created.body().path("active").asBoolean()).isTrue();

            assertThat(asAdmin(AdminCall.to("POST", "/callback-escalation-rules").body(rule(name))).status())
                    .isEqualTo(409);
            AdminCall.Answer unreadable = asAdmin(AdminCall.to("POST", "/callback-escalation-rules").body(Map.of(
                    "name", "bad " + name, "triggerCondition", Map.of("overdueByMinutes", -5,
                            "statuses", List.of("completed")), "action", "launch_rockets")));
            assertThat(unreadable.status()).isEqualTo(400);
            assertThat(unreadable.body().path("errors").toString()).contains("triggerCondition", "action");

            AdminCall.Answer changed = asAdmin(AdminCall.to("PATCH", "/callback-escalation-rules/{id}", created.id())
                    .body(Map.of("active", false, "triggerCondition", Map.of("overdueByMinutes", 30))));
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.body().path("active").asBoolean()).isFalse();
            assertThat(changed.body().path("name").asText()).isEqualTo(name);

            assertThat(asAdmin(AdminCall.to("DELETE", "/callback-escalation-rules/{id}", created.id())).status())
                    .isEqualTo(204);
            assertThat(asAdmin(AdminCall.to("DELETE", "/callback-escalation-rules/{id}", created.id())).status())
                    .isEqualTo(404);
        }

        @Test
        void queuesAndTemplates() {
            String queue = "Renewals " + UUID.randomUUID();
            AdminCall.Answer created = asAdmin(AdminCall.to("POST", "/callback-queues").body(Map.of("name", queue,
                    "type", "round_robin", "slaTargetHours", 8, "assignmentRules", Map.of("territory", "Pune"))));
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("maxConcurrentCallbacks").asInt()).isEqualTo(5);
            assertThat(asAdmin(AdminCall.to("POST", "/callback-queues").body(Map.of("name", queue + "x",
                    "slaTargetHours", 0))).status()).isEqualTo(400);
            AdminCall.Answer changed = asAdmin(AdminCall.to("PATCH", "/callback-queues/{id}", created.id())
                    .body(Map.of("maxConcurrentCallbacks", 9)));
            assertThat(changed.body().path("maxConcurrentCallbacks").asInt()).isEqualTo(9);
            assertThat(asAdmin(AdminCall.to("GET", "/callback-queues")).body().path("items").findValuesAsText("name"))
                    .contains(queue);
            assertThat(asAdmin(AdminCall.to("DELETE", "/callback-queues/{id}", created.id())).status()).isEqualTo(204);

            String template = "Payment help " + UUID.randomUUID();
            AdminCall.Answer text = asAdmin(AdminCall.to("POST", "/callback-templates").body(Map.of("name", template,
                    "category", "billing", "text", "Hello {{customer_name}}", "variables", List.of("customer_name"))));
            assertThat(text.status()).isEqualTo(201);
            assertThat(text.body().path("createdBy").asText()).isEqualTo(administrator.userId().toString());
            assertThat(asAdmin(AdminCall.to("POST", "/callback-templates").body(Map.of("name", template + "x",
                    "category", "billing", "text", "x", "variables", List.of("Bad Name")))).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("PATCH", "/callback-templates/{id}", text.id())
                    .body(Map.of("subject", "Your payment"))).body().path("subject").asText()).isEqualTo("Your payment");
            assertThat(asAdmin(AdminCall.to("GET", "/callback-templates")).body().path("items")
                    .findValuesAsText("name")).contains(template);
            assertThat(asAdmin(AdminCall.to("DELETE", "/callback-templates/{id}", text.id())).status()).isEqualTo(204);
        }
    }

    @Nested
    class Settings {

        @Test
        void readsDefaultsAndChangesOnlyValidSettings() {
            Tenant hdfc = db.hdfc();
            AdminFixtures.Staff hdfcAdmin = admin.admin(hdfc);
            AdminCall.Answer before = AdminCall.to("GET", "/tenant/settings").as(hdfcAdmin.claims()).send(api);
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.body().path("timeZone").asText()).isEqualTo("Asia/Kolkata");

            AdminCall.Answer refused = AdminCall.to("PATCH", "/tenant/settings").as(hdfcAdmin.claims()).body(Map.of(
                    "gracePeriodDays", Map.of("monthly", 20, "default", 35),
                    "quietHours", Map.of("start", "25:00", "end", "09:00"))).send(api);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("errors").toString()).contains("quietHours.start");
            AdminCall.Answer unchanged = AdminCall.to("GET", "/tenant/settings").as(hdfcAdmin.claims()).send(api);
            assertThat(unchanged.body().path("gracePeriodDays")).isEqualTo(before.body().path("gracePeriodDays"));

            AdminCall.Answer changed = AdminCall.to("PATCH", "/tenant/settings").as(hdfcAdmin.claims()).body(Map.of(
                    "gracePeriodDays", Map.of("monthly", 20, "default", 35),
                    "reminderSteps", Map.of("daysBeforeDue", List.of(10, 3), "daysAfterDue", List.of(2),
                            "daysBeforeGraceEnds", List.of(5)),
                    "retention", Map.of("auditLogYears", 10, "eventYears", 3, "whatsappBodyYears", 2,
                            "callbackYears", 3),
                    "businessHours", Map.of("start", "10:00", "end", "19:00", "days", List.of("mon", "tue")),
                    "quietHours", Map.of("start", "22:00", "end", "08:00"),
                    "defaultLanguage", "hi")).send(api);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.body().path("gracePeriodDays").path("monthly").asInt()).isEqualTo(20);
            assertThat(changed.body().path("defaultLanguage").asText()).isEqualTo("hi");

            // stored where, and as, the reminders and archival jobs read them
            Map<String, String> stored = new HashMap<>();
            db.ownerDsl(hdfc).resultQuery("select config_key, config_value::text from shared.tenant_config"
                    + " where tenant_id = ?", hdfc.id()).forEach(r -> stored.put(r.get(0, String.class),
                    r.get(1, String.class)));
            assertThat(stored.get("premium_grace_period_days")).isEqualTo("{\"default\": 35, \"monthly\": 20}");
            assertThat(stored.get("premium_reminder_steps")).contains("\"daysBeforeDue\": [10, 3]");
            assertThat(stored.get("archival_retention")).contains("\"auditLogYears\": 10");
            assertThat(stored.get("quiet_hours")).contains("22:00");

            // the other tenant is untouched
            AdminCall.Answer lics = asAdmin(AdminCall.to("GET", "/tenant/settings"));
            assertThat(lics.body().path("quietHours").path("start").asText()).isNotEqualTo("22:00");

            assertThat(AdminCall.to("PATCH", "/tenant/settings").as(hdfcAdmin.claims())
                    .body(Map.of("defaultLanguage", "xx")).send(api).status()).isEqualTo(400);
            assertThat(AdminCall.to("PATCH", "/tenant/settings").as(hdfcAdmin.claims())
                    .body(Map.of("retention", Map.of("auditLogYears", 0, "eventYears", 1, "whatsappBodyYears", 1,
                            "callbackYears", 1))).send(api).status()).isEqualTo(400);
            assertThat(AdminCall.to("PATCH", "/tenant/settings").as(hdfcAdmin.claims())
                    .body(Map.of("colour", "blue")).send(api).status()).isEqualTo(400);
        }
    }

    @Nested
    class AuditAndTemplates {

        @Test
        void theAuditTrailShowsWhoChangedAnAgentWithoutSecrets() {
            asAdmin(AdminCall.to("PATCH", "/agents/{id}", agent.agentId()).body(Map.of("specialties", List.of("term"))));
            asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of("territory", "Audited")));
            db.ownerDsl(lic).update(com.agentmitra.data.jooq.tenant.Tables.USERS)
                    .set(com.agentmitra.data.jooq.tenant.Tables.USERS.PASSWORD_HASH, "$argon2id$audited-hash")
                    .where(com.agentmitra.data.jooq.tenant.Tables.USERS.USER_ID.eq(subAgent.userId())).execute();

            AdminCall.Answer answer = asAdmin(AdminCall.to("GET", "/audit").query("entity", "agents")
                    .query("entityId", subAgent.agentId()));
            assertThat(answer.status()).isEqualTo(200);
            JsonNode change = answer.body().path("items").get(0);
            assertThat(change.path("action").asText()).isEqualTo("UPDATE");
            assertThat(change.path("actor").asText()).isEqualTo(administrator.userId().toString());
            assertThat(change.path("after").path("territory").asText()).isEqualTo("Audited");
            assertThat(change.path("before").path("territory").asText()).isEqualTo(territory);

            AdminCall.Answer users = asAdmin(AdminCall.to("GET", "/audit").query("entity", "users")
                    .query("entityId", subAgent.userId()));
            assertThat(users.body().path("items")).isNotEmpty();
            // the change is visible ("password changed"), its value never
            assertThat(users.text()).doesNotContain("audited-hash", "argon2");
            JsonNode passwordChange = users.body().path("items").get(0);
            assertThat(passwordChange.path("changedColumns").toString()).contains("password_hash");
            assertThat(passwordChange.path("after").has("password_hash")).isFalse();
            assertThat(passwordChange.path("before").has("password_hash")).isFalse();

            AdminCall.Answer byActor = asAdmin(AdminCall.to("GET", "/audit").query("actor", administrator.userId())
                    .query("limit", 1));
            assertThat(byActor.body().path("items")).hasSize(1);

            assertThat(asAdmin(AdminCall.to("GET", "/audit").query("from", "2026-12-02T00:00:00+05:30")
                    .query("to", "2026-12-01T00:00:00+05:30")).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/audit").query("entity", "agents; drop table x")).status())
                    .isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/audit").query("from", "yesterday")).status()).isEqualTo(400);
            assertThat(asAdmin(AdminCall.to("GET", "/audit").query("entityId", subAgent.agentId())).status())
                    .isEqualTo(400);
            String cursor = byActor.body().path("nextCursor").asText();
            AdminCall.Answer next = asAdmin(AdminCall.to("GET", "/audit").query("actor", administrator.userId())
                    .query("limit", 1).query("cursor", cursor));
            assertThat(next.body().path("items").get(0).path("id").asLong())
                    .isLessThan(byActor.body().path("items").get(0).path("id").asLong());
        }

        /** An access event as the reports, auth and erasure code write one: as the person, in their transaction. */
        private void recordAccess(com.agentmitra.data.Caller as, String event, String entity, String entityId,
                UUID userId, String role) {
            db.database().inTransaction(as, tx -> tx.execute("insert into " + lic.schema() + ".access_events (event,"
                    + " entity, entity_id, user_id, user_role, request_id, detail) values (?, ?, ?, ?, ?, ?, ?::jsonb)",
                    event, entity, entityId, userId, role, "request-" + entityId, "{\"format\": \"xlsx\"}"));
        }

        @Test
        void accessEventsAreListedLikeChangesForAdministratorsOnlyWithNothingSecret() {
            String report = UUID.randomUUID().toString();
            recordAccess(agent.caller(), "report_download", "portal_reports", report, agent.userId(), "senior_agent");

            AdminCall.Answer answer = asAdmin(AdminCall.to("GET", "/audit").query("entity", "access_events")
                    .query("entityId", report));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("items")).hasSize(1);
            JsonNode access = answer.body().path("items").get(0);
            assertThat(access.path("entity").asText()).isEqualTo("access_events");
            assertThat(access.path("entityId").asText()).isEqualTo(report);
            assertThat(access.path("action").asText()).isEqualTo("INSERT");
            assertThat(access.path("actor").asText()).isEqualTo(agent.userId().toString());
            assertThat(access.path("actorRole").asText()).isEqualTo("senior_agent");
            assertThat(access.path("after").path("event").asText()).isEqualTo("report_download");
            assertThat(access.path("after").path("entity").asText()).isEqualTo("portal_reports");
            assertThat(access.path("after").path("request_id").asText()).isEqualTo("request-" + report);
            List<String> fields = new ArrayList<>();
            access.path("after").fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("who, what, on what, when, which request: nothing more")
                    .containsExactlyInAnyOrder("access_event_id", "tenant_id", "event", "entity", "entity_id", "user_id",
                            "user_role", "request_id", "detail", "occurred_at");
            // the actor filter finds it among the person's other entries; cursor pages as for any entry
            AdminCall.Answer byActor = asAdmin(AdminCall.to("GET", "/audit").query("actor", agent.userId()));
            assertThat(byActor.body().path("items").findValuesAsText("entity")).contains("access_events");

            assertThat(AdminCall.to("GET", "/audit").query("entity", "access_events").as(agent.claims()).send(api)
                    .status()).isEqualTo(403);
            assertThat(AdminCall.to("GET", "/audit").query("entity", "access_events")
                    .as(admin.admin(db.hdfc()).claims()).send(api).body().path("items").findValuesAsText("entityId"))
                    .doesNotContain(report);
        }

        @Test
        void accessEventsAreWrittenOnlyAsOneselfReadOnlyByAdministratorsAndNeverChanged() {
            String report = UUID.randomUUID().toString();
            com.agentmitra.data.Caller administratorCaller = com.agentmitra.data.Caller.user(lic,
                    administrator.userId(), Role.INSURANCE_PROVIDER_ADMIN);

            assertThatThrownBy(() -> recordAccess(agent.caller(), "export", "portal_reports", report,
                    subAgent.userId(), "junior_agent")).as("naming someone else")
                    .isInstanceOf(org.jooq.exception.DataAccessException.class);
            assertThatThrownBy(() -> recordAccess(agent.caller(), "export", "portal_reports", report,
                    agent.userId(), "insurance_provider_admin")).as("claiming another role")
                    .isInstanceOf(org.jooq.exception.DataAccessException.class);
            recordAccess(agent.caller(), "export", "portal_reports", report, agent.userId(), "senior_agent");

            String count = "select count(*) from " + lic.schema() + ".access_events where entity_id = ?";
            assertThat(db.database().inTransaction(agent.caller(), tx -> tx.fetchValue(count, report)).toString())
                    .as("an agent reads no access event, not even their own").isEqualTo("0");
            assertThat(db.database().inTransaction(administratorCaller, tx -> tx.fetchValue(count, report)).toString())
                    .isEqualTo("1");
            assertThatThrownBy(() -> db.database().inTransaction(administratorCaller, tx -> tx.execute("update "
                    + lic.schema() + ".access_events set user_id = null where entity_id = ?", report)))
                    .isInstanceOf(org.jooq.exception.DataAccessException.class);
            assertThatThrownBy(() -> db.database().inTransaction(administratorCaller, tx -> tx.execute("delete from "
                    + lic.schema() + ".access_events where entity_id = ?", report)))
                    .isInstanceOf(org.jooq.exception.DataAccessException.class);
        }

        @Test
        void anotherTenantsAuditIsNeverShown() {
            asAdmin(AdminCall.to("PATCH", "/agents/{id}", subAgent.agentId()).body(Map.of("territory", "Ours")));
            AdminFixtures.Staff hdfcAdmin = admin.admin(db.hdfc());
            AdminCall.Answer answer = AdminCall.to("GET", "/audit").query("entity", "agents")
                    .query("entityId", subAgent.agentId()).as(hdfcAdmin.claims()).send(api);
            assertThat(answer.body().path("items")).isEmpty();
        }

        @Test
        void listsWhatsappTemplatesWithApprovalAndQuality() {
            AdminCall.Answer answer = asAdmin(AdminCall.to("GET", "/whatsapp/templates").query("language", "en"));
            assertThat(answer.status()).isEqualTo(200);
            JsonNode licence = null;
            for (JsonNode template : answer.body().path("items")) {
                if (template.path("name").asText().equals("agent_license_expiring")) {
                    licence = template;
                }
                assertThat(template.path("language").asText()).isEqualTo("en");
            }
            assertThat(licence).isNotNull();
            assertThat(licence.path("category").asText()).isEqualTo("UTILITY");
            assertThat(licence.path("approvalStatus").asText()).isEqualTo("approved");
            assertThat(licence.path("quality").asText()).isEqualTo("UNKNOWN");
            assertThat(asAdmin(AdminCall.to("GET", "/whatsapp/templates").query("status", "gone")).status())
                    .isEqualTo(400);
        }
    }

    private static List<UUID> ids(AdminCall.Answer answer) {
        List<UUID> ids = new ArrayList<>();
        answer.body().path("items").forEach(item -> ids.add(UUID.fromString(item.path("id").asText())));
        return ids;
    }

}
