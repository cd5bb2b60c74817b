package com.agentmitra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Tenant V140's figures of agent_performance (issue 17), on a hand-made day of their own (20 April 2026, IST) in
 * the LIC tenant: renewals due and collected, lapses, revivals, WhatsApp sent, delivered and read, to the number.
 */
class RenewalAndDeliveryFiguresIT {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 20);

    private final TestDatabase db = TestDatabase.get();
    private final Tenant lic = db.lic();
    private final DSLContext owner = db.ownerDsl(lic);
    private final Fixtures fixtures = new Fixtures(db);

    private String ist(int dayOffset, int hour) {
        return LocalDateTime.of(DAY.plusDays(dayOffset), LocalTime.of(hour, 0)).atZone(MetricsDays.INDIA)
                .toOffsetDateTime().toString();
    }

    private UUID policy(Fixtures.Agent agent, PolicyStatusEnum status, LocalDate nextDue, LocalDate lapsedOn) {
        UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).status(status).create();
        owner.execute("update " + lic.schema() + ".insurance_policies set next_payment_date = ?, lapsed_on = ?"
                + " where policy_id = ?", nextDue, lapsedOn, id);
        return id;
    }

    private void payment(UUID policy, String status, String paidAt, LocalDate due) {
        owner.execute("insert into " + lic.schema() + ".premium_payments (policy_id, amount, status, payment_date,"
                + " due_date) values (?, 1000.00, ?::shared.payment_status_enum, ?::timestamptz, ?)", policy, status,
                paidAt, due);
    }

    private void message(Fixtures.Agent agent, boolean fromCustomer, String whatsappStatus, String at) {
        owner.execute("insert into " + lic.schema() + ".whatsapp_messages (agent_id, is_from_customer, send_status,"
                        + " whatsapp_status, created_at) values (?, ?, ?::shared.whatsapp_send_status_enum, ?,"
                        + " ?::timestamptz)", agent.agentId(), fromCustomer, fromCustomer ? null : "accepted",
                whatsappStatus, at);
    }

    @Test
    void renewalsLapsesRevivalsAndDeliveriesOfTheDayAreRightToTheNumber() {
        Fixtures.Agent agent = fixtures.agent().named("Meena").create();
        // due that day: by next premium (2), by a recorded payment's due date (1); not due: another day, pending
        UUID dueToday = policy(agent, PolicyStatusEnum.active, DAY, null);
        policy(agent, PolicyStatusEnum.lapsed, DAY, DAY.minusDays(1)); // due, and lapsed the day before
        UUID paidAhead = policy(agent, PolicyStatusEnum.active, DAY.plusMonths(12), null);
        payment(paidAhead, "completed", ist(-3, 11), DAY);
        policy(agent, PolicyStatusEnum.active, DAY.plusDays(1), null);
        policy(agent, PolicyStatusEnum.pending_approval, DAY, null);
        // lapsed that day (1); revived that day: lapsed before, active again, paid that day (1)
        policy(agent, PolicyStatusEnum.lapsed, DAY.minusDays(40), DAY);
        UUID revived = policy(agent, PolicyStatusEnum.active, DAY.plusMonths(1), DAY.minusDays(30));
        payment(revived, "completed", ist(0, 15), DAY.minusDays(60));
        payment(dueToday, "completed", ist(0, 23), DAY); // collected that day too: 2 collected
        payment(dueToday, "pending", ist(0, 9), DAY);
        payment(dueToday, "completed", ist(1, 1), DAY); // the next day
        // messages: outbound sent, delivered, read, failed; one inbound read; one outbound the day before
        message(agent, false, "sent", ist(0, 9));
        message(agent, false, "delivered", ist(0, 10));
        message(agent, false, "read", ist(0, 11));
        message(agent, false, "failed", ist(0, 12));
        message(agent, true, "read", ist(0, 13));
        message(agent, false, "read", ist(-1, 13));

        NightlyMetrics metrics = new NightlyMetrics(db.database(), () -> List.of(lic));
        assertThat(metrics.runTenant(lic, new MetricsDays(DAY, DAY)).error()).isNull();
        assertThat(metrics.runTenant(lic, new MetricsDays(DAY, DAY)).error()).as("a rerun rewrites the row").isNull();

        Record row = owner.fetchOne("select * from " + lic.schema() + ".agent_performance where agent_id = ?"
                + " and metric_date = ? and metric_period = 'daily'", agent.agentId(), DAY);
        assertThat(row.get("renewals_due", Integer.class)).isEqualTo(3);
        assertThat(row.get("renewals_collected", Integer.class)).isEqualTo(2);
        assertThat(row.get("lapses", Integer.class)).isEqualTo(1);
        assertThat(row.get("revivals", Integer.class)).isEqualTo(1);
        assertThat(row.get("whatsapp_messages", Integer.class)).isEqualTo(5);
        assertThat(row.get("whatsapp_sent", Integer.class)).isEqualTo(3);
        assertThat(row.get("whatsapp_delivered", Integer.class)).isEqualTo(2);
        assertThat(row.get("whatsapp_read", Integer.class)).isEqualTo(1);
        // one row of each kind for the day after two runs: the day row, its month-to-date row (tenant V191) and
        // its trailing 30 days (tenant V203)
        assertThat(owner.fetch("select metric_period from " + lic.schema() + ".agent_performance where agent_id = ?"
                + " and metric_date = ?", agent.agentId(), DAY).getValues(0, String.class))
                .containsExactlyInAnyOrder("daily", "month_to_date", "trailing_30");
    }

    private void event(UUID user, String type, String name, String at) {
        owner.execute("insert into " + lic.schema() + ".user_events (user_id, event_type, event_label, occurred_at)"
                + " values (?, ?, ?, ?::timestamptz)", user, type, name, at);
    }

    @Test
    void theAppsEventsRollUpIntoSessionsPerUserAndTheAgentsEngagement() {
        Fixtures.Agent agent = fixtures.agent().named("Lata").create();
        LocalDate day = DAY.plusDays(1);
        UUID customer = fixtures.policyholder().of(agent).create();
        UUID user = owner.fetchSingle("insert into " + lic.schema() + ".users (username, email, phone_number,"
                + " first_name, last_name, role) values (?, ?, ?, 'Cust', 'Omer', 'policyholder') returning user_id",
                "cust" + customer, "cust" + customer + "@example.test", Fixtures.anyPhone()).get(0, UUID.class);
        owner.execute("update " + lic.schema() + ".policyholders set user_id = ? where policyholder_id = ?", user,
                customer);
        String at = LocalDateTime.of(day, LocalTime.of(9, 0)).atZone(MetricsDays.INDIA).toOffsetDateTime().toString();
        String before = LocalDateTime.of(day, LocalTime.of(0, 0)).atZone(MetricsDays.INDIA).toOffsetDateTime()
                .minusMinutes(1).toString();
        event(user, "session_start", "app", at);
        event(user, "screen_view", "home", at);
        event(user, "feature_use", "video_term_plans", at);
        event(user, "feature_use", "video_claims", at);
        event(user, "feature_use", "chatbot_premium", at);
        event(user, "feature_use", "video_late", before); // the day before, IST

        NightlyMetrics metrics = new NightlyMetrics(db.database(), () -> List.of(lic));
        assertThat(metrics.runTenant(lic, new MetricsDays(day, day)).error()).isNull();
        assertThat(metrics.runTenant(lic, new MetricsDays(day, day)).error()).isNull();

        Record row = owner.fetchOne("select * from " + lic.schema() + ".agent_performance where agent_id = ?"
                + " and metric_date = ? and metric_period = 'daily'", agent.agentId(), day);
        assertThat(row.get("video_content_views", Integer.class)).isEqualTo(2);
        assertThat(row.get("chatbot_conversations", Integer.class)).isEqualTo(1);
        var sessions = owner.fetch("select event_type, event_data::text d from " + lic.schema()
                + ".session_analytics where user_id = ?", user);
        assertThat(sessions).as("one row per user and day, a rerun replacing it").hasSize(1);
        assertThat(sessions.get(0).get("event_type", String.class)).isEqualTo("activity");
        assertThat(sessions.get(0).get("d", String.class)).contains("\"events\": 5").contains("\"sessions\": 1")
                .contains("\"featureUses\": 3").contains("\"screenViews\": 1");
    }
}
