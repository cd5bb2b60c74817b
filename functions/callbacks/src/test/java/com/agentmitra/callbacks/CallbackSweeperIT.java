package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackCommands;
import com.agentmitra.domain.callbacks.CallbackNotifications;
import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.domain.callbacks.NewCallback;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The callback-sweeper on its own tenant (ICICI), with a clock the test moves. */
class CallbackSweeperIT {

    private static final TestDatabase db = TestDatabase.get();

    private final CallbackFixtures callbacks = new CallbackFixtures(db);
    private final CallbackFixtures.MovableClock clock = new CallbackFixtures.MovableClock(Instant.parse("2026-03-02T04:30:00Z"));
    private final CallbackFixtures.RecordingNotifications notices = new CallbackFixtures.RecordingNotifications();
    private final CallbackRepository repository = new CallbackRepository();
    private final CallbackService service = new CallbackService(db.database(), repository, notices, clock);
    private final CallbackSweeper sweeper = new CallbackSweeper(db.database(), db.tenants(), repository, service, notices, clock);
    private Tenant icici;
    private Fixtures.Agent manager;
    private Fixtures.Agent agent;
    private Fixtures.Agent spare;
    private UUID customer;

    @BeforeEach
    void aTeamInItsOwnTenant() {
        icici = db.tenants().byCode("ICICI_PRUDENTIAL");
        callbacks.clearOpenCallbacks(icici);
        manager = callbacks.fixtures.agent().inTenant(icici).senior().create();
        agent = callbacks.fixtures.agent().inTenant(icici).under(manager).create();
        spare = callbacks.fixtures.agent().inTenant(icici).under(manager).create();
        callbacks.capacity(agent, 3, 50);
        customer = callbacks.fixtures.policyholder().of(agent).create();
    }

    private UUID ask(String type, String urgency) {
        return service.create(manager.caller(), new NewCallback(customer, null, type, "Please call me", urgency, null,
                null, null, null, null)).callback().id();
    }

