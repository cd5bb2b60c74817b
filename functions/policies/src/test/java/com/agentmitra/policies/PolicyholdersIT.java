package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.LogCapture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code /policyholders} routes through the real handler, against PostgreSQL with row level security. */
class PolicyholdersIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    private static Map<String, Object> asha(String phone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", "Asha");
        body.put("lastName", "Kulkarni");
        body.put("phone", phone);
        body.put("email", "asha@example.com");
        body.put("dateOfBirth", "1980-05-01");
        body.put("pan", "abcpk1234f");
        body.put("aadhaar", "2341 2341 2346");
        return body;
    }

    private static String freshPhone() {
        return "+9191" + String.format("%08d", (int) (Math.random() * 100_000_000));
    }

    @Nested
    class Creating {
        @Test
        void anAgentAddsACustomerKeepingOnlyTheMaskedAadhaarAndTheAuditLogNamesThem() {
            Fixtures.Agent agent = fixtures.agent().create();
            String phone = freshPhone();

            BookApi.Response created;
            try (LogCapture logs = LogCapture.start()) {
                created = api.call("POST", "/policyholders", "/policyholders").as(agent).body(asha(phone)).send();
                assertThat(logs.text()).doesNotContain("234123412346").doesNotContain("2341 2341 2346");
            }

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text("agentId")).isEqualTo(agent.agentId().toString());
            assertThat(created.text("phone")).isEqualTo(phone);
            assertThat(created.text("pan")).isEqualTo("ABCPK1234F");
            assertThat(created.text("aadhaarMasked")).isEqualTo("XXXX-XXXX-2346");
            assertThat(created.raw()).doesNotContain("234123412346");
            assertThat(created.etag()).startsWith("\"");
            UUID id = UUID.fromString(created.text("id"));
            String stored = api.db.ownerDsl(agent.tenant()).fetchSingle(
                    "select row_to_json(p)::text from " + agent.tenant().schema() + ".policyholders p"
                            + " where policyholder_id = ?", id).get(0, String.class);
            assertThat(stored).doesNotContain("234123412346").contains("XXXX-XXXX-2346");
            Record audit = api.db.ownerDsl(agent.tenant()).fetchSingle(
                    "select changed_by, action, new_values::text from audit.audit_log"
                            + " where table_name = 'policyholders' and record_id = ?", id.toString());
            assertThat(audit.get(0, UUID.class)).isEqualTo(agent.userId());
            assertThat(audit.get(1, String.class)).isEqualTo("INSERT");
            assertThat(audit.get(2, String.class)).doesNotContain("234123412346");
        }

        @Test
        void badFieldsAreAnsweredTogetherWithoutEchoingTheAadhaarNumber() {
            Fixtures.Agent agent = fixtures.agent().create();
            Map<String, Object> body = asha("12345");
            body.put("aadhaar", "234123412347");
            body.put("pan", "ABC");
            body.put("email", "asha@");
            body.put("dateOfBirth", "2999-01-01");

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders").as(agent).body(body).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.headers().path("Content-Type").asText()).isEqualTo("application/problem+json");
            assertThat(response.body().path("errors").findValuesAsText("field"))
                    .containsExactly("phone", "email", "pan", "aadhaar", "dateOfBirth");
            assertThat(response.raw()).doesNotContain("234123412347");
        }

        @Test
        void aMalformedDateIsAFieldErrorNotA500() {
            Fixtures.Agent agent = fixtures.agent().create();
            Map<String, Object> body = asha(freshPhone());
            body.put("dateOfBirth", "01/05/1980");

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders").as(agent).body(body).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("dateOfBirth");
        }

        @Test
        void aPhoneNumberAlreadyInTheBookIsAConflictNamingTheCustomer() {
            Fixtures.Agent agent = fixtures.agent().create();
            String phone = freshPhone();
            UUID existing = fixtures.policyholder().of(agent).phone(phone).create();

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders").as(agent)
                    .body(asha(phone)).send();

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.text("detail")).contains(existing.toString());
        }

        @Test
        void aPhoneNumberInAnotherAgentsBookIsAConflictThatRevealsNeitherTheCustomerNorTheBook() {
            Fixtures.Agent other = fixtures.agent().create();
            String phone = freshPhone();
            UUID existing = fixtures.policyholder().of(other).phone(phone).create();

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders")
                    .as(fixtures.agent().create()).body(asha(phone)).send();

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.text("detail")).doesNotContain(existing.toString())
                    .doesNotContainIgnoringCase("agent").doesNotContainIgnoringCase("book")
                    .doesNotContain(other.agentId().toString())
                    .isEqualTo("phone " + phone + " is already registered and cannot be used for another customer");
        }

        @Test
        void aCustomerFiledUnderAnAgentWaitingForApprovalIsA409ThatSaysWhyAndNothingIsStored() {
            Fixtures.Agent senior = fixtures.agent().senior().create();
            Fixtures.Agent newcomer = fixtures.agent().under(senior).create();
            var agents = com.agentmitra.data.jooq.tenant.Tables.AGENTS;
            api.db.ownerDsl(senior.tenant()).update(agents)
                    .set(agents.STATUS, com.agentmitra.data.jooq.shared.enums.AgentStatusEnum.pending_approval)
                    .where(agents.AGENT_ID.eq(newcomer.agentId())).execute();
            String phone = freshPhone();
            Map<String, Object> body = asha(phone);
            body.put("agentId", newcomer.agentId().toString());

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders").as(senior).body(body)
                    .send();

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.text("detail")).contains("not approved");
            var holders = com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
            assertThat(api.db.ownerDsl(senior.tenant()).fetchCount(holders, holders.AGENT_ID.eq(newcomer.agentId())))
                    .isZero();
        }

        @Test
        void aJuniorAgentCannotFileACustomerUnderAnotherAgent() {
            Fixtures.Agent other = fixtures.agent().create();
            Map<String, Object> body = asha(freshPhone());
            body.put("agentId", other.agentId().toString());

            BookApi.Response response = api.call("POST", "/policyholders", "/policyholders")
                    .as(fixtures.agent().create()).body(body).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("agentId");
        }
    }

    @Nested
    class Reading {
        @Test
        void anotherAgentsCustomerAnotherTenantsAndAMissingIdAllAnswerTheSame404() {
            Fixtures.Agent me = fixtures.agent().create();
            UUID others = fixtures.policyholder().of(fixtures.agent().create()).create();
            UUID otherTenants = fixtures.policyholder().of(fixtures.agent().inTenant(api.db.hdfc()).create()).create();

            List<BookApi.Response> answers = List.of(others, otherTenants, UUID.randomUUID()).stream()
                    .map(id -> api.call("GET", "/policyholders/{id}", "/policyholders/" + id).id(id).as(me).send())
                    .toList();
            BookApi.Response notAnId = api.call("GET", "/policyholders/{id}", "/policyholders/x").id("x").as(me).send();

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(404);
                assertThat(answer.text("detail")).isEqualTo("policyholder was not found");
            });
            assertThat(notAnId.status()).isEqualTo(404);
        }

        @Test
        void theSampleEventWithoutClaimsIsRefused401() {
            BookApi.Response response = api.sample("get-policyholder.json", Map.of());

            assertThat(response.status()).isEqualTo(401);
        }

        @Test
        void listsPageThroughTheBookNewestFirstAndSearchByNameOrPhone() {
            Fixtures.Agent agent = fixtures.agent().create();
            for (int i = 0; i < 5; i++) {
                fixtures.policyholder().of(agent).named("Pagecustomer").create();
            }
            String phone = freshPhone();
            UUID meera = fixtures.policyholder().of(agent).named("Meera").phone(phone).create();

            BookApi.Response first = api.call("GET", "/policyholders", "/policyholders").as(agent)
                    .query("limit", 4).send();
            BookApi.Response second = api.call("GET", "/policyholders", "/policyholders").as(agent)
                    .query("limit", 4).query("cursor", first.text("nextCursor")).send();
            BookApi.Response byName = api.call("GET", "/policyholders", "/policyholders").as(agent)
                    .query("q", "meer").send();
            BookApi.Response byPhone = api.call("GET", "/policyholders", "/policyholders").as(agent)
                    .query("q", phone.substring(phone.length() - 6)).send();

            assertThat(first.body().path("items")).hasSize(4);
            assertThat(first.body().path("items").get(0).path("id").asText()).isEqualTo(meera.toString());
            assertThat(second.body().path("items")).hasSize(2);
            assertThat(second.body().has("nextCursor")).isFalse();
            assertThat(byName.body().path("items").findValuesAsText("id")).containsExactly(meera.toString());
            assertThat(byPhone.body().path("items").findValuesAsText("id")).containsExactly(meera.toString());
        }

        @Test
        void aSignedInPolicyholderSeesOnlyThemselvesAndCannotEdit() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID mine = fixtures.policyholder().of(agent).create();
            fixtures.policyholder().of(agent).create();
            BookApi.User me = api.policyholderLogin(agent.tenant(), mine);

            BookApi.Response list = api.call("GET", "/policyholders", "/policyholders").as(me).send();
            BookApi.Response edit = api.call("PATCH", "/policyholders/{id}", "/policyholders/" + mine).id(mine).as(me)
                    .body(Map.of("firstName", "Changed")).send();

            assertThat(list.body().path("items").findValuesAsText("id")).containsExactly(mine.toString());
            assertThat(edit.status()).isEqualTo(403);
        }

        @Test
        void theExportHoldsEverythingAboutThePersonAndTheirPolicies() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            UUID policy = fixtures.policy().of(agent, holder).create();

            BookApi.Response export = api.call("GET", "/policyholders/{id}/export", "/policyholders/" + holder + "/export")
                    .id(holder).as(agent).send();

            assertThat(export.status()).isEqualTo(200);
            assertThat(export.body().path("policyholder").path("id").asText()).isEqualTo(holder.toString());
            assertThat(export.body().path("policies").findValuesAsText("policyId")).containsExactly(policy.toString());
            assertThat(export.body().has("premiumPayments")).isTrue();
            assertThat(export.body().has("callbackRequests")).isTrue();
            assertThat(export.body().path("policies").get(0).has("tenantId")).isFalse();
            var events = com.agentmitra.data.jooq.tenant.Tables.ACCESS_EVENTS;
            assertThat(api.db.ownerDsl(agent.tenant()).select(events.EVENT, events.USER_ID, events.USER_ROLE).from(events)
                    .where(events.ENTITY.eq("policyholders"), events.ENTITY_ID.eq(holder.toString())).fetch())
                    .as("the export is an access event of the agent who took it")
                    .singleElement().satisfies(row -> {
                        assertThat(row.value1()).isEqualTo("export");
                        assertThat(row.value2()).isEqualTo(agent.userId());
                        assertThat(row.value3()).isEqualTo("junior_agent");
                    });

            BookApi.Response stranger = api.call("GET", "/policyholders/{id}/export",
                    "/policyholders/" + holder + "/export").id(holder).as(fixtures.agent().create()).send();
            assertThat(stranger.status()).isEqualTo(404);
            assertThat(api.db.ownerDsl(agent.tenant()).fetchCount(events, events.ENTITY_ID.eq(holder.toString())))
                    .as("a refused export records nothing").isEqualTo(1);
        }

        @Test
        void aCustomersPoliciesAreListedOnlyWhenTheCustomerIsVisible() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            UUID policy = fixtures.policy().of(agent, holder).create();
            fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();

            BookApi.Response mine = api.call("GET", "/policyholders/{id}/policies",
                    "/policyholders/" + holder + "/policies").id(holder).as(agent).send();
            BookApi.Response stranger = api.call("GET", "/policyholders/{id}/policies",
                    "/policyholders/" + holder + "/policies").id(holder).as(fixtures.agent().create()).send();

            assertThat(mine.body().path("items").findValuesAsText("id")).containsExactly(policy.toString());
            assertThat(stranger.status()).isEqualTo(404);
        }
    }

    @Nested
    class Editing {
        @Test
        void anEditWithTheCurrentETagIsSavedAuditedAndAnsweredWithANewETag() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            String etag = api.call("GET", "/policyholders/{id}", "/policyholders/" + holder).id(holder).as(agent)
                    .send().etag();

            BookApi.Response edited = api.call("PATCH", "/policyholders/{id}", "/policyholders/" + holder).id(holder)
                    .as(agent).ifMatch(etag).body(Map.of("email", "new@example.com", "aadhaar", "498765432102"))
                    .send();

            assertThat(edited.status()).isEqualTo(200);
            assertThat(edited.text("email")).isEqualTo("new@example.com");
            assertThat(edited.text("aadhaarMasked")).isEqualTo("XXXX-XXXX-2102");
            assertThat(edited.etag()).isNotEqualTo(etag);
            Record audit = api.db.ownerDsl(agent.tenant()).fetchSingle(DSL.resultQuery(
                    "select changed_by, old_values->>'email', new_values->>'email' from audit.audit_log"
                            + " where table_name = 'policyholders' and record_id = ? and action = 'UPDATE'",
                    holder.toString()));
            assertThat(audit.get(0, UUID.class)).isEqualTo(agent.userId());
            assertThat(audit.get(1, String.class)).isNull();
            assertThat(audit.get(2, String.class)).isEqualTo("new@example.com");
        }

        @Test
        void anEditBasedOnAStaleETagIsRefused412AndChangesNothing() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            String etag = api.call("GET", "/policyholders/{id}", "/policyholders/" + holder).id(holder).as(agent)
                    .send().etag();
            api.call("PATCH", "/policyholders/{id}", "/policyholders/" + holder).id(holder).as(agent).ifMatch(etag)
                    .body(Map.of("lastName", "First")).send();

            BookApi.Response stale = api.call("PATCH", "/policyholders/{id}", "/policyholders/" + holder).id(holder)
                    .as(agent).ifMatch(etag).body(Map.of("lastName", "Second")).send();

            assertThat(stale.status()).isEqualTo(412);
            assertThat(api.call("GET", "/policyholders/{id}", "/policyholders/" + holder).id(holder).as(agent).send()
                    .text("lastName")).isEqualTo("First");
        }

        @Test
        void anotherAgentsCustomerCannotBeEditedAndLooksMissing() {
            UUID holder = fixtures.policyholder().of(fixtures.agent().create()).create();

            BookApi.Response response = api.call("PATCH", "/policyholders/{id}", "/policyholders/" + holder).id(holder)
                    .as(fixtures.agent().create()).body(Map.of("firstName", "Mine")).send();

            assertThat(response.status()).isEqualTo(404);
        }
    }
}
