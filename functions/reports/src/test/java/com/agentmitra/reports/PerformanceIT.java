package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The performance routes through the real Spring Cloud Function handler on PostgreSQL: figures as the nightly
 * tables hold them, grouped and totalled exactly, and only for callers who may see the agent.
 */
class PerformanceIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;
    private static final LocalDate DAY = LocalDate.of(2026, 1, 30);

    private final Fixtures fixtures = new Fixtures(db);
    private Tenant lic;
    private Fixtures.Agent regional;
    private Fixtures.Agent senior;
    private Fixtures.Agent junior;
    private Fixtures.Agent sibling;
    private Fixtures.Agent elsewhere;

    @BeforeAll
    static void startFunction() {
        api = ReportsStack.start("ReportsApiFunction", "reportsApi");
    }

    @BeforeEach
    void aTeam() {
        lic = db.lic();
        String territory = "Perf-" + UUID.randomUUID();
        regional = fixtures.agent().regionalManager().territory(territory).create();
        senior = fixtures.agent().senior().territory("Senior-" + UUID.randomUUID()).create();
        junior = fixtures.agent().under(senior).territory("Junior-" + UUID.randomUUID()).create();
        sibling = fixtures.agent().under(senior).territory("Sibling-" + UUID.randomUUID()).create();
        elsewhere = fixtures.agent().territory("Elsewhere-" + UUID.randomUUID()).create();
        // the regional manager's territory holds the senior agent's team (the senior in it, the juniors under)
        db.ownerDsl(lic).execute("update " + lic.schema() + ".agents set territory = ? where agent_id = ?", territory,
                senior.agentId());
    }

    /** One nightly row of an agent: {@code sold} policies, {@code collected} rupees, a book of {@code book}. */
    private void day(Fixtures.Agent agent, LocalDate date, int sold, String collected, String book, int active) {
        db.ownerDsl(lic).execute("insert into " + lic.schema() + ".agent_performance (agent_id, metric_date,"
                        + " metric_period, policies_sold, premium_collected, premium_under_management, new_policyholders,"
                        + " active_policyholders, callbacks_handled, customer_satisfaction, whatsapp_messages,"
                        + " renewals_due, renewals_collected, lapses, revivals, whatsapp_sent, whatsapp_delivered,"
                        + " whatsapp_read) values (?, ?, 'daily', ?, ?, ?, 1, ?, 2, 4.00, 5, 3, 2, 1, 0, 4, 3, 2)",
                agent.agentId(), date, sold, new BigDecimal(collected), new BigDecimal(book), active);
    }

    /**
     * The callbacks of an agent's day as the nightly job counts them on the day row (tenant V190): {@code resolved}
     * assigned and resolved, {@code slaPercent} of them in time.
     */
    private void callbacksOf(Fixtures.Agent agent, LocalDate date, int resolved, String slaPercent) {
        int inTime = new BigDecimal(slaPercent).multiply(BigDecimal.valueOf(resolved))
                .divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.HALF_UP).intValueExact();
        db.ownerDsl(lic).execute("update " + lic.schema() + ".agent_performance set callbacks_assigned = ?,"
                + " callbacks_resolved = ?, callbacks_resolved_in_time = ? where agent_id = ? and metric_date = ?"
                + " and metric_period = 'daily'", resolved, resolved, inTime, agent.agentId(), date);
    }

    /** What the nightly job does after writing a day (tenant V191): the day's month rolled up again, as system. */
    private void rollUp(LocalDate... days) {
        db.ownerDsl(lic).transaction(configuration -> {
            configuration.dsl().fetch("select set_config('app.tenant_id', ?, true), set_config('app.user_role',"
                    + " 'system', true)", lic.id().toString());
            for (LocalDate day : days) {
                configuration.dsl().fetch("select " + lic.schema() + ".rollup_agent_performance_month(?)", day);
            }
        });
    }

    private static Map<String, Object> staff(Tenant tenant, Role role) {
        return new AuthorizerClaims(tenant.id(), tenant.code(), UUID.randomUUID(), role, Optional.empty(),
                Optional.empty()).toContext();
    }

    private ApiCall.Answer mine(Fixtures.Agent agent, Object from, Object to) {
        return ApiCall.get("/agents/me/performance").as(agent.claims()).query("from", from).query("to", to).send(api);
    }

    private ApiCall.Answer of(Map<String, Object> claims, UUID agentId) {
        return ApiCall.get("/agents/{id}/performance", agentId).as(claims).query("from", DAY.minusDays(2))
                .query("to", DAY).send(api);
    }

    @Nested
    class AnAgentsOwnFigures {

        @Test
        void daysAreTheNightlyRowsAndTotalsAddFlowsExactlyAndKeepTheLastBook() {
            day(junior, DAY.minusDays(2), 1, "12345.67", "100000.00", 10);
            day(junior, DAY.minusDays(1), 2, "0.01", "100500.50", 11);
            day(junior, DAY, 0, "99999999.99", "101000.25", 12);
            day(junior, DAY.plusDays(1), 9, "1.00", "1.00", 1); // outside the days asked for
            callbacksOf(junior, DAY.minusDays(2), 1, "100.00");
            callbacksOf(junior, DAY, 3, "0.00");

            ApiCall.Answer answer = mine(junior, DAY.minusDays(2), DAY);

            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = answer.body();
            assertThat(body.path("agentId").asText()).isEqualTo(junior.agentId().toString());
            assertThat(body.path("granularity").asText()).isEqualTo("day");
            assertThat(body.path("periods")).hasSize(3);
            assertThat(body.path("periods").get(0).path("period").asText()).isEqualTo(DAY.minusDays(2).toString());
            assertThat(body.path("periods").get(0).path("figures").path("slaCompliancePercent").decimalValue())
                    .isEqualByComparingTo("100.00");
            assertThat(body.path("periods").get(1).path("figures").has("slaCompliancePercent"))
                    .as("no callback resolved that day: no percentage").isFalse();
            JsonNode totals = body.path("totals");
            assertThat(totals.path("days").asInt()).isEqualTo(3);
            assertThat(totals.path("policiesSold").asInt()).isEqualTo(3);
            assertThat(answer.text()).as("money exact, as a decimal with its paise")
                    .contains("\"premiumCollected\":100012345.67,").contains("\"premiumUnderManagement\":101000.25,");
            assertThat(totals.path("premiumUnderManagement").decimalValue()).isEqualByComparingTo(new BigDecimal("101000.25"));
            assertThat(totals.path("activeCustomers").asInt()).isEqualTo(12);
            assertThat(totals.path("newCustomers").asInt()).isEqualTo(3);
            assertThat(totals.path("renewalsDue").asInt()).isEqualTo(9);
            assertThat(totals.path("renewalsCollected").asInt()).isEqualTo(6);
            assertThat(totals.path("lapses").asInt()).isEqualTo(3);
            assertThat(totals.path("callbacksHandled").asInt()).isEqualTo(6);
            assertThat(totals.path("callbacksAssigned").asInt()).isEqualTo(4);
            assertThat(totals.path("slaCompliancePercent").decimalValue())
                    .as("1 of 4 resolved callbacks in time, weighted by the callbacks").isEqualByComparingTo("25.00");
            assertThat(totals.path("customerSatisfaction").decimalValue()).isEqualByComparingTo("4.00");
            assertThat(totals.path("whatsappSent").asInt()).isEqualTo(12);
            assertThat(totals.path("whatsappDelivered").asInt()).isEqualTo(9);
            assertThat(totals.path("whatsappRead").asInt()).isEqualTo(6);
        }

        @Test
        void monthsGroupTheDaysAndTakeTheBookOfTheirLastDay() {
            day(junior, LocalDate.of(2026, 1, 30), 1, "10.10", "500.00", 5);
            day(junior, LocalDate.of(2026, 1, 31), 1, "20.20", "600.00", 6);
            day(junior, LocalDate.of(2026, 2, 1), 4, "30.30", "700.00", 7);

            ApiCall.Answer answer = ApiCall.get("/agents/me/performance").as(junior.claims())
                    .query("from", "2026-01-01").query("to", "2026-02-28").query("granularity", "month").send(api);

            assertThat(answer.status()).isEqualTo(200);
            JsonNode periods = answer.body().path("periods");
            assertThat(periods).hasSize(2);
            assertThat(periods.get(0).path("period").asText()).isEqualTo("2026-01-01");
            assertThat(periods.get(0).path("figures").path("policiesSold").asInt()).isEqualTo(2);
            assertThat(periods.get(0).path("figures").path("premiumCollected").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("30.30"));
            assertThat(periods.get(0).path("figures").path("premiumUnderManagement").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("600.00"));
            assertThat(periods.get(1).path("period").asText()).isEqualTo("2026-02-01");
            assertThat(periods.get(1).path("figures").path("activeCustomers").asInt()).isEqualTo(7);
        }

        @Test
        void noRowsAreZeroFiguresNotAnError() {
            ApiCall.Answer answer = mine(junior, DAY.minusDays(2), DAY);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("periods")).isEmpty();
            assertThat(answer.body().path("totals").path("premiumCollected").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("0.00"));
        }

        @Test
        void staffWithoutAnAgentRowHaveNoFiguresOfTheirOwn() {
            ApiCall.Answer answer = ApiCall.get("/agents/me/performance").as(staff(lic, Role.SUPPORT_STAFF)).send(api);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        }

        @Test
        void withoutSignInIs401() {
            assertThat(ApiCall.get("/agents/me/performance").send(api).status()).isEqualTo(401);
        }
    }

    @Nested
    class TheDaysAreValidatedAndBounded {

        private ApiCall.Answer ask(String name, Object value) {
            return ApiCall.get("/agents/me/performance").as(junior.claims()).query(name, value).send(api);
        }

        @Test
        void todayIsNotYetComputed() {
            ApiCall.Answer answer = ask("to", LocalDate.now(Period.INDIA));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.fields()).containsExactly("to");
        }

        @Test
        void fromAfterToIsRefused() {
            ApiCall.Answer answer = ApiCall.get("/agents/me/performance").as(junior.claims()).query("from", DAY)
                    .query("to", DAY.minusDays(1)).send(api);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.fields()).containsExactly("from");
        }

        @Test
        void moreThan366DaysAreRefusedAnd366Answer() {
            ApiCall.Answer tooMany = ApiCall.get("/agents/me/performance").as(junior.claims())
                    .query("from", DAY.minusDays(366)).query("to", DAY).send(api);
            ApiCall.Answer most = ApiCall.get("/agents/me/performance").as(junior.claims())
                    .query("from", DAY.minusDays(365)).query("to", DAY).send(api);
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(most.status()).isEqualTo(200);
        }

        @Test
        void datesAndGranularityMustBeWhatTheContractSays() {
            assertThat(ask("from", "2026-13-01").fields()).containsExactly("from");
            assertThat(ask("from", "x".repeat(5000)).fields()).containsExactly("from");
            assertThat(ask("granularity", "week").fields()).containsExactly("granularity");
            assertThat(ask("granularity", "DAY").status()).isEqualTo(400);
        }
    }

    @Nested
    class AnotherAgentsFigures {

        @Test
        void theAgentsManagersAndStaffSeeThem() {
            day(junior, DAY, 2, "250.00", "1000.00", 3);

            assertThat(of(senior.claims(), junior.agentId()).status()).as("the senior above").isEqualTo(200);
            assertThat(of(regional.claims(), junior.agentId()).status()).as("the region's manager").isEqualTo(200);
            assertThat(of(junior.claims(), junior.agentId()).status()).as("the agent").isEqualTo(200);
            for (Role role : List.of(Role.SUPPORT_STAFF, Role.INSURANCE_PROVIDER_ADMIN, Role.SUPER_ADMIN)) {
                ApiCall.Answer answer = of(staff(lic, role), junior.agentId());
                assertThat(answer.status()).as(role.name()).isEqualTo(200);
                assertThat(answer.body().path("totals").path("premiumCollected").decimalValue())
                        .isEqualByComparingTo(new BigDecimal("250.00"));
            }
        }

        @Test
        void anybodyElseGetsTheSame404AsForNoSuchAgent() {
            day(junior, DAY, 2, "250.00", "1000.00", 3);

            ApiCall.Answer siblingAsks = of(sibling.claims(), junior.agentId());
            ApiCall.Answer juniorAsksAboutTheSenior = of(junior.claims(), senior.agentId());
            ApiCall.Answer elsewhereAsks = of(elsewhere.claims(), junior.agentId());
            ApiCall.Answer otherTenantStaff = of(staff(db.hdfc(), Role.SUPER_ADMIN), junior.agentId());
            ApiCall.Answer nobody = of(senior.claims(), UUID.randomUUID());

            for (ApiCall.Answer answer : List.of(siblingAsks, juniorAsksAboutTheSenior, elsewhereAsks,
                    otherTenantStaff)) {
                assertThat(answer.status()).isEqualTo(404);
                assertThat(answer.body().path("detail")).isEqualTo(nobody.body().path("detail"));
            }
            assertThat(nobody.status()).isEqualTo(404);
        }

        @Test
        void policyholdersAndGuestsAreRefused() {
            assertThat(of(staff(lic, Role.POLICYHOLDER), junior.agentId()).status()).isEqualTo(403);
            assertThat(of(staff(lic, Role.GUEST), junior.agentId()).status()).isEqualTo(403);
        }

        @Test
        void aMalformedIdIsNotFoundLikeAnyOther() {
            ApiCall.Answer answer = ApiCall.get("/agents/{id}/performance").pathId("not-an-id").as(senior.claims())
                    .send(api);
            assertThat(answer.status()).isEqualTo(404);
        }
    }

    /**
     * The team route reads months from {@code monthly} rows and the edges of its range from {@code month_to_date}
     * rows (tenant V191); one agent's route sums the day rows. For ranges that start and end mid-month, cross a
     * year, cover whole months, a single day, and days where an agent has no rows, every agent's team figures must
     * be exactly that agent's summed days.
     */
    @Nested
    class TeamFiguresFromRolledUpRowsEqualTheDaysSummed {

        private static final LocalDate FIRST = LocalDate.of(2025, 10, 1);
        private static final LocalDate LAST = LocalDate.of(2026, 11, 30);

        /** Varied day rows from {@code from} to {@code to}, skipping some days; {@code salt} varies the figures. */
        private void days(Fixtures.Agent agent, LocalDate from, LocalDate to, int salt) {
            db.ownerDsl(lic).execute("insert into " + lic.schema() + ".agent_performance (agent_id, metric_date,"
                    + " metric_period, policies_sold, premium_collected, premium_under_management, new_policyholders,"
                    + " active_policyholders, callbacks_handled, customer_satisfaction, whatsapp_messages,"
                    + " renewals_due, renewals_collected, lapses, revivals, whatsapp_sent, whatsapp_delivered,"
                    + " whatsapp_read, callbacks_assigned, callbacks_resolved, callbacks_resolved_in_time)"
                    + " select ?, d, 'daily', n % 4, (n % 97) * 123.45 + 0.07, 100000 + n * 10.01, n % 3, 50 + n % 13,"
                    + " n % 5, case when n % 5 = 0 or n % 7 = 3 then null else 3 + (n % 3) * 0.5 end, n % 9, n % 6,"
                    + " n % 4, n % 2, (n % 7) / 6, n % 8, n % 7, n % 5, n % 6, n % 4, (n % 4) / 2"
                    + " from (select g::date as d, ((g::date - date '2000-01-01') * 37 + ?) % 1000 as n"
                    + " from generate_series(?::date, ?::date, interval '1 day') g) x"
                    + " where (extract(day from d)::int + ?) % 11 <> 0", agent.agentId(), salt, from, to, salt);
        }

        private void rollUpEveryMonth() {
            List<LocalDate> months = new ArrayList<>();
            for (LocalDate month = FIRST; !month.isAfter(LAST); month = month.plusMonths(1)) {
                months.add(month);
            }
            rollUp(months.toArray(LocalDate[]::new));
        }

        private JsonNode teamRow(LocalDate from, LocalDate to, Fixtures.Agent agent) {
            ApiCall.Answer answer = ApiCall.get("/teams/me/performance").as(senior.claims()).query("from", from)
                    .query("to", to).send(api);
            assertThat(answer.status()).isEqualTo(200);
            for (JsonNode row : answer.body().path("items")) {
                if (row.path("agentId").asText().equals(agent.agentId().toString())) {
                    return row.path("figures");
                }
            }
            throw new AssertionError("no team row for " + agent.agentId());
        }

        private JsonNode daysSummed(LocalDate from, LocalDate to, Fixtures.Agent agent) {
            ApiCall.Answer answer = ApiCall.get("/agents/{id}/performance", agent.agentId()).as(senior.claims())
                    .query("from", from).query("to", to).send(api);
            assertThat(answer.status()).isEqualTo(200);
            return answer.body().path("totals");
        }

        @Test
        void everyRangeGivesTheFiguresOfItsDays() {
            days(junior, FIRST, LAST, 3);
            days(sibling, LocalDate.of(2025, 10, 20), LocalDate.of(2026, 6, 10), 5); // starts and stops mid-month
            rollUpEveryMonth();

            List<LocalDate[]> ranges = List.of(
                    new LocalDate[] {LocalDate.of(2025, 12, 17), LocalDate.of(2026, 2, 11)}, // mid-month, a new year
                    new LocalDate[] {LocalDate.of(2025, 10, 15), LocalDate.of(2026, 10, 14)}, // a year, mid-month
                    new LocalDate[] {LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 20)}, // inside one month
                    new LocalDate[] {LocalDate.of(2026, 2, 28), LocalDate.of(2026, 2, 28)}, // one day, a month's last
                    new LocalDate[] {LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1)}, // one day, a month's first
                    new LocalDate[] {LocalDate.of(2026, 1, 13), LocalDate.of(2026, 1, 13)}, // one day, mid-month
                    new LocalDate[] {LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31)}, // whole months
                    new LocalDate[] {LocalDate.of(2025, 9, 20), LocalDate.of(2025, 10, 10)}, // before the first row
                    new LocalDate[] {LocalDate.of(2026, 6, 5), LocalDate.of(2026, 7, 20)}, // a sibling's last rows
                    new LocalDate[] {LocalDate.of(2026, 6, 15), LocalDate.of(2026, 8, 31)}, // none of the sibling's
                    new LocalDate[] {LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 6)}, // past the last row
                    // exactly 30 days (the default range): one trailing_30 row an agent (tenant V203)
                    new LocalDate[] {LocalDate.of(2026, 1, 17), LocalDate.of(2026, 2, 15)}, // across a month's end
                    new LocalDate[] {LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 30)}, // from a month's first
                    new LocalDate[] {LocalDate.of(2025, 9, 20), LocalDate.of(2025, 10, 19)}, // the first rows
                    new LocalDate[] {LocalDate.of(2026, 5, 27), LocalDate.of(2026, 6, 25)}, // a sibling's last rows
                    new LocalDate[] {LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 30)}, // none of the sibling's
                    new LocalDate[] {LocalDate.of(2026, 11, 7), LocalDate.of(2026, 12, 6)}); // past the last row
            for (LocalDate[] range : ranges) {
                for (Fixtures.Agent agent : List.of(junior, sibling, senior)) {
                    JsonNode team = teamRow(range[0], range[1], agent);
                    assertThat(team).as("%s %s..%s", agent == junior ? "junior" : agent == sibling ? "sibling"
                            : "senior", range[0], range[1]).isEqualTo(daysSummed(range[0], range[1], agent));
                }
            }
            assertThat(teamRow(LocalDate.of(2025, 10, 15), LocalDate.of(2026, 10, 14), junior).path("days").asInt())
                    .as("the year has rows on most days").isGreaterThan(300);
            assertThat(teamRow(LocalDate.of(2026, 6, 5), LocalDate.of(2026, 7, 20), sibling)
                    .path("premiumUnderManagement").decimalValue().signum())
                    .as("the book of the sibling's last day in the range").isPositive();
        }

        @Test
        void theTeamReadsTheRolledUpRowsAndARollUpRebuildsThemWithoutAddingAny() {
            days(junior, FIRST, LAST, 3);
            rollUpEveryMonth();
            rollUpEveryMonth();
            LocalDate from = LocalDate.of(2025, 12, 10);
            LocalDate to = LocalDate.of(2026, 2, 20);
            JsonNode before = daysSummed(from, to, junior);
            assertThat(teamRow(from, to, junior)).as("a second roll-up adds nothing").isEqualTo(before);
            assertThat(db.ownerDsl(lic).fetchSingle("select count(*) filter (where metric_period = 'monthly'),"
                    + " count(*) filter (where metric_period = 'month_to_date') from " + lic.schema()
                    + ".agent_performance where agent_id = ?", junior.agentId()).intoArray())
                    .as("one month row per month, one month-to-date row per day of those months")
                    .containsExactly(14L, 426L);

            // a day inside a whole month of the range changes: the team sees it once the month is rolled up again
            db.ownerDsl(lic).execute("update " + lic.schema() + ".agent_performance set policies_sold ="
                    + " policies_sold + 100 where agent_id = ? and metric_date = ? and metric_period = 'daily'",
                    junior.agentId(), LocalDate.of(2026, 1, 14));
            assertThat(daysSummed(from, to, junior).path("policiesSold").asInt())
                    .isEqualTo(before.path("policiesSold").asInt() + 100);
            assertThat(teamRow(from, to, junior).path("policiesSold").asInt())
                    .as("the team read January's month row, not its days")
                    .isEqualTo(before.path("policiesSold").asInt());
            rollUp(LocalDate.of(2026, 1, 14));
            assertThat(teamRow(from, to, junior)).isEqualTo(daysSummed(from, to, junior));
        }

        @Test
        void thirtyDaysReadTheTrailingRowsAndARollUpRebuildsThemWithoutAddingAny() {
            days(junior, FIRST, LAST, 3);
            rollUpEveryMonth();
            String trailing = "select count(*) from " + lic.schema() + ".agent_performance where agent_id = ?"
                    + " and metric_period = 'trailing_30'";
            long rows = db.ownerDsl(lic).fetchSingle(trailing, junior.agentId()).get(0, Long.class);
            long daysWithADayRowInTheirThirty = db.ownerDsl(lic).fetchSingle("select count(*) from generate_series("
                    + "?::date, least(?::date, current_date + 1), interval '1 day') d where exists (select 1 from "
                    + lic.schema()
                    + ".agent_performance where agent_id = ? and metric_period = 'daily'"
                    + " and metric_date between d::date - 29 and d::date)", FIRST.minusDays(40), LAST.plusDays(40),
                    junior.agentId()).get(0, Long.class);
            assertThat(rows).as("a row for every day up to tomorrow whose 30 days hold a day row")
                    .isEqualTo(daysWithADayRowInTheirThirty).isGreaterThan(400);
            assertThat(db.ownerDsl(lic).fetchSingle(trailing + " and metric_date > current_date + 1",
                    junior.agentId()).get(0, Long.class)).as("none after tomorrow (tenant V206)").isZero();
            rollUpEveryMonth();
            assertThat(db.ownerDsl(lic).fetchSingle(trailing, junior.agentId()).get(0, Long.class))
                    .as("a second roll-up adds nothing").isEqualTo(rows);

            LocalDate from = LocalDate.of(2026, 1, 1);
            LocalDate to = LocalDate.of(2026, 1, 30);
            JsonNode before = daysSummed(from, to, junior);
            assertThat(teamRow(from, to, junior)).isEqualTo(before);
            // a day of the 30 changes: the team sees it once that day's month is rolled up again
            db.ownerDsl(lic).execute("update " + lic.schema() + ".agent_performance set policies_sold ="
                    + " policies_sold + 100 where agent_id = ? and metric_date = ? and metric_period = 'daily'",
                    junior.agentId(), LocalDate.of(2026, 1, 14));
            assertThat(teamRow(from, to, junior).path("policiesSold").asInt())
                    .as("the team read the trailing row of the 30th, not the days")
                    .isEqualTo(before.path("policiesSold").asInt());
            rollUp(LocalDate.of(2026, 1, 14));
            assertThat(teamRow(from, to, junior).path("policiesSold").asInt())
                    .isEqualTo(before.path("policiesSold").asInt() + 100);
            assertThat(teamRow(from, to, junior)).isEqualTo(daysSummed(from, to, junior));
            // the last of the 30 days that day meets rolls into the next month: rebuilt by the same roll-up
            assertThat(teamRow(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 2, 12), junior))
                    .isEqualTo(daysSummed(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 2, 12), junior));
        }
    }

    @Nested
    class ATeam {

        private ApiCall.Answer team(Map<String, Object> claims, Integer limit, String cursor) {
            rollUp(DAY);
            ApiCall call = ApiCall.get("/teams/me/performance").as(claims).query("from", DAY.minusDays(1))
                    .query("to", DAY);
            if (limit != null) {
                call.query("limit", limit);
            }
            if (cursor != null) {
                call.query("cursor", cursor);
            }
            return call.send(api);
        }

        @Test
        void aManagerSeesOneRowPerAgentOfTheSubtreeAndTheirTotals() {
            day(senior, DAY, 1, "100.10", "1000.00", 1);
            day(junior, DAY.minusDays(1), 2, "200.20", "2000.00", 2);
            day(junior, DAY, 3, "300.30", "2500.00", 3);
            day(sibling, DAY, 4, "400.40", "4000.00", 4);
            day(elsewhere, DAY, 50, "5000.00", "50000.00", 50);

            ApiCall.Answer answer = team(regional.claims(), null, null);

            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = answer.body();
            List<String> agents = new ArrayList<>();
            body.path("items").forEach(row -> agents.add(row.path("agentId").asText()));
            assertThat(agents).containsExactlyInAnyOrder(regional.agentId().toString(), senior.agentId().toString(),
                    junior.agentId().toString(), sibling.agentId().toString());
            assertThat(body.path("agents").asInt()).isEqualTo(4);
            JsonNode totals = body.path("totals");
            assertThat(totals.path("policiesSold").asInt()).isEqualTo(10);
            assertThat(totals.path("premiumCollected").decimalValue()).isEqualByComparingTo(new BigDecimal("1001.00"));
            assertThat(totals.path("premiumUnderManagement").decimalValue())
                    .as("each agent's last book, added up").isEqualByComparingTo(new BigDecimal("7500.00"));
            assertThat(body.has("nextCursor")).isFalse();
            JsonNode juniorRow = null;
            for (JsonNode row : body.path("items")) {
                if (row.path("agentId").asText().equals(junior.agentId().toString())) {
                    juniorRow = row;
                }
            }
            assertThat(juniorRow.path("parentAgentId").asText()).isEqualTo(senior.agentId().toString());
            assertThat(juniorRow.path("figures").path("policiesSold").asInt()).isEqualTo(5);
        }

        @Test
        void pagesFollowTheCursorAndTotalsAreOfTheWholeTeam() {
            day(junior, DAY, 3, "300.30", "2500.00", 3);
            day(sibling, DAY, 4, "400.40", "4000.00", 4);

            ApiCall.Answer first = team(senior.claims(), 2, null);
            ApiCall.Answer second = team(senior.claims(), 2, first.body().path("nextCursor").asText());

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body().path("items")).hasSize(2);
            assertThat(second.body().path("items")).hasSize(1);
            assertThat(second.body().has("nextCursor")).isFalse();
            List<String> agents = new ArrayList<>();
            first.body().path("items").forEach(row -> agents.add(row.path("agentId").asText()));
            second.body().path("items").forEach(row -> agents.add(row.path("agentId").asText()));
            assertThat(agents).containsExactlyInAnyOrder(senior.agentId().toString(), junior.agentId().toString(),
                    sibling.agentId().toString());
            assertThat(second.body().path("totals")).isEqualTo(first.body().path("totals"));
            assertThat(first.body().path("totals").path("policiesSold").asInt()).isEqualTo(7);
        }

        @Test
        void aJuniorAgentsTeamIsThemselves() {
            day(sibling, DAY, 4, "400.40", "4000.00", 4);

            ApiCall.Answer answer = team(junior.claims(), null, null);

            assertThat(answer.body().path("items")).hasSize(1);
            assertThat(answer.body().path("items").get(0).path("agentId").asText())
                    .isEqualTo(junior.agentId().toString());
            assertThat(answer.body().path("totals").path("policiesSold").asInt()).isZero();
        }

        @Test
        void aTamperedCursorOrAnUnboundedLimitIs400() {
            assertThat(team(senior.claims(), null, "abc.def").fields()).containsExactly("cursor");
            assertThat(team(senior.claims(), 1001, null).fields()).containsExactly("limit");
            assertThat(team(senior.claims(), 0, null).fields()).containsExactly("limit");
        }

        @Test
        void policyholdersHaveNoTeam() {
            assertThat(team(staff(lic, Role.POLICYHOLDER), null, null).status()).isEqualTo(403);
        }
    }
}
