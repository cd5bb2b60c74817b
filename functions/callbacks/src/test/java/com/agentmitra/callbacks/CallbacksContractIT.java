package com.agentmitra.callbacks;

import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.agentmitra.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every callback route, a success and an error each, through the real handler: each request and answer must be what
 * openapi.yaml says (schemas closed, errors as problems), so the document cannot drift.
 */
class CallbacksContractIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static InProcessFunction function;
    private static final String MISSING = "00000000-0000-4000-8000-00000000dead";

    private final CallbackFixtures callbacks = new CallbackFixtures(db);
    private Fixtures.Agent manager;
    private Fixtures.Agent agent;
    private Fixtures.Agent teammate;
    private CallbackFixtures.Customer customer;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", aws.queue("whatsapp-outbound-contract-" + System.nanoTime()));
        function = InProcessFunction.start("CallbacksApiFunction", CallbackFunctions.class.getName(), "callbacksApi",
                environment);
    }

    @BeforeEach
    void aTeamWithOneCustomer() {
        String territory = "Contract-" + UUID.randomUUID();
        callbacks.nobodyAvailable(db.lic());
        manager = callbacks.fixtures.agent().regionalManager().territory(territory).create();
        agent = callbacks.fixtures.agent().territory(territory).create();
        teammate = callbacks.fixtures.agent().territory(territory).create();
        callbacks.capacity(agent, 3, 50);
        callbacks.capacity(teammate, 3, 50);
        customer = callbacks.customerWithLogin(agent, "bronze");
    }

    private OpenApiContract.Call call(String method, String resource) {
        return contract.call(function, method, resource);
    }

    private String createAsCustomer() {
        return call("POST", "/callbacks").as(customer.claims()).body(Map.of("requestType", "payment_problem",
                "description", "My premium was debited twice this month", "urgency", "high")).expect(201).text("id");
    }

    @Test
    void aCallbackIsAskedForQueuedWorkedAndRated() {
        String id = createAsCustomer();
        call("POST", "/callbacks").as(agent.claims()).body(Map.of("customerId", customer.policyholderId(),
                "requestType", "general_inquiry", "description", "Wants the bonus rate", "urgency", "low",
                "source", "portal", "tags", java.util.List.of("bonus"))).expect(201);

        call("GET", "/callbacks").as(agent.claims()).query("view", "mine").query("limit", 20).expect(200);
        call("GET", "/callbacks").as(manager.claims()).query("view", "team").query("priority", "high").expect(200);
        call("GET", "/callbacks/summary").as(manager.claims()).expect(200);
        call("GET", "/callbacks/{id}").as(agent.claims()).pathParameter("id", id).expect(200);
        call("POST", "/callbacks/{id}/assign").as(manager.claims()).pathParameter("id", id)
                .body(Map.of("agentId", teammate.agentId())).expect(200);
        call("POST", "/callbacks/{id}/status").as(teammate.claims()).pathParameter("id", id)
                .body(Map.of("status", "in_progress", "note", "Calling now")).expect(200);
        call("POST", "/callbacks/{id}/activities").as(teammate.claims()).pathParameter("id", id)
                .body(Map.of("type", "call", "description", "Explained the refund", "durationMinutes", 6,
                        "outcome", "successful")).expect(201);
        call("POST", "/callbacks/{id}/complete").as(teammate.claims()).pathParameter("id", id)
                .body(Map.of("resolution", "Duplicate debit refunded", "resolutionCategory", "resolved")).expect(200);
        call("POST", "/callbacks/{id}/rating").as(customer.claims()).pathParameter("id", id)
                .body(Map.of("rating", 5)).expect(200);
        call("GET", "/callbacks/{id}").as(teammate.claims()).pathParameter("id", id).expect(200);
    }

    @Test
    void capacityIsReadAndReplaced() {
        call("GET", "/agents/{id}/callback-capacity").as(agent.claims()).pathParameter("id", agent.agentId())
                .expect(200);
        call("PUT", "/agents/{id}/callback-capacity").as(manager.claims()).pathParameter("id", agent.agentId())
                .body(Map.of("maxConcurrentCallbacks", 4, "maxDailyCallbacks", 30,
                        "specialties", java.util.List.of("payment_problem"),
                        "availability", Map.of("mon", java.util.List.of(Map.of("from", "09:30", "to", "18:00"))),
                        "isAvailable", true)).expect(200);
    }

    @Test
    void errorsAreProblems() {
        String id = createAsCustomer();

        call("POST", "/callbacks").as(agent.claims()).body(Map.of("requestType", "complaint", "urgency", "urgent"))
                .breakingTheDocument().expect(400);
        call("GET", "/callbacks").as(agent.claims()).query("cursor", "forged").expect(400);
        call("GET", "/callbacks/{id}").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        call("POST", "/callbacks/{id}/assign").as(agent.claims()).pathParameter("id", id)
                .body(Map.of("agentId", teammate.agentId())).expect(403);
        call("POST", "/callbacks/{id}/complete").as(agent.claims()).pathParameter("id", id)
                .body(Map.of("resolution", "Too early")).expect(409);
        call("POST", "/callbacks/{id}/rating").as(customer.claims()).pathParameter("id", id)
                .body(Map.of("rating", 5)).expect(409);
        call("POST", "/callbacks/{id}/status").as(agent.claims()).pathParameter("id", id)
                .body(Map.of("status", "cancelled")).expect(200);
        call("POST", "/callbacks/{id}/status").as(agent.claims()).pathParameter("id", id)
                .body(Map.of("status", "in_progress")).expect(409);
        call("POST", "/callbacks/{id}/activities").as(agent.claims()).pathParameter("id", id)
                .body(Map.of("type", "note", "description", "After the cancel")).expect(409);
        call("GET", "/agents/{id}/callback-capacity").as(agent.claims()).pathParameter("id", MISSING).expect(404);
        call("PUT", "/agents/{id}/callback-capacity").as(agent.claims()).pathParameter("id", manager.agentId())
                .body(Map.of("maxConcurrentCallbacks", 4, "maxDailyCallbacks", 30)).expect(404);
        call("PUT", "/agents/{id}/callback-capacity").as(customer.claims()).pathParameter("id", agent.agentId())
                .body(Map.of("maxConcurrentCallbacks", 4, "maxDailyCallbacks", 30)).expect(403);
        call("PUT", "/agents/{id}/callback-capacity").as(manager.claims()).pathParameter("id", agent.agentId())
                .body(Map.of("maxConcurrentCallbacks", 400, "maxDailyCallbacks", 30)).breakingTheDocument()
                .expect(400);
    }
}
