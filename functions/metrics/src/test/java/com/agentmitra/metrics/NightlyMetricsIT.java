package com.agentmitra.metrics;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_SLA_TRACKING;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.PREMIUM_PAYMENTS;
import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.data.jooq.shared.enums.PaymentStatusEnum;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.lambda.Json;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nightly metrics against real PostgreSQL on a hand-made day (10 March 2026, India time) in the ICICI tenant:
 * every figure checked to the number, reruns rewriting the same rows, backfill ranges, and a failing tenant that
 * does not stop the others.
 */
class NightlyMetricsIT {

    static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    static TestDatabase db;
    static Tenant icici;
    static DSLContext owner;
    static Fixtures.Agent asha;
    static Fixtures.Agent ravi;
    static Fixtures.Agent idle;

    /** An instant on DAY (or a day around it) at an India time. */
    static Instant ist(int dayOffset, int hour, int minute) {
        return LocalDateTime.of(DAY.plusDays(dayOffset), java.time.LocalTime.of(hour, minute))
                .atZone(MetricsDays.INDIA).toInstant();
    }

    @BeforeAll
    static void handMadeDay() {
        db = TestDatabase.get();
        icici = db.tenants().byCode("ICICI_PRUDENTIAL");
        owner = db.ownerDsl(icici);
        Fixtures fixtures = new Fixtures(db);
        asha = fixtures.agent().inTenant(icici).named("Asha").create();
        ravi = fixtures.agent().inTenant(icici).named("Ravi").create();
        idle = fixtures.agent().inTenant(icici).named("Idle").create();

        // policyholders: two added on the day (one at 23:59 IST), one the evening before
        UUID h1 = holder(asha, ist(0, 10, 0));
        UUID h2 = holder(asha, ist(-1, 23, 0));
        UUID h3 = holder(asha, ist(0, 23, 59));

        // policies: p1 sold on the day; p2 an old active one; p3 applied on the day, pending; p4 applied, cancelled
        UUID p1 = policy(asha, h1, "10000.00", PolicyStatusEnum.active, DAY, DAY);
        UUID p2 = policy(asha, h1, "5000.00", PolicyStatusEnum.active, DAY.minusDays(120), DAY.minusDays(100));
        policy(asha, h2, "8000.00", PolicyStatusEnum.pending_approval, DAY, DAY.plusDays(5));
        policy(asha, h3, "9000.00", PolicyStatusEnum.cancelled, DAY, DAY.plusDays(5));
        UUID p5 = policy(ravi, holder(ravi, ist(-30, 9, 0)), "7000.00", PolicyStatusEnum.lapsed, DAY.minusDays(400),
                DAY.minusDays(390));

        // premiums: 2,500 paid on the day; 1,000 paid a minute before it began; 700 still pending
        payment(p2, "2500.00", PaymentStatusEnum.completed, ist(0, 12, 0));
        payment(p2, "1000.00", PaymentStatusEnum.completed, ist(-1, 23, 59));
        payment(p1, "700.00", PaymentStatusEnum.pending, ist(0, 13, 0));
        payment(p5, "600.00", PaymentStatusEnum.completed, ist(0, 14, 0));

        // WhatsApp: three of Asha's messages on the day, one the day after
        for (Instant at : List.of(ist(0, 0, 0), ist(0, 9, 30), ist(0, 18, 0), ist(1, 0, 0))) {
            owner.insertInto(WHATSAPP_MESSAGES).set(WHATSAPP_MESSAGES.AGENT_ID, asha.agentId())
                    .set(WHATSAPP_MESSAGES.POLICYHOLDER_ID, h1).set(WHATSAPP_MESSAGES.MESSAGE_TYPE, "text")
                    .set(WHATSAPP_MESSAGES.CONTENT, "test message").set(WHATSAPP_MESSAGES.CREATED_AT, at).execute();
        }

        // c1: Asha, high, opened 09:00, assigned 09:10, first response 10:00, completed 11:00 = due (met), rated 5
        UUID c1 = callback(asha, h1, CallbackPriority.high, "payment_problem", "whatsapp", ist(0, 9, 0), ist(0, 9, 10),
                ist(0, 11, 0), ist(0, 11, 0), 5);
        firstResponse(c1, ist(0, 10, 0));
        // c2: Asha, low, opened the day before (first response then), completed on the day after its due time, rated 3
        UUID c2 = callback(asha, h1, CallbackPriority.low, "policy_issue", "portal", ist(-1, 10, 0), ist(-1, 10, 5),
                ist(0, 10, 0), ist(-1, 20, 0), 3);
        firstResponse(c2, ist(-1, 12, 0));
        // c3: Ravi, medium, opened 15:00, assigned 15:30, first response 16:00, still in progress
        UUID c3 = callback(ravi, h1, CallbackPriority.medium, "claim_assistance", "portal", ist(0, 15, 0),
                ist(0, 15, 30), null, ist(0, 23, 0), null);
        firstResponse(c3, ist(0, 16, 0));
        // c4: nobody's yet, opened 20:00 from the app; c5: opened after midnight, the next day
        callback(null, h1, CallbackPriority.low, "policy_issue", "mobile", ist(0, 20, 0), null, null, ist(1, 20, 0), null);
        callback(asha, h1, CallbackPriority.high, "policy_issue", "portal", ist(1, 1, 0), ist(1, 1, 5), null,
                ist(1, 3, 0), null);

        // Asha's callback activities: two on the day, one the day before
        activity(c1, asha, ist(0, 10, 0));
        activity(c1, asha, ist(0, 11, 0));
        activity(c2, asha, ist(-1, 12, 0));
    }

