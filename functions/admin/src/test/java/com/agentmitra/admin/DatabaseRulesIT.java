package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENT_CALLBACK_CAPACITY;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ESCALATION_RULES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.domain.callbacks.CallbackNotifications;
import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the database itself holds every writer to (tenant V150, V151): an agent not approved is given no customers and
 * no callbacks, and escalation works out of the box with the seeded rules, and with a rule added through the API.
 */
class DatabaseRulesIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;
    private final AdminFixtures admin = new AdminFixtures(db);

    @BeforeAll
    static void startFunction() {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", "http://127.0.0.1:1/unused");
        api = InProcessFunction.start("AdminFunction", AdminFunctions.class.getName(), "adminApi", environment);
    }

    @Test
    void anAgentNotApprovedIsGivenNoCustomersAndNoCallbacks() {
        Tenant lic = db.lic();
        String territory = "Rules-" + UUID.randomUUID();
        Fixtures.Agent approved = admin.fixtures.agent().territory(territory).create();
        Fixtures.Agent pending = admin.pendingAgent(lic, territory);
        var dsl = db.ownerDsl(lic);

        assertThatThrownBy(() -> admin.fixtures.policyholder().of(pending).create())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("not approved");
        UUID customer = admin.fixtures.policyholder().of(approved).create();
        assertThatThrownBy(() -> dsl.update(POLICYHOLDERS).set(POLICYHOLDERS.AGENT_ID, pending.agentId())
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customer)).execute())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("not approved");

        UUID callback = callback(lic, customer, approved.agentId(), CallbackPriority.low, Instant.now());
        assertThatThrownBy(() -> dsl.update(CALLBACK_REQUESTS).set(CALLBACK_REQUESTS.AGENT_ID, pending.agentId())
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callback)).execute())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("not approved");
        // the application role is held to it too
        assertThatThrownBy(() -> db.database().inTransaction(Caller.system(lic), tx -> tx.update(CALLBACK_REQUESTS)
                .set(CALLBACK_REQUESTS.AGENT_ID, pending.agentId())
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callback)).execute()))
                .isInstanceOf(DataAccessException.class);

        // a pending agent's capacity is never offered to auto-assignment, even when someone switches it on
        dsl.insertInto(AGENT_CALLBACK_CAPACITY).set(AGENT_CALLBACK_CAPACITY.AGENT_ID, pending.agentId())
                .set(AGENT_CALLBACK_CAPACITY.IS_AVAILABLE, true).execute();
        assertThat(available(lic, pending)).isFalse();

        // once approved, the same writes go through
        AdminFixtures.Staff administrator = admin.admin(lic);
        assertThat(AdminCall.to("POST", "/agents/{id}/approval", pending.agentId())
                .body(Map.of("decision", "approve")).as(administrator.claims()).send(api).status()).isEqualTo(200);
        dsl.update(CALLBACK_REQUESTS).set(CALLBACK_REQUESTS.AGENT_ID, pending.agentId())
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callback)).execute();
        admin.fixtures.policyholder().of(pending).create();
        dsl.update(AGENT_CALLBACK_CAPACITY).set(AGENT_CALLBACK_CAPACITY.IS_AVAILABLE, true)
                .where(AGENT_CALLBACK_CAPACITY.AGENT_ID.eq(pending.agentId())).execute();
        assertThat(available(lic, pending)).isTrue();
    }

    @Test
    void theSeededRuleEscalatesAnOverdueHighPriorityCallbackToTheManager() {
        Tenant hdfc = db.hdfc();
        String territory = "Escalation-" + UUID.randomUUID();
        Fixtures.Agent manager = admin.fixtures.agent().inTenant(hdfc).regionalManager().named("Mohan")
                .territory(territory).create();
        Fixtures.Agent agent = admin.fixtures.agent().inTenant(hdfc).named("Ravi").territory(territory)
                .under(manager).create();
        UUID customer = admin.fixtures.policyholder().of(agent).create();
        Instant now = Instant.parse("2026-12-07T06:00:00Z");
        // asked for three hours ago at high priority (2 h SLA): one hour overdue, not yet 2x the SLA
        UUID callback = callback(hdfc, customer, agent.agentId(), CallbackPriority.high,
                now.minus(Duration.ofHours(3)));
        UUID seeded = db.ownerDsl(hdfc).select(CALLBACK_ESCALATION_RULES.ESCALATION_RULE_ID)
                .from(CALLBACK_ESCALATION_RULES)
                .where(CALLBACK_ESCALATION_RULES.RULE_NAME.eq("Overdue high priority: notify the manager"))
                .fetchSingle().value1();

        Recording notices = new Recording();
        sweeper(notices, now).sweep(hdfc);

        assertThat(notices.escalated).singleElement().satisfies(notice -> {
            assertThat(notice.callbackId()).isEqualTo(callback);
            assertThat(notice.ruleId()).isEqualTo(seeded);
            assertThat(notice.managerName()).startsWith("Mohan");
        });
        assertThat(escalations(hdfc, callback)).containsExactly(seeded.toString());

        // a second sweep does not escalate it again
        sweeper(notices, now.plus(Duration.ofMinutes(5))).sweep(hdfc);
        assertThat(notices.escalated).hasSize(1);
    }

    @Test
    void aRuleAddedThroughTheApiFires() {
        Tenant icici = db.tenants().byCode("ICICI_PRUDENTIAL");
        AdminFixtures.Staff administrator = admin.admin(icici);
        String territory = "ApiRule-" + UUID.randomUUID();
        Fixtures.Agent agent = admin.fixtures.agent().inTenant(icici).territory(territory).create();
        UUID customer = admin.fixtures.policyholder().of(agent).create();
        Instant now = Instant.parse("2026-12-07T06:00:00Z");
        UUID callback = callback(icici, customer, agent.agentId(), CallbackPriority.low, now.minus(Duration.ofHours(25)));

        AdminCall.Answer rule = AdminCall.to("POST", "/callback-escalation-rules").as(administrator.claims())
                // any priority: the sweeper re-scores an old callback (its priority may rise) before the rules run
                .body(Map.of("name", "raise after 10 minutes " + UUID.randomUUID(),
                        "triggerCondition", Map.of("overdueByMinutes", 10), "action", "increase_priority",
                        "target", Map.of("priority", "high")))
                .send(api);
        assertThat(rule.status()).isEqualTo(201);

        CallbackSweeper.Report report = sweeper(new Recording(), now).sweep(icici);

        assertThat(report.skippedRules()).isEmpty();
        assertThat(escalations(icici, callback)).contains(rule.id().toString());
        assertThat(db.ownerDsl(icici).select(CALLBACK_REQUESTS.PRIORITY).from(CALLBACK_REQUESTS)
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callback)).fetchSingle().value1())
                .isEqualTo(CallbackPriority.high);
    }

    private static CallbackSweeper sweeper(CallbackNotifications notices, Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        CallbackRepository repository = new CallbackRepository();
        CallbackService service = new CallbackService(db.database(), repository, notices, clock);
        return new CallbackSweeper(db.database(), db.tenants(), repository, service, notices, clock);
    }

    private static UUID callback(Tenant tenant, UUID customer, UUID agentId, CallbackPriority priority,
            Instant createdAt) {
        var c = CALLBACK_REQUESTS;
        return db.ownerDsl(tenant).insertInto(c)
                .set(c.CUSTOMER_ID, customer).set(c.AGENT_ID, agentId).set(c.REQUEST_TYPE, "policy_issue")
                .set(c.DESCRIPTION, "Needs help").set(c.PRIORITY, priority).set(c.STATUS, CallbackStatus.assigned)
                .set(c.CUSTOMER_NAME, "Asha Customer").set(c.CUSTOMER_PHONE, Fixtures.anyPhone())
                .set(c.CREATED_AT, createdAt).set(c.ASSIGNED_AT, createdAt)
                .set(c.DUE_AT, createdAt.plus(Duration.ofHours(switch (priority) {
                    case high -> 2;
                    case medium -> 8;
                    case low -> 24;
                })))
                .returning(c.CALLBACK_REQUEST_ID).fetchSingle().getCallbackRequestId();
    }

    private static List<String> escalations(Tenant tenant, UUID callback) {
        var a = CALLBACK_ACTIVITIES;
        return db.ownerDsl(tenant).select(a.METADATA).from(a)
                .where(a.CALLBACK_REQUEST_ID.eq(callback)).and(a.ACTIVITY_TYPE.eq("escalated"))
                .fetch(r -> {
                    try {
                        return com.agentmitra.lambda.Json.mapper().readTree(r.value1().data())
                                .path("escalationRuleId").asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    private static boolean available(Tenant tenant, Fixtures.Agent agent) {
        return db.ownerDsl(tenant).select(AGENT_CALLBACK_CAPACITY.IS_AVAILABLE).from(AGENT_CALLBACK_CAPACITY)
                .where(AGENT_CALLBACK_CAPACITY.AGENT_ID.eq(agent.agentId())).fetchSingle().value1();
    }

    static final class Recording implements CallbackNotifications {
        final List<Escalated> escalated = new ArrayList<>();

        @Override
        public void assigned(Assigned notice) {}

        @Override
        public void resolved(Resolved notice) {}

        @Override
        public void escalated(Escalated notice) {
            escalated.add(notice);
        }
    }
}
