package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code /policies} routes through the real handler: visibility, validation, lifecycle, concurrency, lists. */
class PoliciesIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;
    private final LocalDate today = BusinessDay.today(Clock.systemUTC());

    private static String number() {
        return "LIC-" + UUID.randomUUID().toString().substring(0, 12).toUpperCase();
    }

    private static Map<String, Object> policy(UUID holder, String number) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policyNumber", number);
        body.put("policyholderId", holder.toString());
        body.put("policyType", "endowment");
        body.put("planName", "Jeevan Anand");
        body.put("sumAssured", 500000);
        body.put("premiumAmount", 25620.50);
        body.put("premiumFrequency", "Yly");
        body.put("startDate", "2024-04-01");
        body.put("maturityDate", "2045-04-01");
        body.put("status", "active");
        return body;
    }

    private BookApi.Response get(UUID id, Object caller) {
        BookApi.Call call = api.call("GET", "/policies/{id}", "/policies/" + id).id(id);
        return (caller instanceof Fixtures.Agent agent ? call.as(agent) : call.as((BookApi.User) caller)).send();
    }

    private List<String> listIds(Object caller) {
        BookApi.Call call = api.call("GET", "/policies", "/policies").query("limit", 100);
        BookApi.Response response = (caller instanceof Fixtures.Agent agent ? call.as(agent)
                : call.as((BookApi.User) caller)).send();
        return response.body().path("items").findValuesAsText("id");
    }

    @Nested
    class WhoSeesWhat {
        @Test
        void aSeniorAgentSeesSubAgentsAtAnyDepthAndAJuniorOnlyTheirOwn() {
            Fixtures.Agent senior = fixtures.agent().senior().create();
            Fixtures.Agent junior = fixtures.agent().under(senior).create();
            Fixtures.Agent juniorsJunior = fixtures.agent().under(junior).create();
            UUID seniorsPolicy = fixtures.policy().of(senior, fixtures.policyholder().of(senior).create()).create();
            UUID juniorsPolicy = fixtures.policy().of(junior, fixtures.policyholder().of(junior).create()).create();
            UUID deepPolicy = fixtures.policy().of(juniorsJunior,
                    fixtures.policyholder().of(juniorsJunior).create()).create();

            assertThat(listIds(senior)).containsExactlyInAnyOrder(seniorsPolicy.toString(), juniorsPolicy.toString(),
                    deepPolicy.toString());
            assertThat(get(deepPolicy, senior).status()).isEqualTo(200);
            assertThat(listIds(junior)).containsExactly(juniorsPolicy.toString());
            assertThat(get(seniorsPolicy, junior).status()).isEqualTo(404);
            assertThat(get(deepPolicy, junior).status()).isEqualTo(404);
        }

        @Test
        void aRegionalManagerSeesTheirRegionOnly() {
            String region = "Region-" + UUID.randomUUID();
            Fixtures.Agent manager = fixtures.agent().regionalManager().territory(region).create();
            Fixtures.Agent inRegion = fixtures.agent().territory(region).create();
            Fixtures.Agent elsewhere = fixtures.agent().territory("Elsewhere-" + UUID.randomUUID()).create();
            UUID near = fixtures.policy().of(inRegion, fixtures.policyholder().of(inRegion).create()).create();
            UUID far = fixtures.policy().of(elsewhere, fixtures.policyholder().of(elsewhere).create()).create();

            assertThat(listIds(manager)).containsExactly(near.toString());
            assertThat(get(far, manager).status()).isEqualTo(404);
            BookApi.Response byAgent = api.call("GET", "/policies", "/policies").as(manager)
                    .query("agentId", inRegion.agentId()).send();
            assertThat(byAgent.body().path("items").findValuesAsText("id")).containsExactly(near.toString());
        }

        @Test
        void aProviderAdminSeesTheWholeTenantButNotAnotherTenant() {
            Fixtures.Agent lic = fixtures.agent().create();
            Fixtures.Agent hdfc = fixtures.agent().inTenant(api.db.hdfc()).create();
            UUID licPolicy = fixtures.policy().of(lic, fixtures.policyholder().of(lic).create()).create();
            UUID hdfcPolicy = fixtures.policy().of(hdfc, fixtures.policyholder().of(hdfc).create()).create();
            BookApi.User admin = api.providerAdmin(api.db.lic());

            assertThat(get(licPolicy, admin).status()).isEqualTo(200);
            assertThat(get(hdfcPolicy, admin).status()).isEqualTo(404);
            assertThat(get(hdfcPolicy, lic).status()).isEqualTo(404);
        }

        @Test
        void aPolicyholderReadsOnlyTheirOwnPoliciesAndCannotChangeThem() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            UUID mine = fixtures.policy().of(agent, holder).create();
            UUID someoneElses = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();
            BookApi.User me = api.policyholderLogin(agent.tenant(), holder);

            assertThat(listIds(me)).containsExactly(mine.toString());
            assertThat(get(someoneElses, me).status()).isEqualTo(404);
            assertThat(api.call("POST", "/policies/{id}/status", "/policies/" + mine + "/status").id(mine).as(me)
                    .body(Map.of("status", "lapsed")).send().status()).isEqualTo(403);
        }

        @Test
        void rowLevelSecurityHidesOtherBooksEvenFromAQueryWithoutTheVisibilityFilter() {
            Fixtures.Agent me = fixtures.agent().create();
            Fixtures.Agent other = fixtures.agent().create();
            UUID mine = fixtures.policy().of(me, fixtures.policyholder().of(me).create()).create();
            UUID theirs = fixtures.policy().of(other, fixtures.policyholder().of(other).create()).create();

            List<UUID> seen = api.db.database().inTransaction(me.caller(), tx -> tx
                    .select(INSURANCE_POLICIES.POLICY_ID).from(INSURANCE_POLICIES)
                    .where(INSURANCE_POLICIES.POLICY_ID.in(mine, theirs)).fetch(INSURANCE_POLICIES.POLICY_ID));

            assertThat(seen).containsExactly(mine);
        }
    }

    @Nested
    class Creating {
        @Test
        void anActivePolicyIsCreatedUnderTheCustomersAgentWithItsNextDueDate() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();

            BookApi.Response created = api.call("POST", "/policies", "/policies").as(agent)
                    .body(policy(holder, number())).send();

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.text("agentId")).isEqualTo(agent.agentId().toString());
            assertThat(created.text("premiumFrequency")).isEqualTo("annual");
            assertThat(created.body().path("premiumAmount").decimalValue()).isEqualByComparingTo("25620.50");
            LocalDate next = LocalDate.parse(created.text("nextPaymentDate"));
            assertThat(next).isAfterOrEqualTo(today).isBefore(today.plusYears(1).plusDays(1));
            assertThat(next.getMonthValue()).isEqualTo(4);
            assertThat(created.etag()).isNotBlank();
            UUID createdBy = api.db.ownerDsl(agent.tenant()).select(INSURANCE_POLICIES.CREATED_BY)
                    .from(INSURANCE_POLICIES).where(INSURANCE_POLICIES.POLICY_ID.eq(UUID.fromString(created.text("id"))))
                    .fetchSingle(INSURANCE_POLICIES.CREATED_BY);
            assertThat(createdBy).isEqualTo(agent.userId());
        }

        @Test
        void aDuplicatePolicyNumberIsAConflictNamingTheExistingPolicy() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            String number = number();
            String first = api.call("POST", "/policies", "/policies").as(agent).body(policy(holder, number)).send()
                    .text("id");

            BookApi.Response again = api.call("POST", "/policies", "/policies").as(agent).body(policy(holder, number))
                    .send();

            assertThat(again.status()).isEqualTo(409);
            assertThat(again.text("detail")).contains(number).contains(first);
        }

        @Test
        void invalidFieldsAreNamedTogether() {
            Fixtures.Agent agent = fixtures.agent().create();
            Map<String, Object> body = policy(fixtures.policyholder().of(agent).create(), number());
            body.put("premiumAmount", 0);
            body.put("premiumFrequency", "fortnightly");
            body.put("maturityDate", "2020-01-01");
            body.remove("planName");

            BookApi.Response response = api.call("POST", "/policies", "/policies").as(agent).body(body).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("errors").findValuesAsText("field"))
                    .containsExactly("planName", "premiumAmount", "premiumFrequency", "maturityDate");
        }

        @Test
        void aCustomerOutsideTheBookCannotBeGivenAPolicy() {
            UUID strangersCustomer = fixtures.policyholder().of(fixtures.agent().create()).create();

            BookApi.Response response = api.call("POST", "/policies", "/policies").as(fixtures.agent().create())
                    .body(policy(strangersCustomer, number())).send();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("policyholderId");
        }

        @Test
        void theCreateSampleEventIsAcceptedForTheAgentsOwnCustomer() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            String sample = com.agentmitra.testing.Events.json("policies/create-policy.json")
                    .replace("44444444-4444-4444-8444-444444444444", holder.toString())
                    .replace("LIC-905123456", number());

            BookApi.Response response = api.call("POST", "/policies", "/policies").as(agent)
                    .body(com.agentmitra.lambda.Json.mapper().readTree(sample).path("body").asText()).send();

            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Nested
    class Changing {
        @Test
        void aStaleIfMatchIsRefused412AndTheCurrentETagIsAccepted() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();
            String etag = get(id, agent).etag();
            BookApi.Response first = api.call("PATCH", "/policies/{id}", "/policies/" + id).id(id).as(agent)
                    .ifMatch(etag).body(Map.of("premiumFrequency", "Hly", "premiumAmount", 6400)).send();

            BookApi.Response stale = api.call("PATCH", "/policies/{id}", "/policies/" + id).id(id).as(agent)
                    .ifMatch(etag).body(Map.of("planName", "Lost update")).send();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text("premiumFrequency")).isEqualTo("half_yearly");
            assertThat(stale.status()).isEqualTo(412);
            assertThat(get(id, agent).text("planName")).isEqualTo("Test Endowment Plan");
        }

        @Test
        void renumberingOntoAnExistingPolicyNumberIsAConflict() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            UUID a = fixtures.policy().of(agent, holder).create();
            UUID b = fixtures.policy().of(agent, holder).create();
            String bNumber = get(b, agent).text("policyNumber");

            BookApi.Response response = api.call("PATCH", "/policies/{id}", "/policies/" + a).id(a).as(agent)
                    .body(Map.of("policyNumber", bNumber)).send();

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.text("detail")).contains(b.toString());
        }

        @Test
        void anAllowedTransitionIsRecordedAndAuditedWithTheActingUser() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();

            BookApi.Response lapsed = api.call("POST", "/policies/{id}/status", "/policies/" + id + "/status").id(id)
                    .as(agent).body(Map.of("status", "lapsed", "reason", "unpaid after grace")).send();
            BookApi.Response revived = api.call("POST", "/policies/{id}/status", "/policies/" + id + "/status").id(id)
                    .as(agent).body(Map.of("status", "active")).send();

            assertThat(lapsed.status()).isEqualTo(200);
            assertThat(lapsed.text("status")).isEqualTo("lapsed");
            assertThat(revived.text("status")).isEqualTo("active");
            List<String> audited = api.db.ownerDsl(agent.tenant()).fetch(
                    "select new_values->>'status' from audit.audit_log where table_name = 'insurance_policies'"
                            + " and record_id = ? and action = 'UPDATE' and changed_by = ? order by id",
                    id.toString(), agent.userId()).getValues(0, String.class);
            assertThat(audited).containsExactly("lapsed", "active");
        }

        @Test
        void anIllegalTransitionIsA409NamingTheAllowedOnes() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create())
                    .status(PolicyStatusEnum.draft).create();

            BookApi.Response response = api.call("POST", "/policies/{id}/status", "/policies/" + id + "/status").id(id)
                    .as(agent).body(Map.of("status", "active")).send();

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.text("detail"))
                    .isEqualTo("a draft policy cannot become active; allowed: pending_approval, cancelled");
            assertThat(get(id, agent).text("status")).isEqualTo("draft");
        }

        @Test
        void aTransitionCarryingTheCurrentETagIsAccepted() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();

            BookApi.Response response = api.call("POST", "/policies/{id}/status", "/policies/" + id + "/status").id(id)
                    .as(agent).body(Map.of("status", "lapsed")).ifMatch(get(id, agent).etag()).send();

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void aLapsedPolicyShowsTheRevivalDeadlineTheRemindersJobSet() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create())
                    .status(PolicyStatusEnum.lapsed).create();
            LocalDate deadline = today.plusYears(5);
            api.db.ownerDsl(agent.tenant()).update(INSURANCE_POLICIES)
                    .set(INSURANCE_POLICIES.REVIVAL_DEADLINE, deadline).where(INSURANCE_POLICIES.POLICY_ID.eq(id)).execute();

            BookApi.Response response = get(id, agent);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text("revivalDeadline")).isEqualTo(deadline.toString());
        }
    }

    @Nested
    class Listing {
        @Test
        void pagesStayStableWhenPoliciesAreAddedBetweenPages() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                created.add(0, fixtures.policy().of(agent, holder).create().toString());
            }

            BookApi.Response first = api.call("GET", "/policies", "/policies").as(agent).query("limit", 3).send();
            fixtures.policy().of(agent, holder).create();
            fixtures.policy().of(agent, holder).create();
            List<String> rest = new ArrayList<>();
            String cursor = first.text("nextCursor");
            while (cursor != null && !cursor.isEmpty()) {
                BookApi.Response page = api.call("GET", "/policies", "/policies").as(agent).query("limit", 3)
                        .query("cursor", cursor).send();
                rest.addAll(page.body().path("items").findValuesAsText("id"));
                cursor = page.body().has("nextCursor") ? page.text("nextCursor") : null;
            }

            List<String> all = new ArrayList<>(first.body().path("items").findValuesAsText("id"));
            all.addAll(rest);
            assertThat(all).containsExactlyElementsOf(created);
        }

        @Test
        void filtersCombineStatusDueWindowPlanAndSearch() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID asha = fixtures.policyholder().of(agent).named("Ashwini").phone("+919100077123").create();
            UUID ravi = fixtures.policyholder().of(agent).named("Ravi").create();
            UUID dueSoon = fixtures.policy().of(agent, asha).create();
            UUID dueLater = fixtures.policy().of(agent, ravi).create();
            UUID lapsed = fixtures.policy().of(agent, ravi).status(PolicyStatusEnum.lapsed).create();
            var dsl = api.db.ownerDsl(agent.tenant());
            dsl.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, today.plusDays(5))
                    .set(INSURANCE_POLICIES.PLAN_NAME, "Jeevan Labh")
                    .where(INSURANCE_POLICIES.POLICY_ID.eq(dueSoon)).execute();
            dsl.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, today.plusDays(60))
                    .where(INSURANCE_POLICIES.POLICY_ID.eq(dueLater)).execute();
            String ashasNumber = get(dueSoon, agent).text("policyNumber");

            assertThat(ids(agent, Map.of("status", "lapsed"))).containsExactly(lapsed.toString());
            assertThat(ids(agent, Map.of("status", "active,lapsed"))).hasSize(3);
            assertThat(ids(agent, Map.of("dueWithinDays", 30))).containsExactly(dueSoon.toString());
            assertThat(ids(agent, Map.of("planName", "labh"))).containsExactly(dueSoon.toString());
            assertThat(ids(agent, Map.of("q", "ashw"))).containsExactly(dueSoon.toString());
            assertThat(ids(agent, Map.of("q", "77123"))).containsExactly(dueSoon.toString());
            assertThat(ids(agent, Map.of("q", ashasNumber.toLowerCase()))).containsExactly(dueSoon.toString());
            assertThat(ids(agent, Map.of("q", "100%"))).isEmpty();
            assertThat(ids(agent, Map.of("sort", "nextPaymentDate")))
                    .containsExactly(dueSoon.toString(), dueLater.toString(), lapsed.toString());
        }

        @Test
        void badParametersAreFieldErrors() {
            Fixtures.Agent agent = fixtures.agent().create();

            for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("status", "inforce"),
                    Map.of("limit", 0), Map.of("dueWithinDays", "soon"), Map.of("sort", "premium"),
                    Map.of("cursor", "bm9wZQ"), Map.of("agentId", "x"))) {
                BookApi.Call call = api.call("GET", "/policies", "/policies").as(agent);
                bad.forEach(call::query);
                BookApi.Response response = call.send();
                assertThat(response.status()).as(bad.toString()).isEqualTo(400);
                assertThat(response.body().path("errors").get(0).path("field").asText())
                        .isEqualTo(bad.keySet().iterator().next());
            }
        }

        private List<String> ids(Fixtures.Agent agent, Map<String, Object> query) {
            BookApi.Call call = api.call("GET", "/policies", "/policies").as(agent);
            query.forEach(call::query);
            JsonNode body = call.send().body();
            return body.path("items").findValuesAsText("id");
        }
    }
}