    static UUID holder(Fixtures.Agent agent, Instant createdAt) {
        UUID id = new Fixtures(db).policyholder().of(agent).create();
        owner.update(POLICYHOLDERS).set(POLICYHOLDERS.CREATED_AT, createdAt)
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id)).execute();
        return id;
    }

    static UUID policy(Fixtures.Agent agent, UUID holder, String premium, PolicyStatusEnum status, LocalDate applied,
            LocalDate start) {
        UUID id = new Fixtures(db).policy().of(agent, holder).premium(premium).status(status).create();
        owner.update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.APPLICATION_DATE, applied)
                .set(INSURANCE_POLICIES.START_DATE, start).where(INSURANCE_POLICIES.POLICY_ID.eq(id)).execute();
        return id;
    }

    static void payment(UUID policy, String amount, PaymentStatusEnum status, Instant paidAt) {
        owner.insertInto(PREMIUM_PAYMENTS).set(PREMIUM_PAYMENTS.POLICY_ID, policy)
                .set(PREMIUM_PAYMENTS.AMOUNT, new BigDecimal(amount)).set(PREMIUM_PAYMENTS.STATUS, status)
                .set(PREMIUM_PAYMENTS.PAYMENT_DATE, paidAt).execute();
    }

    static UUID callback(Fixtures.Agent agent, UUID customer, CallbackPriority priority, String type, String source,
            Instant created, Instant assigned, Instant completed, Instant due,
            Integer rating) {
        var c = CALLBACK_REQUESTS;
        return owner.insertInto(c)
                .set(c.CUSTOMER_ID, customer).set(c.AGENT_ID, agent == null ? null : agent.agentId())
                .set(c.REQUEST_TYPE, type).set(c.DESCRIPTION, "test callback").set(c.PRIORITY, priority)
                .set(c.STATUS, completed != null ? CallbackStatus.completed
                        : assigned != null ? CallbackStatus.in_progress : CallbackStatus.pending)
                .set(c.CUSTOMER_NAME, "Test Customer").set(c.CUSTOMER_PHONE, Fixtures.anyPhone())
                .set(c.SOURCE, source).set(c.CREATED_AT, created).set(c.ASSIGNED_AT, assigned)
                .set(c.COMPLETED_AT, completed).set(c.DUE_AT, due).set(c.SATISFACTION_RATING, rating)
                .returning(c.CALLBACK_REQUEST_ID).fetchOne(c.CALLBACK_REQUEST_ID);
    }

    static void firstResponse(UUID callback, Instant at) {
        var s = CALLBACK_SLA_TRACKING;
        owner.insertInto(s).set(s.CALLBACK_REQUEST_ID, callback).set(s.SLA_TYPE, "first_response")
                .set(s.TARGET_TIME, at.plusSeconds(3600)).set(s.ACTUAL_TIME, at).execute();
    }

    static void activity(UUID callback, Fixtures.Agent agent, Instant at) {
        var a = CALLBACK_ACTIVITIES;
        owner.insertInto(a).set(a.CALLBACK_REQUEST_ID, callback).set(a.AGENT_ID, agent.agentId())
                .set(a.ACTIVITY_TYPE, "called").set(a.DESCRIPTION, "called the customer").set(a.CREATED_AT, at)
                .execute();
    }

    private static NightlyMetrics metrics(List<Tenant> tenants) {
        return new NightlyMetrics(db.database(), () -> tenants);
    }

    private static Record agentDay(Fixtures.Agent agent, LocalDate day) {
        return owner.fetchOne("select * from " + icici.schema() + ".agent_performance where agent_id = ?"
                + " and metric_date = ? and metric_period = 'daily'", agent.agentId(), day);
    }

    private static Record callbackDay(LocalDate day) {
        return owner.fetchOne("select * from " + icici.schema() + ".callback_metrics_daily where date = ?", day);
    }

    private static Record agentCallbackDay(Fixtures.Agent agent, LocalDate day) {
        return owner.fetchOne("select * from " + icici.schema() + ".agent_callback_performance where agent_id = ?"
                + " and date = ?", agent.agentId(), day);
    }

    private static Map<String, Object> json(Object jsonb) throws Exception {
        return Json.mapper().readValue(jsonb.toString(), Map.class);
    }

    @Test
    void agentPerformanceIsRightToTheNumber() {
        MetricsReport.TenantResult result = metrics(List.of(icici)).runTenant(icici, new MetricsDays(DAY, DAY));

        assertThat(result.error()).isNull();
        Record a = agentDay(asha, DAY);
        assertThat(a.get("policies_sold", Integer.class)).isEqualTo(1);
        assertThat(a.get("premium_collected", BigDecimal.class)).isEqualByComparingTo("2500.00");
        assertThat(a.get("premium_under_management", BigDecimal.class)).isEqualByComparingTo("15000.00");
        assertThat(a.get("new_policyholders", Integer.class)).isEqualTo(2);
        assertThat(a.get("active_policyholders", Integer.class)).isEqualTo(1);
        assertThat(a.get("customer_interactions", Integer.class)).isEqualTo(2);
        assertThat(a.get("whatsapp_messages", Integer.class)).isEqualTo(3);
        assertThat(a.get("callbacks_handled", Integer.class)).isEqualTo(2);
        assertThat(a.get("customer_satisfaction", BigDecimal.class)).isEqualByComparingTo("4.00");
        assertThat(a.get("response_time_hours", BigDecimal.class)).isEqualByComparingTo("1.00");
        assertThat(a.get("conversion_rate", BigDecimal.class)).isEqualByComparingTo("33.33");

        Record r = agentDay(ravi, DAY);
        assertThat(r.get("policies_sold", Integer.class)).isZero();
        assertThat(r.get("premium_collected", BigDecimal.class)).isEqualByComparingTo("600.00");
        assertThat(r.get("premium_under_management", BigDecimal.class)).isEqualByComparingTo("0");
        assertThat(r.get("new_policyholders", Integer.class)).isZero();
        assertThat(r.get("callbacks_handled", Integer.class)).isZero();
        assertThat(r.get("customer_satisfaction")).isNull();
        assertThat(r.get("response_time_hours", BigDecimal.class)).isEqualByComparingTo("1.00");
        assertThat(r.get("conversion_rate")).isNull();

        Record i = agentDay(idle, DAY);
        assertThat(i).as("every agent has a row, an idle one with zeros").isNotNull();
        assertThat(i.get("whatsapp_messages", Integer.class)).isZero();
    }

    @Test
    void theTenantsCallbackDayIsRightToTheNumber() throws Exception {
        metrics(List.of(icici)).runTenant(icici, new MetricsDays(DAY, DAY));

        Record d = callbackDay(DAY);
        assertThat(d.get("total_callbacks", Integer.class)).isEqualTo(3);
        assertThat(d.get("resolved_callbacks", Integer.class)).isEqualTo(2);
        assertThat(d.get("avg_resolution_time_minutes", BigDecimal.class)).isEqualByComparingTo("780.00");
        assertThat(d.get("avg_first_response_time_minutes", BigDecimal.class)).isEqualByComparingTo("60.00");
        assertThat(d.get("sla_compliance_percentage", BigDecimal.class)).isEqualByComparingTo("50.00");
        assertThat(d.get("customer_satisfaction_avg", BigDecimal.class)).isEqualByComparingTo("4.00");
        assertThat(json(d.get("callbacks_by_priority"))).isEqualTo(Map.of("high", 1, "medium", 1, "low", 1));
        assertThat(json(d.get("callbacks_by_type")))
                .isEqualTo(Map.of("payment_problem", 1, "claim_assistance", 1, "policy_issue", 1));
        assertThat(json(d.get("callbacks_by_source"))).isEqualTo(Map.of("whatsapp", 1, "portal", 1, "mobile", 1));
        assertThat(json(d.get("agent_performance"))).isEqualTo(Map.of(
                asha.agentId().toString(), Map.of("assigned", 1, "resolved", 2),
                ravi.agentId().toString(), Map.of("assigned", 1, "resolved", 0)));
    }

    @Test
    void eachAgentsCallbackDayIsRightToTheNumber() throws Exception {
        metrics(List.of(icici)).runTenant(icici, new MetricsDays(DAY, DAY));

        Record a = agentCallbackDay(asha, DAY);
        assertThat(a.get("total_assigned", Integer.class)).isEqualTo(1);
        assertThat(a.get("total_resolved", Integer.class)).isEqualTo(2);
        assertThat(a.get("avg_resolution_time_minutes", BigDecimal.class)).isEqualByComparingTo("780.00");
        assertThat(a.get("sla_compliance_percentage", BigDecimal.class)).isEqualByComparingTo("50.00");
        assertThat(a.get("customer_satisfaction_avg", BigDecimal.class)).isEqualByComparingTo("4.00");
        assertThat(json(a.get("callbacks_by_priority"))).isEqualTo(Map.of("high", 1));

        Record r = agentCallbackDay(ravi, DAY);
        assertThat(r.get("total_assigned", Integer.class)).isEqualTo(1);
        assertThat(r.get("total_resolved", Integer.class)).isZero();
        assertThat(r.get("avg_resolution_time_minutes")).isNull();
        assertThat(r.get("sla_compliance_percentage")).isNull();
        assertThat(json(r.get("callbacks_by_priority"))).isEqualTo(Map.of("medium", 1));

        assertThat(agentCallbackDay(idle, DAY)).as("no callback that day, no row").isNull();
    }

    @Test
    void aRerunRewritesTheSameRows() {
        NightlyMetrics metrics = metrics(List.of(icici));
        metrics.runTenant(icici, new MetricsDays(DAY, DAY));
        Result<Record> first = snapshot();

        MetricsReport.TenantResult again = metrics.runTenant(icici, new MetricsDays(DAY, DAY));

        assertThat(again.error()).isNull();
        assertThat(snapshot()).isEqualTo(first);
    }

    /** Every metric row of the day with its key and figures (not its timestamps). */
    private static Result<Record> snapshot() {
        String s = icici.schema();
        return owner.fetch("select 'ap' t, performance_id::text id, agent_id::text k, to_jsonb(ap) - 'created_at' - 'updated_at' v"
                + " from " + s + ".agent_performance ap where metric_date = ?"
                + " union all select 'cm', metric_id::text, date::text, to_jsonb(cm) - 'created_at'"
                + " from " + s + ".callback_metrics_daily cm where date = ?"
                + " union all select 'acp', performance_id::text, agent_id::text, to_jsonb(acp) - 'created_at'"
                + " from " + s + ".agent_callback_performance acp where date = ? order by 1, 2", DAY, DAY, DAY);
    }

    @Test
    void aRerunAfterAReassignmentDropsTheAgentRowThatNoLongerHoldsAnything() {
        NightlyMetrics metrics = metrics(List.of(icici));
        LocalDate day = DAY.plusDays(3);
        UUID holder = holder(idle, ist(-10, 9, 0));
        UUID callback = callback(idle, holder, CallbackPriority.low, "policy_issue", "portal", ist(3, 9, 0),
                ist(3, 9, 5), null, ist(3, 20, 0), null);
        metrics.runTenant(icici, new MetricsDays(day, day));
        assertThat(agentCallbackDay(idle, day)).isNotNull();

        owner.update(CALLBACK_REQUESTS).set(CALLBACK_REQUESTS.AGENT_ID, ravi.agentId())
                .where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callback)).execute();
        metrics.runTenant(icici, new MetricsDays(day, day));

        assertThat(agentCallbackDay(idle, day)).isNull();
        assertThat(agentCallbackDay(ravi, day).get("total_assigned", Integer.class)).isEqualTo(1);
    }

    @Test
    void aBackfillWritesEveryDayOfTheRange() {
        MetricsReport.TenantResult result = metrics(List.of(icici))
                .runTenant(icici, new MetricsDays(DAY.minusDays(1), DAY.plusDays(1)));

        long agents = owner.fetchCount(owner.selectFrom(icici.schema() + ".agents"));
        assertThat(result.agentPerformanceRows()).isEqualTo(3 * agents);
        assertThat(result.callbackMetricsRows()).isEqualTo(3);
        assertThat(callbackDay(DAY.minusDays(1)).get("total_callbacks", Integer.class)).isEqualTo(1);
        assertThat(callbackDay(DAY).get("total_callbacks", Integer.class)).isEqualTo(3);
        assertThat(callbackDay(DAY.plusDays(1)).get("total_callbacks", Integer.class)).isEqualTo(1);
        assertThat(agentDay(asha, DAY.minusDays(1)).get("whatsapp_messages", Integer.class)).isZero();
        assertThat(agentDay(asha, DAY.plusDays(1)).get("whatsapp_messages", Integer.class)).isEqualTo(1);
        assertThat(agentCallbackDay(asha, DAY.minusDays(1)).get("total_assigned", Integer.class)).isEqualTo(1);
    }

    @Test
    void theDashboardViewIsRefreshed() {
        metrics(List.of(icici)).runTenant(icici, new MetricsDays(DAY, DAY));

        Record dashboard = owner.fetchOne("select total_policies, total_premium, refreshed_at from " + icici.schema()
                + ".agent_dashboard_metrics where agent_id = ?", asha.agentId());
        assertThat(dashboard.get("total_policies", Long.class)).isEqualTo(2);
        assertThat(dashboard.get("total_premium", BigDecimal.class)).isEqualByComparingTo("15000.00");
        assertThat(dashboard.get("refreshed_at", Instant.class))
                .isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void aFailingTenantIsReportedAndTheOthersStillRun() {
        Tenant missing = new Tenant(UUID.randomUUID(), "GONE", "gone_schema");
        LocalDate day = DAY.plusDays(5);

        MetricsReport report = metrics(List.of(missing, icici)).run(new MetricsDays(day, day));

        assertThat(report.tenantsFailed()).isEqualTo(1);
        assertThat(report.tenants()).extracting(MetricsReport.TenantResult::tenant).containsExactly("GONE", "ICICI_PRUDENTIAL");
        assertThat(report.tenants().get(0).error()).contains("gone_schema");
        assertThat(report.tenants().get(1).error()).isNull();
        assertThat(callbackDay(day)).isNotNull();
    }
}
