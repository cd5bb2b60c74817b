package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.testing.Fixtures;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /agents/me/dashboard}: live figures over the caller's visible book. */
class DashboardIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;
    private final LocalDate today = BusinessDay.today(Clock.systemUTC());

    private void due(Fixtures.Agent agent, UUID policy, LocalDate date) {
        api.db.ownerDsl(agent.tenant()).update(INSURANCE_POLICIES).set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, date)
                .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).execute();
    }

    @Test
    void anAgentSeesTheirBookWhatFallsDueWhatIsInGraceAndWhatLapsed() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID holder = fixtures.policyholder().of(agent).create();
        fixtures.policyholder().of(agent).create();
        due(agent, fixtures.policy().of(agent, holder).premium("1000.00").create(), today.plusDays(3));
        due(agent, fixtures.policy().of(agent, holder).premium("2000.00").create(), today.plusDays(20));
        due(agent, fixtures.policy().of(agent, holder).premium("4000.00").create(), today.minusDays(10));
        fixtures.policy().of(agent, holder).status(PolicyStatusEnum.lapsed).create();
        fixtures.policy().of(fixtures.agent().create(), fixtures.policyholder().of(agent).create()).create();

        BookApi.Response response = api.call("GET", "/agents/me/dashboard", "/agents/me/dashboard").as(agent).send();

        assertThat(response.status()).isEqualTo(200);
        var body = response.body();
        assertThat(body.path("asOf").asText()).isEqualTo(today.toString());
        assertThat(body.path("policyholders").asLong()).isEqualTo(3);
        assertThat(body.path("activePolicies").asLong()).isEqualTo(3);
        assertThat(body.path("premiumUnderManagement").decimalValue()).isEqualByComparingTo("7000");
        assertThat(body.path("dueIn7Days").path("policies").asLong()).isEqualTo(1);
        assertThat(body.path("dueIn7Days").path("amount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(body.path("dueIn30Days").path("policies").asLong()).isEqualTo(2);
        assertThat(body.path("dueIn30Days").path("amount").decimalValue()).isEqualByComparingTo("3000");
        assertThat(body.path("policiesInGrace").asLong()).isEqualTo(1);
        assertThat(body.path("lapsedPolicies").asLong()).isEqualTo(1);
        assertThat(body.path("openCallbacks").asLong()).isZero();
    }

    @Test
    void someoneWithoutAnAgentBookIsRefused() {
        BookApi.Response response = api.call("GET", "/agents/me/dashboard", "/agents/me/dashboard")
                .as(api.providerAdmin(api.db.lic())).send();

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void theDashboardSampleEventAnswers401WithoutClaimsAnd200ForAnAgent() {
        Fixtures.Agent agent = fixtures.agent().create();

        assertThat(api.sample("dashboard.json", Map.of()).status()).isEqualTo(401);
        assertThat(api.sample("dashboard.json", agent.claims()).status()).isEqualTo(200);
    }
}
