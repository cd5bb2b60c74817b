package com.agentmitra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * Tenant V190 and V191 through the nightly job (issue 17): the callbacks behind the SLA counted on the day rows, and
 * the month rolled up after each day into one {@code monthly} row and one {@code month_to_date} row per day of the
 * month, rebuilt by a rerun (never doubled), on hand-made days of their own (10 and 11 May 2026, IST) in LIC.
 */
class MonthRollupIT {

    private static final LocalDate TENTH = LocalDate.of(2026, 5, 10);
    private static final LocalDate ELEVENTH = TENTH.plusDays(1);

    private final TestDatabase db = TestDatabase.get();
    private final Tenant lic = db.lic();
    private final DSLContext owner = db.ownerDsl(lic);
    private final Fixtures fixtures = new Fixtures(db);

    private String ist(LocalDate day, int hour) {
        return LocalDateTime.of(day, LocalTime.of(hour, 0)).atZone(MetricsDays.INDIA).toOffsetDateTime().toString();
    }

    private void sold(Fixtures.Agent agent, LocalDate day) {
        UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create())
                .status(PolicyStatusEnum.active).create();
        owner.execute("update " + lic.schema() + ".insurance_policies set start_date = ? where policy_id = ?", day, id);
    }

    /** A callback of the agent assigned and completed on {@code day} at 15:00 IST, due at {@code dueHour}. */
    private void resolved(Fixtures.Agent agent, LocalDate day, int dueHour) {
        UUID customer = fixtures.policyholder().of(agent).create();
        owner.execute("insert into " + lic.schema() + ".callback_requests (customer_id, agent_id, request_type,"
                + " description, priority, status, customer_name, customer_phone, created_at, assigned_at,"
                + " completed_at, due_at, satisfaction_rating) values (?, ?, 'policy_issue', 'test callback',"
                + " 'high', 'completed', 'Test Customer', ?, ?::timestamptz, ?::timestamptz, ?::timestamptz,"
                + " ?::timestamptz, 4)", customer, agent.agentId(), Fixtures.anyPhone(), ist(day, 9), ist(day, 10),
                ist(day, 15), ist(day, dueHour));
    }

    private Record row(Fixtures.Agent agent, LocalDate date, String period) {
        return owner.fetchOne("select * from " + lic.schema() + ".agent_performance where agent_id = ?"
                + " and metric_date = ? and metric_period = ?", agent.agentId(), date, period);
    }

    private List<Integer> rowsOf(Fixtures.Agent agent) {
        Record counts = owner.fetchSingle("select count(*) filter (where metric_period = 'daily'),"
                + " count(*) filter (where metric_period = 'monthly'),"
                + " count(*) filter (where metric_period = 'month_to_date')"
                + " from " + lic.schema() + ".agent_performance where agent_id = ?", agent.agentId());
        return List.of(counts.get(0, Integer.class), counts.get(1, Integer.class), counts.get(2, Integer.class));
    }

    @Test
    void theDaysCountTheirCallbacksAndTheMonthIsRolledUpOnceHoweverOftenTheJobRuns() {
        Fixtures.Agent agent = fixtures.agent().named("Rollup").create();
        sold(agent, TENTH);
        resolved(agent, TENTH, 18); // in time
        resolved(agent, ELEVENTH, 12); // completed three hours late
        NightlyMetrics metrics = new NightlyMetrics(db.database(), () -> List.of(lic));

        assertThat(metrics.runTenant(lic, new MetricsDays(TENTH, ELEVENTH)).error()).isNull();
        assertThat(metrics.runTenant(lic, new MetricsDays(TENTH, ELEVENTH)).error()).isNull();

        Record tenth = row(agent, TENTH, "daily");
        assertThat(List.of(tenth.get("callbacks_assigned", Integer.class), tenth.get("callbacks_resolved",
                Integer.class), tenth.get("callbacks_resolved_in_time", Integer.class))).containsExactly(1, 1, 1);
        Record eleventh = row(agent, ELEVENTH, "daily");
        assertThat(List.of(eleventh.get("callbacks_resolved", Integer.class),
                eleventh.get("callbacks_resolved_in_time", Integer.class))).containsExactly(1, 0);
        assertThat(owner.fetchSingle("select sla_compliance_percentage from " + lic.schema()
                + ".agent_callback_performance where agent_id = ? and date = ?", agent.agentId(), ELEVENTH)
                .get(0, BigDecimal.class)).as("the same callbacks as the callback table counts")
                .isEqualByComparingTo("0.00");

        assertThat(rowsOf(agent)).as("two days, one month row, a month-to-date row for each of May's 31 days")
                .containsExactly(2, 1, 31);
        Record month = row(agent, TENTH.withDayOfMonth(1), "monthly");
        assertThat(month.get("policies_sold", Integer.class)).isEqualTo(1);
        assertThat(month.get("callbacks_resolved", Integer.class)).isEqualTo(2);
        assertThat(month.get("callbacks_resolved_in_time", Integer.class)).isEqualTo(1);
        assertThat(month.get("days_covered", Integer.class)).isEqualTo(2);
        assertThat(month.get("last_day", LocalDate.class)).isEqualTo(ELEVENTH);
        assertThat(row(agent, TENTH.minusDays(1), "month_to_date").get("days_covered", Integer.class)).isZero();
        assertThat(row(agent, TENTH, "month_to_date").get("callbacks_resolved", Integer.class)).isEqualTo(1);
        assertThat(row(agent, LocalDate.of(2026, 5, 31), "month_to_date").get("callbacks_resolved", Integer.class))
                .as("days not computed carry the running sums on").isEqualTo(2);

        // a policy sold on the 11th turns up after the day's rerun: the month is rebuilt, not added to
        sold(agent, ELEVENTH);
        assertThat(metrics.runTenant(lic, new MetricsDays(ELEVENTH, ELEVENTH)).error()).isNull();

        assertThat(rowsOf(agent)).containsExactly(2, 1, 31);
        assertThat(row(agent, TENTH.withDayOfMonth(1), "monthly").get("policies_sold", Integer.class)).isEqualTo(2);
        assertThat(row(agent, TENTH, "month_to_date").get("policies_sold", Integer.class)).isEqualTo(1);
        assertThat(row(agent, ELEVENTH, "month_to_date").get("policies_sold", Integer.class)).isEqualTo(2);
    }

    @Test
    void onlyTheNightlyJobRollsMonthsUp() {
        Fixtures.Agent agent = fixtures.agent().named("NotTheJob").create();

        assertThatThrownBy(() -> db.database().inTransaction(agent.caller(), tx ->
                tx.fetch("select " + lic.schema() + ".rollup_agent_performance_month(?)", TENTH)))
                .hasMessageContaining("nightly metrics job only");
    }
}
