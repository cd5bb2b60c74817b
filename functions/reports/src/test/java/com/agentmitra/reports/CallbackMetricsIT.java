package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /callbacks/metrics on PostgreSQL: medians and p90s of the callbacks themselves, only those the caller sees. */
class CallbackMetricsIT {

    private static final TestDatabase db = TestDatabase.get();
    private static InProcessFunction api;
    /** Days no other test of this module writes callbacks on. */
    private static final LocalDate DAY = LocalDate.of(2025, 6, 10);

    private final Fixtures fixtures = new Fixtures(db);
    private Tenant lic;
    private Fixtures.Agent senior;
    private Fixtures.Agent junior;
    private Fixtures.Agent elsewhere;
    private UUID customer;

    @BeforeAll
    static void startFunction() {
        api = ReportsStack.start("ReportsApiFunction", "reportsApi");
    }

    @BeforeEach
    void aTeam() {
        lic = db.lic();
        // each test on its own days, so staff (who see the whole tenant) see this test's callbacks only
        db.ownerDsl(lic).execute("delete from " + lic.schema() + ".callback_requests where created_at >= ?::timestamptz and created_at < ?::timestamptz",
                "2025-06-01T00:00:00Z", "2025-07-01T00:00:00Z");
        senior = fixtures.agent().senior().territory("Cb-" + UUID.randomUUID()).create();
        junior = fixtures.agent().under(senior).territory("Cb-" + UUID.randomUUID()).create();
        elsewhere = fixtures.agent().territory("Cb-" + UUID.randomUUID()).create();
        customer = fixtures.policyholder().of(junior).create();
    }

    /**
     * A callback opened at 10:00 IST on {@code day}, first answered after {@code firstMinutes}, completed after
     * {@code doneMinutes} (none: still open), due 120 minutes after opening.
     */
    private UUID callback(Fixtures.Agent agent, LocalDate day, Integer firstMinutes, Integer doneMinutes,
            Integer rating, boolean escalated) {
        OffsetDateTime opened = day.atTime(10, 0).atZone(Period.INDIA).toOffsetDateTime();
        UUID id = db.ownerDsl(lic).fetchSingle("insert into " + lic.schema() + ".callback_requests (customer_id,"
                        + " agent_id, request_type, description, customer_name, customer_phone, created_at, assigned_at,"
                        + " due_at, status, completed_at, satisfaction_rating) values (?, ?, 'general_inquiry', 'x',"
                        + " 'Test Customer', '+919800000001', ?::timestamptz, ?::timestamptz, ?::timestamptz,"
                        + " ?::shared.callback_status, ?::timestamptz, ?)"
                        + " returning callback_request_id",
                customer, agent == null ? null : agent.agentId(), opened.toString(), opened.toString(),
                opened.plusMinutes(120).toString(), doneMinutes == null ? "assigned" : "completed",
                doneMinutes == null ? null : opened.plusMinutes(doneMinutes).toString(), rating).get(0, UUID.class);
        if (firstMinutes != null) {
            db.ownerDsl(lic).execute("insert into " + lic.schema() + ".callback_sla_tracking (callback_request_id,"
                    + " sla_type, target_time, actual_time) values (?, 'first_response', ?::timestamptz, ?::timestamptz)", id,
                    opened.plusMinutes(60).toString(), opened.plusMinutes(firstMinutes).toString());
        }
        if (escalated) {
            db.ownerDsl(lic).execute("insert into " + lic.schema() + ".callback_activities (callback_request_id,"
                    + " activity_type, description) values (?, 'escalated', 'overdue')", id);
        }
        return id;
    }

    private ApiCall.Answer metrics(Map<String, Object> claims, String by) {
        ApiCall call = ApiCall.get("/callbacks/metrics").as(claims).query("from", DAY).query("to", DAY.plusDays(1));
        return (by == null ? call : call.query("by", by)).send(api);
    }