    private CallbackStatus status(UUID id) {
        return db.ownerDsl(icici).select(CALLBACK_REQUESTS.STATUS).from(CALLBACK_REQUESTS)
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id)).fetchOne(CALLBACK_REQUESTS.STATUS);
    }

    @Test
    void marksWhatIsPastDueOverdueOnceAndRescoresAsCallbacksAge() {
        UUID id = ask("general_inquiry", "medium"); // 70: medium, due in 8 hours
        clock.advance(Duration.ofHours(9));

        CallbackSweeper.Report first = sweeper.sweep(icici);
        CallbackSweeper.Report second = sweeper.sweep(icici);

        assertThat(status(id)).isEqualTo(CallbackStatus.overdue);
        assertThat(first.markedOverdue()).isEqualTo(1);
        assertThat(first.rescored()).isEqualTo(1);
        assertThat(second.markedOverdue()).isZero();
        assertThat(second.rescored()).isZero();
        var row = db.ownerDsl(icici).selectFrom(CALLBACK_REQUESTS).where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id)).fetchOne();
        // 9 hours waited: + 2.25
        assertThat(row.getPriorityScore()).isEqualByComparingTo("72.25");
        assertThat(db.ownerDsl(icici).fetchCount(CALLBACK_ACTIVITIES, CALLBACK_ACTIVITIES.CALLBACK_REQUEST_ID.eq(id)
                .and(CALLBACK_ACTIVITIES.ACTIVITY_TYPE.eq("overdue")))).isEqualTo(1);
    }

    @Test
    void rescoringAloneIsNotAuditedButACategoryChangeIs() {
        UUID id = ask("other", "high"); // 50 + 15 = 65: low, due in 24 hours
        int afterCreate = updateAudits(id);
        clock.advance(Duration.ofHours(2));
        assertThat(sweeper.sweep(icici).rescored()).isEqualTo(1); // 65.50, still low
        assertThat(updateAudits(id)).isEqualTo(afterCreate);

        clock.advance(Duration.ofHours(18)); // 20 hours waited: 70, medium, not yet due
        assertThat(sweeper.sweep(icici).rescored()).isEqualTo(1);
        var row = db.ownerDsl(icici).selectFrom(CALLBACK_REQUESTS).where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id)).fetchOne();
        assertThat(row.getPriorityScore()).isEqualByComparingTo("70.00");
        assertThat(row.getPriority()).isEqualTo(CallbackPriority.medium);
        assertThat(row.getStatus()).isNotEqualTo(CallbackStatus.overdue);
        assertThat(updateAudits(id)).isEqualTo(afterCreate + 1);
    }

    private int updateAudits(UUID callbackId) {
        return db.ownerDsl(icici).fetchCount(com.agentmitra.data.jooq.audit.Tables.AUDIT_LOG,
                com.agentmitra.data.jooq.audit.Tables.AUDIT_LOG.TABLE_NAME.eq("callback_requests")
                        .and(com.agentmitra.data.jooq.audit.Tables.AUDIT_LOG.RECORD_ID.eq(callbackId.toString()))
                        .and(com.agentmitra.data.jooq.audit.Tables.AUDIT_LOG.ACTION.eq("UPDATE")));
    }

    @Test
    void progressClearsOverdue() {
        UUID id = ask("general_inquiry", "medium");
        clock.advance(Duration.ofHours(9));
        sweeper.sweep(icici);

        service.changeStatus(agent.caller(), id, new CallbackCommands.ChangeStatus("in_progress", null));
        sweeper.sweep(icici);

        assertThat(status(id)).isEqualTo(CallbackStatus.in_progress);
    }

    @Test
    void reassignsOnceByRuleAndNotifiesTheNewAgentOnce() {
        callbacks.capacity(spare, 3, 50);
        callbacks.escalationRule(icici, "reassign after 30 min", null, "{\"overdueByMinutes\": 30}", "reassign", "{}");
        UUID id = ask("policy_issue", "low"); // 90: high, due in 2 hours, given to the customer's own agent
        clock.advance(Duration.ofHours(3));

        CallbackSweeper.Report first = sweeper.sweep(icici);
        CallbackSweeper.Report second = sweeper.sweep(icici);

        var row = db.ownerDsl(icici).selectFrom(CALLBACK_REQUESTS).where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id)).fetchOne();
        assertThat(row.getAgentId()).isEqualTo(spare.agentId());
        assertThat(row.getStatus()).isEqualTo(CallbackStatus.overdue);
        assertThat(first.reassigned()).isEqualTo(1);
        assertThat(second.escalated()).isZero();
        assertThat(second.reassigned()).isZero();
        assertThat(notices.of(CallbackNotifications.Assigned.class)).extracting(CallbackNotifications::idempotencyKey)
                .containsExactly("callback-assigned:" + id + ":1", "callback-assigned:" + id + ":2");
        assertThat(repository.realActiveCounts(db.ownerDsl(icici)).get(spare.agentId())).isEqualTo(1);
        assertThat(db.database().inTransaction(com.agentmitra.data.Caller.system(icici), tx -> repository.capacity(tx,
                agent.agentId(), java.time.LocalDate.now())).orElseThrow().currentActiveCallbacks()).isZero();
    }

    @Test
    void raisesPriorityAndTellsTheManager() {
        callbacks.escalationRule(icici, "raise low after an hour", CallbackPriority.low, "{\"overdueByMinutes\": 60}",
                "increase_priority", "{}");
        callbacks.escalationRule(icici, "tell the manager", null, "{\"overdueByMinutes\": 60}", "notify_manager", "{}");
        UUID id = ask("suggestion", "low"); // 30: low, due in 24 hours
        clock.advance(Duration.ofHours(26));

        sweeper.sweep(icici);
        sweeper.sweep(icici);

        var row = db.ownerDsl(icici).selectFrom(CALLBACK_REQUESTS).where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(id)).fetchOne();
        assertThat(row.getPriority()).isEqualTo(CallbackPriority.medium);
        assertThat(notices.of(CallbackNotifications.Escalated.class)).hasSize(1)
                .allSatisfy(notice -> assertThat(notice.callbackId()).isEqualTo(id));
    }

    @Test
    void tellsTheManagerInTheManagersLanguage() {
        callbacks.escalationRule(icici, "tell the manager", null, "{\"overdueByMinutes\": 60}", "notify_manager", "{}");
        callbacks.agentPrefers(manager, "hi");
        UUID id = ask("suggestion", "low");
        clock.advance(Duration.ofHours(26));

        sweeper.sweep(icici);

        assertThat(notices.of(CallbackNotifications.Escalated.class)).singleElement().satisfies(notice -> {
            assertThat(notice.callbackId()).isEqualTo(id);
            assertThat(notice.language()).isEqualTo("hi");
        });
        assertThat(notices.of(CallbackNotifications.Assigned.class)).isNotEmpty()
                .allSatisfy(notice -> assertThat(notice.language()).isEqualTo("en"));
    }

    @Test
    void offersWaitingCallbacksWhenCapacityFrees() {
        callbacks.capacity(agent, 1, 50);
        UUID first = ask("feedback", "low");
        UUID waiting = ask("feedback", "low");
        assertThat(status(waiting)).isEqualTo(CallbackStatus.pending);

        service.changeStatus(agent.caller(), first, new CallbackCommands.ChangeStatus("cancelled", null));
        CallbackSweeper.Report report = sweeper.sweep(icici);
        CallbackSweeper.Report again = sweeper.sweep(icici);

        assertThat(status(waiting)).isEqualTo(CallbackStatus.assigned);
        assertThat(report.assigned()).isEqualTo(1);
        assertThat(again.assigned()).isZero();
    }
}
