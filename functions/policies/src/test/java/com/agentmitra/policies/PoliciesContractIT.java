package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.OpenApiContract;
import com.agentmitra.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every route of the policies function, a success and an error each, through the real handler: each request and
 * answer must be what openapi.yaml says (schemas closed, errors as problems), so the document cannot drift.
 */
class PoliciesContractIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static InProcessFunction function;
    private static final String MISSING = "00000000-0000-4000-8000-00000000dead";

    private final BookApi book = new BookApi();
    private final Fixtures fixtures = book.fixtures;

    @BeforeAll
    static void start() {
        function = InProcessFunction.start("PoliciesFunction", PoliciesFunctions.class.getName(),
                PoliciesFunctions.FUNCTION, db.appEnvironment());
    }

    private OpenApiContract.Call call(String method, String resource) {
        return contract.call(function, method, resource);
    }

    private static Map<String, Object> newCustomer() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", "Asha");
        body.put("lastName", "Kulkarni");
        body.put("phone", Fixtures.anyPhone());
        body.put("email", "asha@example.com");
        body.put("dateOfBirth", "1980-05-01");
        body.put("gender", "female");
        body.put("pan", "ABCPK1234F");
        body.put("aadhaar", "2341 2341 2346");
        body.put("preferredLanguage", "mr");
        body.put("address", Map.of("city", "Pune", "state", "Maharashtra", "pincode", "411001"));
        return body;
    }

    @Nested
    class Policyholders {

        @Test
        void listCreateReadAndEdit() {
            Fixtures.Agent agent = fixtures.agent().create();

            OpenApiContract.Answer created = call("POST", "/policyholders").as(agent.claims()).body(newCustomer())
                    .expect(201);
            String id = created.text("id");
            call("GET", "/policyholders").as(agent.claims()).query("limit", 1).expect(200);
            call("GET", "/policyholders").as(agent.claims()).query("q", "Asha").expect(200);
            OpenApiContract.Answer read = call("GET", "/policyholders/{id}").as(agent.claims())
                    .pathParameter("id", id).expect(200);
            call("PATCH", "/policyholders/{id}").as(agent.claims()).pathParameter("id", id)
                    .header("If-Match", read.header("ETag").orElseThrow()).body(Map.of("email", "asha.k@example.com"))
                    .expect(200);
            call("GET", "/policyholders/{id}/policies").as(agent.claims()).pathParameter("id", id).expect(200);
            call("GET", "/policyholders/{id}/export").as(agent.claims()).pathParameter("id", id).expect(200);
        }

        @Test
        void errorsAreProblems() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policyholder().of(agent).create();
            Map<String, Object> bad = newCustomer();
            bad.put("pan", "ABC");

            call("POST", "/policyholders").as(agent.claims()).body(bad).expect(400);
            call("GET", "/policyholders").as(agent.claims()).query("cursor", "forged").expect(400);
            call("GET", "/policyholders/{id}").as(agent.claims()).pathParameter("id", MISSING).expect(404);
            call("PATCH", "/policyholders/{id}").as(agent.claims()).pathParameter("id", id)
                    .header("If-Match", "\"stale\"").body(Map.of("email", "asha.k@example.com")).expect(412);
            call("GET", "/policyholders/{id}/policies").as(agent.claims()).pathParameter("id", MISSING).expect(404);
            call("GET", "/policyholders/{id}/export").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        }
    }

    @Nested
    class ConsentAndErasure {

        @Test
        void consentIsReadAndRecorded() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policyholder().of(agent).create();

            call("PUT", "/policyholders/{id}/consent").as(agent.claims()).pathParameter("id", id)
                    .body(Map.of("whatsappUtility", true, "evidence", "Agreed on a call")).expect(200);
            call("GET", "/policyholders/{id}/consent").as(agent.claims()).pathParameter("id", id).expect(200);
        }

        @Test
        void consentErrorsAreProblems() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID id = fixtures.policyholder().of(agent).create();

            call("PUT", "/policyholders/{id}/consent").as(agent.claims()).pathParameter("id", id)
                    .body(Map.of("whatsappUtility", true)).expect(400);
            call("GET", "/policyholders/{id}/consent").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        }

        @Test
        void anAgentErasesACustomerAndTheCustomerThemself() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID byAgent = fixtures.policyholder().of(agent).create();
            UUID bySelf = fixtures.policyholder().of(agent).create();
            BookApi.User customer = book.policyholderLogin(agent.tenant(), bySelf);

            call("POST", "/policyholders/{id}/erasure").as(agent.claims()).pathParameter("id", byAgent).expect(200);
            call("POST", "/me/erasure").as(customer.claims()).expect(200);
        }

        @Test
        void erasureErrorsAreProblems() {
            Fixtures.Agent agent = fixtures.agent().create();

            call("POST", "/policyholders/{id}/erasure").as(agent.claims()).pathParameter("id", MISSING).expect(404);
            call("POST", "/me/erasure").as(agent.claims()).expect(403);
        }
    }

    @Nested
    class Me {

        @Test
        void anAgentAndACustomerReadAndChangeThemselves() {
            Fixtures.Agent agent = fixtures.agent().create();
            BookApi.User customer = book.policyholderLogin(agent.tenant(), fixtures.policyholder().of(agent).create());

            call("GET", "/me").as(agent.claims()).expect(200);
            call("PATCH", "/me").as(agent.claims()).body(Map.of("preferredLanguage", "hi")).expect(200);
            call("GET", "/me").as(customer.claims()).expect(200);
            call("PATCH", "/me").as(customer.claims()).body(Map.of("notificationPreferences",
                    Map.of("greetingsAndOffers", false), "whatsappUtility", false)).expect(200);
        }

        @Test
        void aBadChangeIsAProblem() {
            Fixtures.Agent agent = fixtures.agent().create();

            call("PATCH", "/me").as(agent.claims()).body(Map.of("preferredLanguage", "xx")).breakingTheDocument()
                    .expect(400);
        }
    }

    @Nested
    class Policies {

        private Map<String, Object> newPolicy(UUID policyholderId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("policyNumber", "LIC-9" + String.format("%08d", (int) (Math.random() * 100_000_000)));
            body.put("policyholderId", policyholderId.toString());
            body.put("policyType", "endowment");
            body.put("planName", "Jeevan Anand (915)");
            body.put("planCode", "915");
            body.put("sumAssured", 500000);
            body.put("premiumAmount", 25620.5);
            body.put("premiumFrequency", "Yly");
            body.put("startDate", "2024-04-01");
            body.put("maturityDate", "2045-04-01");
            body.put("status", "active");
            return body;
        }

        @Test
        void listCreateReadEditMoveAndPay() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();

            OpenApiContract.Answer created = call("POST", "/policies").as(agent.claims()).body(newPolicy(holder))
                    .expect(201);
            String id = created.text("id");
            call("GET", "/policies").as(agent.claims()).query("status", "active,lapsed").query("sort", "newest")
                    .query("limit", 5).expect(200);
            OpenApiContract.Answer read = call("GET", "/policies/{id}").as(agent.claims()).pathParameter("id", id)
                    .expect(200);
            OpenApiContract.Answer edited = call("PATCH", "/policies/{id}").as(agent.claims()).pathParameter("id", id)
                    .header("If-Match", read.header("ETag").orElseThrow())
                    .body(Map.of("premiumFrequency", "Hly", "premiumAmount", 13050.0)).expect(200);
            call("POST", "/policies/{id}/payments").as(agent.claims()).pathParameter("id", id)
                    .body(Map.of("receiptNumber", "PR-" + UUID.randomUUID(), "amount", 13050.0, "paidOn",
                            "2024-04-02", "paymentMethod", "upi")).expect(201);
            call("GET", "/policies/{id}/payments").as(agent.claims()).pathParameter("id", id).expect(200);
            call("POST", "/policies/{id}/status").as(agent.claims()).pathParameter("id", id)
                    .body(Map.of("status", "lapsed", "reason", "premium unpaid after grace")).expect(200);
            call("GET", "/agents/me/dashboard").as(agent.claims()).expect(200);

            assertThat(edited.text("premiumFrequency")).isEqualTo("half_yearly");
        }

        @Test
        void errorsAreProblems() {
            Fixtures.Agent agent = fixtures.agent().create();
            UUID holder = fixtures.policyholder().of(agent).create();
            UUID policy = fixtures.policy().of(agent, holder).create();
            Map<String, Object> bad = newPolicy(holder);
            bad.put("premiumAmount", -1);

            call("POST", "/policies").as(agent.claims()).body(bad).breakingTheDocument().expect(400);
            call("GET", "/policies").as(agent.claims()).query("cursor", "forged").expect(400);
            call("GET", "/policies/{id}").as(agent.claims()).pathParameter("id", MISSING).expect(404);
            call("PATCH", "/policies/{id}").as(agent.claims()).pathParameter("id", policy)
                    .header("If-Match", "\"stale\"").body(Map.of("planName", "Jeevan Labh")).expect(412);
            call("POST", "/policies/{id}/status").as(agent.claims()).pathParameter("id", policy)
                    .body(Map.of("status", "pending_approval")).expect(409);
            call("GET", "/policies/{id}/payments").as(agent.claims()).pathParameter("id", MISSING).expect(404);
            call("POST", "/policies/{id}/payments").as(agent.claims()).pathParameter("id", policy)
                    .body(Map.of("receiptNumber", "PR-1", "amount", 0, "paidOn", "2024-04-02")).breakingTheDocument()
                    .expect(400);
            call("GET", "/agents/me/dashboard").as(book.providerAdmin(agent.tenant()).claims()).expect(403);
        }
    }
}
