package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.PREMIUM_PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.testing.Fixtures;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/** Premium status: {@code /policies/{id}/payments}, idempotent on the insurer's receipt number. */
class PaymentsIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;
    private final LocalDate today = BusinessDay.today(Clock.systemUTC());

    private UUID activePolicyDueOn(Fixtures.Agent agent, LocalDate due) {
        UUID id = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create()).create();
        api.db.ownerDsl(agent.tenant()).update(INSURANCE_POLICIES)
                .set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, due)
                .set(INSURANCE_POLICIES.OUTSTANDING_AMOUNT, new java.math.BigDecimal("12500.00"))
                .where(INSURANCE_POLICIES.POLICY_ID.eq(id)).execute();
        return id;
    }

    private BookApi.Response pay(Fixtures.Agent agent, UUID policy, String receipt, String amount) {
        return api.call("POST", "/policies/{id}/payments", "/policies/" + policy + "/payments").id(policy).as(agent)
                .body("{\"receiptNumber\":\"" + receipt + "\",\"amount\":" + amount + ",\"paidOn\":\"" + today
                        + "\",\"paymentMethod\":\"upi\"}")
                .send();
    }

    @Test
    void recordingAPremiumAdvancesThePolicysPremiumStatus() {
        Fixtures.Agent agent = fixtures.agent().create();
        LocalDate due = today.plusDays(3);
        UUID policy = activePolicyDueOn(agent, due);

        BookApi.Response recorded = pay(agent, policy, "PR-1001", "12500.00");

        assertThat(recorded.status()).isEqualTo(201);
        assertThat(recorded.text("receiptNumber")).isEqualTo("PR-1001");
        assertThat(recorded.text("dueDate")).isEqualTo(due.toString());
        assertThat(recorded.text("paidOn")).isEqualTo(today.toString());
        Record after = api.db.ownerDsl(agent.tenant()).selectFrom(INSURANCE_POLICIES)
                .where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).fetchSingle();
        assertThat(after.get(INSURANCE_POLICIES.NEXT_PAYMENT_DATE)).isEqualTo(due.plusYears(1));
        assertThat(after.get(INSURANCE_POLICIES.LAST_PAYMENT_DATE)).isEqualTo(today);
        assertThat(after.get(INSURANCE_POLICIES.TOTAL_PAYMENTS)).isEqualTo(1);
        assertThat(after.get(INSURANCE_POLICIES.OUTSTANDING_AMOUNT)).isEqualByComparingTo("0");
        assertThat(after.get(INSURANCE_POLICIES.PAYMENT_STATUS)).isEqualTo("paid");
    }

    @Test
    void theSameReceiptAgainChangesNothingAndAnswersTheFirstRecord() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID policy = activePolicyDueOn(agent, today);
        BookApi.Response first = pay(agent, policy, "PR-2002", "12500");

        BookApi.Response again = pay(agent, policy, "PR-2002", "12500.00");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        var dsl = api.db.ownerDsl(agent.tenant());
        assertThat(dsl.fetchCount(PREMIUM_PAYMENTS, PREMIUM_PAYMENTS.POLICY_ID.eq(policy))).isEqualTo(1);
        assertThat(dsl.select(INSURANCE_POLICIES.TOTAL_PAYMENTS, INSURANCE_POLICIES.NEXT_PAYMENT_DATE)
                .from(INSURANCE_POLICIES).where(INSURANCE_POLICIES.POLICY_ID.eq(policy)).fetchSingle().value2())
                .isEqualTo(today.plusYears(1));
    }

    @Test
    void theSameReceiptWithADifferentAmountIsAConflict() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID policy = activePolicyDueOn(agent, today);
        pay(agent, policy, "PR-3003", "12500");

        BookApi.Response different = pay(agent, policy, "PR-3003", "999");

        assertThat(different.status()).isEqualTo(409);
        assertThat(different.text("detail")).contains("PR-3003").contains("12500.00");
    }

    @Test
    void badPaymentsAreFieldErrors() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID policy = activePolicyDueOn(agent, today);

        BookApi.Response response = api.call("POST", "/policies/{id}/payments", "/policies/" + policy + "/payments")
                .id(policy).as(agent).body(Map.of("amount", -5, "paidOn", today.plusDays(2).toString())).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("errors").findValuesAsText("field"))
                .containsExactly("receiptNumber", "amount", "paidOn");
    }

    @Test
    void aCancelledPolicyTakesNoPremiumsAndAnotherAgentsPolicyLooksMissing() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID cancelled = fixtures.policy().of(agent, fixtures.policyholder().of(agent).create())
                .status(PolicyStatusEnum.cancelled).create();
        UUID others = activePolicyDueOn(fixtures.agent().create(), today);

        assertThat(pay(agent, cancelled, "PR-4004", "100").status()).isEqualTo(409);
        assertThat(pay(agent, others, "PR-4005", "100").status()).isEqualTo(404);
        assertThat(api.call("GET", "/policies/{id}/payments", "/policies/" + others + "/payments").id(others)
                .as(agent).send().status()).isEqualTo(404);
    }

    @Test
    void paymentsAreListedNewestDueFirst() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID policy = activePolicyDueOn(agent, today.minusYears(1));
        pay(agent, policy, "PR-5001", "12500");
        pay(agent, policy, "PR-5002", "12500");

        BookApi.Response list = api.call("GET", "/policies/{id}/payments", "/policies/" + policy + "/payments")
                .id(policy).as(agent).send();

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("items").findValuesAsText("receiptNumber")).containsExactly("PR-5002", "PR-5001");
    }
}
