package com.agentmitra.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every callback route through the real Spring Cloud Function handler, on the sample events of events/callbacks/. */
class CallbacksApiIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;
    private static final InProcessAws aws = InProcessAws.shared();
    private static String outbound;

    private final CallbackFixtures callbacks = new CallbackFixtures(db);
    private Tenant lic;
    private Fixtures.Agent manager;
    private Fixtures.Agent agent;
    private Fixtures.Agent otherAgent;
    private CallbackFixtures.Customer customer;

    @BeforeAll
    static void startFunction() {
        outbound = aws.queue("whatsapp-outbound-" + System.nanoTime());
        Map<String, String> environment = new java.util.HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", outbound);
        api = InProcessFunction.start("CallbacksApiFunction", CallbackFunctions.class.getName(), "callbacksApi",
                environment);
    }

    @BeforeEach
    void aTeamWithOneCustomer() {
        lic = db.lic();
        String territory = "Api-" + UUID.randomUUID();
        callbacks.nobodyAvailable(lic);
        manager = callbacks.fixtures.agent().regionalManager().territory(territory).create();
        agent = callbacks.fixtures.agent().named("Ravi").territory(territory).create();
        otherAgent = callbacks.fixtures.agent().territory("Elsewhere-" + UUID.randomUUID()).create();
        callbacks.capacity(agent, 3, 50);
        callbacks.capacity(otherAgent, 3, 50);
        customer = callbacks.customerWithLogin(agent, "bronze");
    }

    private ApiCall.Answer create(Map<String, Object> claims, Object body) {
        return ApiCall.sample("create-callback.json").as(claims).body(body).send(api);
    }

    private UUID createAsCustomer() {
        ApiCall.Answer created = ApiCall.sample("create-callback.json").as(customer.claims()).send(api);
        assertThat(created.status()).isEqualTo(201);
        return created.id();
    }

    @Nested
    class IdempotencyKeys {

        private Map<String, Object> body(String description) {
            return Map.of("customerId", customer.policyholderId(), "requestType", "general_inquiry",
                    "description", description, "urgency", "low");
        }

        private ApiCall.Answer create(String key, Map<String, Object> body) {
            return ApiCall.sample("create-callback.json").as(agent.claims()).header("Idempotency-Key", key)
                    .body(body).send(api);
        }

        private long callbacksOfTheCustomer() {
            return db.ownerDsl(lic).fetchSingle("select count(*) from " + lic.schema()
                    + ".callback_requests where customer_id = ?", customer.policyholderId()).get(0, Long.class);
        }

        @Test
        void theSameRequestSentTwiceWithOneKeyCreatesOneCallbackAndReplaysTheAnswer() {
            String key = UUID.randomUUID().toString();

            ApiCall.Answer first = create(key, body("Wants to know the bonus rate"));
            ApiCall.Answer again = create(key, body("Wants to know the bonus rate"));

            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(callbacksOfTheCustomer()).isEqualTo(1);
            assertThat(db.ownerDsl(lic).fetchSingle("select assignment_count from " + lic.schema()
                    + ".callback_requests where callback_request_id = ?", first.id()).get(0, Integer.class))
                    .as("assigned once").isEqualTo(1);
        }

        @Test
        void theSameKeyWithAnotherBodyIs422AndCreatesNothing() {
            String key = UUID.randomUUID().toString();
            create(key, body("Wants to know the bonus rate"));

            ApiCall.Answer other = create(key, body("Something else entirely"));

            assertThat(other.status()).isEqualTo(422);
            assertThat(other.contentType()).isEqualTo("application/problem+json");
            assertThat(callbacksOfTheCustomer()).isEqualTo(1);
        }

        @Test
        void concurrentDuplicatesCreateOneCallback() throws Exception {
            String key = UUID.randomUUID().toString();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            java.util.List<java.util.concurrent.Future<ApiCall.Answer>> answers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    answers.add(pool.submit(() -> create(key, body("Wants to know the bonus rate"))));
                }
                java.util.Set<UUID> ids = new java.util.HashSet<>();
                for (var answer : answers) {
                    ApiCall.Answer done = answer.get();
                    assertThat(done.status()).as("created, replayed, or told to retry").isIn(201, 409);
                    if (done.status() == 201) {
                        ids.add(done.id());
                    }
                }
                assertThat(ids).hasSize(1);
            } finally {
                pool.shutdown();
            }
            assertThat(callbacksOfTheCustomer()).isEqualTo(1);
        }

        @Test
        void aKeyThatIsNotVisibleAsciiIs400() {
            ApiCall.Answer answer = create("ключ", body("Wants to know the bonus rate"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(callbacksOfTheCustomer()).isZero();
        }
    }

    @Nested
    class Creating {

        @Test
        void aCreationIsCountedUnderTheCallersTenantWhenTheRequestEnds() {
            java.io.PrintStream original = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            ApiCall.Answer created;
            try {
                created = ApiCall.sample("create-callback.json").as(customer.claims()).send(api);
            } finally {
                System.setOut(original);
            }

            assertThat(created.status()).isEqualTo(201);
            List<JsonNode> documents = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains("\"_aws\"")).map(line -> {
                        try {
                            return com.agentmitra.lambda.Json.mapper().readTree(line);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            assertThat(documents).hasSize(1);
            assertThat(documents.get(0).path("Tenant").asText()).isEqualTo(lic.code());
            assertThat(documents.get(0).path("CallbackCreated").asInt()).isEqualTo(1);
            assertThat(documents.get(0).path("CallbackAutoAssigned").asInt()).isEqualTo(1);
        }

        @Test
        void aPolicyholdersRequestIsScoredDueAndGivenToTheirOwnAgent() {
            ApiCall.Answer created = ApiCall.sample("create-callback.json").as(customer.claims()).send(api);

            assertThat(created.status()).isEqualTo(201);
            JsonNode body = created.body();
            assertThat(body.path("customerId").asText()).isEqualTo(customer.policyholderId().toString());
            assertThat(body.path("agentId").asText()).isEqualTo(agent.agentId().toString());
            assertThat(body.path("status").asText()).isEqualTo("assigned");
            // payment_problem 85 + high 15 + bronze 0 = 100: high priority, due in 2 hours
            assertThat(body.path("priorityScore").decimalValue()).isEqualByComparingTo("100.00");
            assertThat(body.path("priority").asText()).isEqualTo("high");
            assertThat(Duration.between(Instant.parse(body.path("createdAt").asText()),
                    Instant.parse(body.path("dueAt").asText()))).isEqualTo(Duration.ofHours(2));
            assertThat(body.path("source").asText()).isEqualTo("mobile");
            assertThat(body.path("assignmentCount").asInt()).isEqualTo(1);
        }

        @Test
        void anAgentAsksForACallbackForTheirCustomer() {
            ApiCall.Answer created = create(agent.claims(), Map.of("customerId", customer.policyholderId(),
                    "requestType", "general_inquiry", "description", "Wants to know the bonus rate", "urgency", "low"));

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body().path("priorityScore").decimalValue()).isEqualByComparingTo("60.00");
            assertThat(created.body().path("priority").asText()).isEqualTo("low");
            assertThat(created.body().path("source").asText()).isEqualTo("portal");
        }

        @Test
        void theSameInboundMessageNeverOpensTwoCallbacks() {
            Map<String, Object> body = Map.of("customerId", customer.policyholderId(), "requestType", "policy_issue",
                    "description", "Asked on WhatsApp", "source", "whatsapp", "sourceReferenceId", "wamid." + UUID.randomUUID());

            ApiCall.Answer first = create(agent.claims(), body);
            ApiCall.Answer again = create(agent.claims(), body);

            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.id()).isEqualTo(first.id());
        }

        @Test
        void badInputNamesEveryFieldWithA400() {
            ApiCall.Answer answer = create(agent.claims(), Map.of("requestType", "complaint", "urgency", "urgent"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
            List<String> fields = new ArrayList<>();
            answer.body().path("errors").forEach(error -> fields.add(error.path("field").asText()));
            assertThat(fields).contains("requestType", "description", "urgency");
        }

        @Test
        void anAgentCannotAskForSomeoneElsesCustomer() {
            ApiCall.Answer answer = create(otherAgent.claims(), Map.of("customerId", customer.policyholderId(),
                    "requestType", "feedback", "description", "Not my customer"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("customerId");
        }

        @Test
        void withNobodyFreeTheCallbackWaitsUnassignedAndOtherAgentsSeeIt() {
            callbacks.capacity(agent, 0, 50);
            callbacks.nobodyAvailable(lic);

            ApiCall.Answer created = ApiCall.sample("create-callback.json").as(customer.claims()).send(api);
            ApiCall.Answer unassigned = ApiCall.sample("list-callbacks.json").as(otherAgent.claims())
                    .query("view", "unassigned").query("limit", "100").send(api);

            assertThat(created.body().path("status").asText()).isEqualTo("pending");
            assertThat(created.body().path("agentId").isNull()).isTrue();
            assertThat(ids(unassigned.body())).contains(created.id().toString());
        }
    }

    @Nested
    class Working {

        @Test
        void anAgentWorksACallbackToCompletionAndTheCustomerRatesIt() {
            UUID id = createAsCustomer();

            ApiCall.Answer started = ApiCall.sample("change-status.json").as(agent.claims()).on(id).send(api);
            ApiCall.Answer called = ApiCall.sample("add-activity.json").as(agent.claims()).on(id).send(api);
            ApiCall.Answer completed = ApiCall.sample("complete-callback.json").as(agent.claims()).on(id).send(api);
            ApiCall.Answer rated = ApiCall.sample("rate-callback.json").as(customer.claims()).on(id).send(api);
            ApiCall.Answer detail = ApiCall.sample("get-callback.json").as(agent.claims()).on(id).send(api);

            assertThat(started.status()).isEqualTo(200);
            assertThat(started.body().path("status").asText()).isEqualTo("in_progress");
            assertThat(called.status()).isEqualTo(201);
            assertThat(called.body().path("contactMethod").asText()).isEqualTo("phone");
            assertThat(completed.body().path("status").asText()).isEqualTo("completed");
            assertThat(rated.body().path("satisfactionRating").asInt()).isEqualTo(5);
            List<String> types = new ArrayList<>();
            detail.body().path("activities").forEach(activity -> types.add(activity.path("type").asText()));
            assertThat(types).containsExactly("created", "assigned", "started", "call", "completed");
            JsonNode sla = detail.body().path("sla");
            assertThat(sla).hasSize(2);
            sla.forEach(record -> assertThat(record.path("met").asBoolean()).isTrue());
            assertThat(capacityOf(agent).path("currentActiveCallbacks").asInt()).isZero();
            List<WhatsappMessage> queued = queuedFor(id);
            assertThat(queued).extracting(WhatsappMessage::idempotencyKey)
                    .containsExactlyInAnyOrder("callback-assigned:" + id + ":1", "callback-resolved:" + id);
            WhatsappMessage toAgent = queued.stream().filter(m -> m.template().name().equals("callback_assigned_agent"))
                    .findFirst().orElseThrow();
            assertThat(toAgent.template().parameters()).hasSize(5).startsWith("Ravi " + toAgent.template().parameters()
                    .getFirst().substring(5));
            assertThat(toAgent.purpose()).isEqualTo("callback");
            assertThat(toAgent.template().language()).isEqualTo("en");
            WhatsappMessage toCustomer = queued.stream().filter(m -> m.template().name().equals("callback_resolved"))
                    .findFirst().orElseThrow();
            assertThat(toCustomer.template().parameters()).hasSize(2);
            assertThat(toCustomer.template().language()).isEqualTo("en");
        }

        @Test
        void illegalTransitionsAre409Problems() {
            UUID id = createAsCustomer();

            ApiCall.Answer early = ApiCall.sample("complete-callback.json").as(agent.claims()).on(id).send(api);
            ApiCall.sample("change-status.json").as(agent.claims()).on(id).body(Map.of("status", "cancelled")).send(api);
            ApiCall.Answer afterCancel = ApiCall.sample("change-status.json").as(agent.claims()).on(id).send(api);
            ApiCall.Answer overdueByHand = ApiCall.sample("change-status.json").as(agent.claims()).on(id)
                    .body(Map.of("status", "overdue")).send(api);

            assertThat(early.status()).isEqualTo(409);
            assertThat(early.body().path("detail").asText()).isEqualTo("start the callback (in_progress) before completing it");
            assertThat(afterCancel.status()).isEqualTo(409);
            assertThat(afterCancel.body().path("detail").asText()).isEqualTo("the callback is already cancelled");
            assertThat(overdueByHand.status()).isEqualTo(400);
        }

        @Test
        void aCustomerCannotRateBeforeCompletionNorTwice() {
            UUID id = createAsCustomer();

            ApiCall.Answer early = ApiCall.sample("rate-callback.json").as(customer.claims()).on(id).send(api);
            ApiCall.Answer outOfRange = ApiCall.sample("rate-callback.json").as(customer.claims()).on(id)
                    .body(Map.of("rating", 9)).send(api);

            assertThat(early.status()).isEqualTo(409);
            assertThat(outOfRange.status()).isEqualTo(400);
        }

        @Test
        void aManagerReassignsButNeverBeyondTheAgentsCapacity() {
            Fixtures.Agent teammate = callbacks.fixtures.agent().territory(territoryOf()).create();
            callbacks.capacity(teammate, 1, 50);
            UUID first = createAsCustomer();
            UUID second = createAsCustomer();

            ApiCall.Answer moved = ApiCall.sample("assign-callback.json").as(manager.claims()).on(first)
                    .body(Map.of("agentId", teammate.agentId())).send(api);
            ApiCall.Answer full = ApiCall.sample("assign-callback.json").as(manager.claims()).on(second)
                    .body(Map.of("agentId", teammate.agentId())).send(api);
            ApiCall.Answer byAnAgent = ApiCall.sample("assign-callback.json").as(agent.claims()).on(second)
                    .body(Map.of("agentId", teammate.agentId())).send(api);

            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.body().path("agentId").asText()).isEqualTo(teammate.agentId().toString());
            assertThat(moved.body().path("assignmentCount").asInt()).isEqualTo(2);
            assertThat(full.status()).isEqualTo(409);
            assertThat(byAnAgent.status()).isEqualTo(403);
            assertThat(capacityOf(teammate).path("currentActiveCallbacks").asInt()).isEqualTo(1);
            assertThat(capacityOf(agent).path("currentActiveCallbacks").asInt()).isEqualTo(1);
        }

        @Test
        void anAgentWaitingForApprovalIsGivenNoCallbackAndTheManagerIsToldWhy() {
            Fixtures.Agent newcomer = callbacks.fixtures.agent().territory(territoryOf()).create();
            callbacks.capacity(newcomer, 5, 50);
            var agents = com.agentmitra.data.jooq.tenant.Tables.AGENTS;
            db.ownerDsl(lic).update(agents)
                    .set(agents.STATUS, com.agentmitra.data.jooq.shared.enums.AgentStatusEnum.pending_approval)
                    .where(agents.AGENT_ID.eq(newcomer.agentId())).execute();
            UUID id = createAsCustomer();

            ApiCall.Answer refused = ApiCall.sample("assign-callback.json").as(manager.claims()).on(id)
                    .body(Map.of("agentId", newcomer.agentId())).send(api);

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("detail").asText()).contains("not approved");
            assertThat(db.ownerDsl(lic).select(com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS.AGENT_ID)
                    .from(com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS)
                    .where(com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id))
                    .fetchOne().value1()).as("the callback stays where it was").isNotEqualTo(newcomer.agentId());
            assertThat(capacityOf(newcomer).path("currentActiveCallbacks").asInt()).isZero();
        }

        private String territoryOf() {
            return db.ownerDsl(lic).select(com.agentmitra.data.jooq.tenant.Tables.AGENTS.TERRITORY)
                    .from(com.agentmitra.data.jooq.tenant.Tables.AGENTS)
                    .where(com.agentmitra.data.jooq.tenant.Tables.AGENTS.AGENT_ID.eq(agent.agentId()))
                    .fetchOne(com.agentmitra.data.jooq.tenant.Tables.AGENTS.TERRITORY);
        }
    }

    /** Issue 13: each notice in its recipient's language; the customer's consent and categories decide theirs. */
    @Nested
    class NoticesFollowThePerson {

        /** Works a callback from its creation to completion as {@code worker}; answers what was queued for it. */
        private List<WhatsappMessage> workedToCompletion(UUID id, Map<String, Object> worker) {
            assertThat(ApiCall.sample("change-status.json").as(worker).on(id).send(api).status()).isEqualTo(200);
            assertThat(ApiCall.sample("complete-callback.json").as(worker).on(id).send(api).status()).isEqualTo(200);
            return queuedFor(id);
        }

        private List<String> templates(List<WhatsappMessage> queued) {
            return queued.stream().map(m -> m.template().name()).toList();
        }

        private WhatsappMessage the(String template, List<WhatsappMessage> queued) {
            assertThat(templates(queued)).containsOnlyOnce(template);
            return queued.stream().filter(m -> m.template().name().equals(template)).findFirst().orElseThrow();
        }

        private UUID askedOnWhatsapp() {
            ApiCall.Answer created = create(agent.claims(), Map.of("customerId", customer.policyholderId(),
                    "requestType", "policy_issue", "description", "Asked on WhatsApp", "source", "whatsapp",
                    "sourceReferenceId", "wamid." + UUID.randomUUID()));
            assertThat(created.status()).isEqualTo(201);
            return created.id();
        }

        @Test
        void theResolvedNoticeGoesInTheCustomersLanguageAndTheAssignedOneInTheAgents() {
            callbacks.customerPrefers(customer, "hi");
            callbacks.agentPrefers(agent, "mr");
            UUID id = createAsCustomer();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(the("callback_resolved", queued).template().language()).isEqualTo("hi");
            assertThat(the("callback_assigned_agent", queued).template().language()).isEqualTo("mr");
        }

        @Test
        void aCustomerWhoSwitchedCallbackUpdatesOffIsNotToldButTheAgentStillIs() {
            callbacks.customerChose(customer, "{\"premiumReminders\": true, \"callbackUpdates\": false}");
            UUID id = createAsCustomer();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(templates(queued)).containsExactly("callback_assigned_agent");
        }

        @Test
        void anotherCategorySwitchedOffLeavesCallbackUpdatesOn() {
            callbacks.customerChose(customer, "{\"premiumReminders\": false, \"greetingsAndOffers\": false}");
            UUID id = createAsCustomer();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(templates(queued)).containsExactlyInAnyOrder("callback_assigned_agent", "callback_resolved");
        }

        @Test
        void aCustomerWithoutUtilityConsentIsNotTold() {
            callbacks.neverAskedAboutUtilityMessages(customer);
            UUID id = createAsCustomer();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(templates(queued)).containsExactly("callback_assigned_agent");
        }

        @Test
        void aCustomerWhoAskedOnWhatsappAndNeverSaidNoIsAnsweredThere() {
            callbacks.neverAskedAboutUtilityMessages(customer);
            callbacks.customerPrefers(customer, "hi");
            UUID id = askedOnWhatsapp();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(the("callback_resolved", queued).template().language()).isEqualTo("hi");
        }

        @Test
        void aCustomerWhoSaidNoIsNotToldEvenAboutARequestMadeOnWhatsapp() {
            callbacks.withdrewUtilityConsent(customer);
            UUID id = askedOnWhatsapp();

            List<WhatsappMessage> queued = workedToCompletion(id, agent.claims());

            assertThat(templates(queued)).containsExactly("callback_assigned_agent");
        }

        @Test
        void anAgentOutsideTheCustomersBookCompletesAndTheCustomerIsStillToldInTheirLanguage() {
            callbacks.customerPrefers(customer, "hi");
            callbacks.agentPrefers(otherAgent, "hi");
            UUID id = createAsCustomer();
            ApiCall.Answer given = ApiCall.sample("assign-callback.json").as(callbacks.providerAdmin(lic)).on(id)
                    .body(Map.of("agentId", otherAgent.agentId())).send(api);
            assertThat(given.status()).isEqualTo(200);
            assertThat(ApiCall.sample("get-callback.json").as(otherAgent.claims()).on(id).send(api).status())
                    .isEqualTo(200);

            List<WhatsappMessage> queued = workedToCompletion(id, otherAgent.claims());

            assertThat(the("callback_resolved", queued).template().language()).isEqualTo("hi");
            assertThat(queued).filteredOn(m -> m.idempotencyKey().equals("callback-assigned:" + id + ":2"))
                    .singleElement().satisfies(m -> assertThat(m.template().language()).isEqualTo("hi"));
        }
    }

    @Nested
    class Visibility {

        @Test
        void anotherAgentCannotSeeOrTouchTheCallback() {
            UUID id = createAsCustomer();

            ApiCall.Answer read = ApiCall.sample("get-callback.json").as(otherAgent.claims()).on(id).send(api);
            ApiCall.Answer start = ApiCall.sample("change-status.json").as(otherAgent.claims()).on(id).send(api);
            ApiCall.Answer all = ApiCall.sample("list-callbacks.json").as(otherAgent.claims()).query("view", "all").send(api);

            assertThat(read.status()).isEqualTo(404);
            assertThat(start.status()).isEqualTo(404);
            assertThat(ids(all.body())).doesNotContain(id.toString());
        }

        @Test
        void theManagerSeesTheTeamAndThePolicyholderOnlyTheirOwn() {
            UUID mine = createAsCustomer();
            CallbackFixtures.Customer neighbour = callbacks.customerWithLogin(agent, "gold");
            UUID theirs = ApiCall.sample("create-callback.json").as(neighbour.claims()).send(api).id();

            ApiCall.Answer team = ApiCall.sample("list-callbacks.json").as(manager.claims()).query("view", "team")
                    .query("limit", "100").send(api);
            ApiCall.Answer own = ApiCall.sample("list-callbacks.json").as(customer.claims()).query("view", "all")
                    .query("limit", "100").send(api);
            ApiCall.Answer peek = ApiCall.sample("get-callback.json").as(customer.claims()).on(theirs).send(api);

            assertThat(ids(team.body())).contains(mine.toString(), theirs.toString());
            assertThat(ids(own.body())).containsExactly(mine.toString());
            assertThat(peek.status()).isEqualTo(404);
        }
    }

    @Nested
    class Listing {

        @Test
        void pagesFollowPriorityThenDueTimeWithACursor() {
            createAsCustomer();
            create(agent.claims(), Map.of("customerId", customer.policyholderId(), "requestType", "suggestion",
                    "description", "Low priority idea", "urgency", "low"));

            ApiCall.Answer first = ApiCall.sample("list-callbacks.json").as(agent.claims()).query("view", "mine")
                    .query("limit", "1").send(api);
            ApiCall.Answer second = ApiCall.sample("list-callbacks.json").as(agent.claims()).query("view", "mine")
                    .query("limit", "1").query("cursor", first.body().path("nextCursor").asText()).send(api);

            assertThat(first.body().path("items").get(0).path("priorityScore").decimalValue())
                    .isGreaterThan(second.body().path("items").get(0).path("priorityScore").decimalValue());
            assertThat(second.body().has("nextCursor")).isFalse();
        }

        @Test
        void badQueryParametersAre400s() {
            ApiCall.Answer view = ApiCall.sample("list-callbacks.json").as(agent.claims()).query("view", "everything").send(api);
            ApiCall.Answer cursor = ApiCall.sample("list-callbacks.json").as(agent.claims()).query("cursor", "x").send(api);

            assertThat(view.status()).isEqualTo(400);
            assertThat(cursor.status()).isEqualTo(400);
        }

        @Test
        void theSummaryCountsWhatTheCallerSees() {
            createAsCustomer();

            ApiCall.Answer summary = ApiCall.sample("summary.json").as(agent.claims()).send(api);

            assertThat(summary.status()).isEqualTo(200);
            assertThat(summary.body().path("byStatus").path("assigned").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(summary.body().path("open").asLong()).isGreaterThanOrEqualTo(1);
        }
    }

    @Nested
    class Capacity {

        @Test
        void anAgentSetsTheirOwnCapacityAndTheirManagerReadsIt() {
            ApiCall.Answer put = ApiCall.sample("put-capacity.json").as(agent.claims()).on(agent.agentId()).send(api);
            ApiCall.Answer read = ApiCall.sample("get-capacity.json").as(manager.claims()).on(agent.agentId()).send(api);

            assertThat(put.status()).isEqualTo(200);
            assertThat(read.body().path("maxConcurrentCallbacks").asInt()).isEqualTo(4);
            assertThat(read.body().path("specialties").toString()).contains("payment_problem");
            assertThat(read.body().path("availability").path("mon").get(0).path("from").asText()).isEqualTo("09:30");
        }

        @Test
        void customersAndStrangersCannot() {
            ApiCall.Answer customerPut = ApiCall.sample("put-capacity.json").as(customer.claims()).on(agent.agentId()).send(api);
            ApiCall.Answer strangerRead = ApiCall.sample("get-capacity.json").as(otherAgent.claims()).on(agent.agentId()).send(api);
            ApiCall.Answer badHours = ApiCall.sample("put-capacity.json").as(agent.claims()).on(agent.agentId())
                    .body(Map.of("maxConcurrentCallbacks", 3, "maxDailyCallbacks", 10,
                            "availability", Map.of("mon", List.of(Map.of("from", "18:00", "to", "09:00"))))).send(api);

            assertThat(customerPut.status()).isEqualTo(403);
            assertThat(strangerRead.status()).isEqualTo(404);
            assertThat(badHours.status()).isEqualTo(400);
            assertThat(badHours.body().path("errors").get(0).path("field").asText()).isEqualTo("availability.mon[0]");
        }
    }

    private JsonNode capacityOf(Fixtures.Agent who) {
        return ApiCall.sample("get-capacity.json").as(who.claims()).on(who.agentId()).send(api).body();
    }

    /** Messages on the outbound queue about this callback (others' are left for their tests). */
    private static List<WhatsappMessage> queuedFor(UUID id) {
        List<WhatsappMessage> found = new ArrayList<>();
        try (var sqs = aws.sqs()) {
            for (int round = 0; round < 20; round++) {
                var messages = sqs.receiveMessage(r -> r.queueUrl(outbound).maxNumberOfMessages(10).waitTimeSeconds(0))
                        .messages();
                if (messages.isEmpty()) {
                    break;
                }
                for (var message : messages) {
                    WhatsappMessage parsed = SqsWhatsappOutbox.parse(message.body());
                    if (parsed.idempotencyKey().contains(id.toString())) {
                        found.add(parsed);
                        sqs.deleteMessage(r -> r.queueUrl(outbound).receiptHandle(message.receiptHandle()));
                    }
                }
            }
        }
        return found;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