    @Test
    void mediansAndNinetiethPercentilesOfTheCallbacksTheCallerSees() {
        // junior, day 1: first responses 10, 20, 30, 40, 100 minutes; resolved in 60, 90, 200 (one late), one open
        callback(junior, DAY, 10, 60, 5, false);
        callback(junior, DAY, 20, 90, 4, false);
        callback(junior, DAY, 30, 200, 2, true);
        callback(junior, DAY, 40, null, null, false);
        callback(junior, DAY.plusDays(1), 100, null, null, true);
        callback(elsewhere, DAY, 1, 1, 1, true); // not the senior's team

        ApiCall.Answer answer = metrics(senior.claims(), null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode totals = answer.body().path("totals");
        assertThat(totals.path("total").asLong()).isEqualTo(5);
        assertThat(totals.path("resolved").asLong()).isEqualTo(3);
        assertThat(totals.path("slaCompliancePercent").decimalValue()).isEqualByComparingTo("66.67");
        assertThat(totals.path("firstResponseMinutesMedian").decimalValue()).isEqualByComparingTo("30.0");
        assertThat(totals.path("firstResponseMinutesP90").decimalValue()).isEqualByComparingTo("76.0");
        assertThat(totals.path("resolutionMinutesMedian").decimalValue()).isEqualByComparingTo("90.0");
        assertThat(totals.path("resolutionMinutesP90").decimalValue()).isEqualByComparingTo("178.0");
        assertThat(totals.path("escalations").asLong()).isEqualTo(2);
        assertThat(totals.path("ratings").asLong()).isEqualTo(3);
        assertThat(totals.path("ratingAverage").decimalValue()).isEqualByComparingTo("3.67");
        JsonNode days = answer.body().path("items");
        assertThat(days).hasSize(2);
        assertThat(days.get(0).path("day").asText()).isEqualTo(DAY.toString());
        assertThat(days.get(0).path("figures").path("total").asLong()).isEqualTo(4);
        assertThat(days.get(1).path("figures").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void byAgentGivesOneRowPerAgentAndStaffSeeTheWholeTenantWithUnassignedOnes() {
        callback(junior, DAY, 10, 60, 5, false);
        callback(senior, DAY, 10, 60, 5, false);
        callback(elsewhere, DAY, 10, 60, 5, false);
        callback(null, DAY, null, null, null, false);

        ApiCall.Answer team = metrics(senior.claims(), "agent");
        ApiCall.Answer tenant = metrics(new AuthorizerClaims(lic.id(), lic.code(), UUID.randomUUID(),
                Role.SUPPORT_STAFF, Optional.empty(), Optional.empty()).toContext(), "agent");
        ApiCall.Answer juniorOnly = metrics(junior.claims(), "agent");

        assertThat(team.body().path("items")).hasSize(2);
        assertThat(team.body().path("totals").path("total").asLong()).isEqualTo(2);
        assertThat(tenant.body().path("items")).hasSize(4);
        assertThat(tenant.body().path("items").get(3).has("agentId")).as("unassigned last").isFalse();
        assertThat(tenant.body().path("totals").path("total").asLong()).isEqualTo(4);
        assertThat(juniorOnly.body().path("items")).hasSize(1);
        assertThat(juniorOnly.body().path("items").get(0).path("agentId").asText())
                .isEqualTo(junior.agentId().toString());
    }

    @Test
    void theDaysAreBoundedToAQuarterAndByIsDayOrAgent() {
        ApiCall.Answer tooMany = ApiCall.get("/callbacks/metrics").as(senior.claims()).query("from", DAY.minusDays(92))
                .query("to", DAY).send(api);
        ApiCall.Answer badBy = ApiCall.get("/callbacks/metrics").as(senior.claims()).query("by", "month").send(api);
        ApiCall.Answer policyholder = ApiCall.get("/callbacks/metrics").as(new AuthorizerClaims(lic.id(), lic.code(),
                UUID.randomUUID(), Role.POLICYHOLDER, Optional.empty(), Optional.empty()).toContext()).send(api);

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.fields()).containsExactly("from");
        assertThat(badBy.fields()).containsExactly("by");
        assertThat(policyholder.status()).isEqualTo(403);
    }
}
