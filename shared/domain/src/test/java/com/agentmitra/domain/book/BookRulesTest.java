package com.agentmitra.domain.book;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BookRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 4, 10);
    private static final UUID AGENT = UUID.randomUUID();
    private static final UUID HOLDER = UUID.randomUUID();

    @Nested
    class Policyholders {
        @Test
        void aCompleteEntryIsValidatedWithTheAadhaarMasked() {
            var validated = PolicyholderRules.validate(new PolicyholderFields(AGENT, null, "Smt", "Asha", "Kulkarni",
                    "98765 43210", "asha@example.com", LocalDate.of(1980, 5, 1), "Female", "abcpk1234f",
                    "2341 2341 2346", null, "mr"), TODAY);

            PolicyholderDetails person = ((Validated.Ok<PolicyholderDetails>) validated).value();
            assertThat(person.phone().e164()).isEqualTo("+919876543210");
            assertThat(person.aadhaar()).contains(new Aadhaar("XXXX-XXXX-2346", "2346"));
            assertThat(person.gender()).contains("female");
            assertThat(person.pan()).contains(new Pan("ABCPK1234F"));
        }

        @Test
        void everyBadFieldIsNamedAtOnce() {
            var validated = PolicyholderRules.validate(new PolicyholderFields(AGENT, null, null, " ", null, "123",
                    "nope", TODAY.plusDays(1), "x", "PAN", "234123412347", null, "fr"), TODAY);

            assertThat(((Validated.Rejected<PolicyholderDetails>) validated).problems())
                    .extracting(FieldProblem::field)
                    .containsExactly("firstName", "phone", "email", "pan", "aadhaar", "dateOfBirth", "gender",
                            "preferredLanguage");
            assertThat(validated.toString()).doesNotContain("234123412347");
        }
    }

    @Nested
    class Policies {
        private PolicyFields fields(String frequency, BigDecimal premium, LocalDate maturity, String status) {
            return new PolicyFields("LIC-123456789", HOLDER, AGENT, "endowment", "Jeevan Anand", null, null,
                    new BigDecimal("500000"), premium, frequency, null, LocalDate.of(2024, 4, 1), maturity, null,
                    status);
        }

        @Test
        void anActivePolicyGetsItsNextDueDateFromStartAndFrequency() {
            var validated = PolicyRules.validate(fields("Hly", new BigDecimal("6250.50"), null, "active"), TODAY);

            PolicyDetails policy = ((Validated.Ok<PolicyDetails>) validated).value();
            assertThat(policy.premiumFrequency()).isEqualTo(PremiumFrequency.HALF_YEARLY);
            assertThat(policy.nextPaymentDate()).contains(LocalDate.of(2025, 4, 1).plusMonths(6));
            assertThat(policy.status()).isEqualTo(PolicyStatusEnum.active);
            assertThat(policy.applicationDate()).isEqualTo(LocalDate.of(2024, 4, 1));
        }

        @Test
        void moneyMustBePositiveAndMaturityAfterStart() {
            var validated = PolicyRules.validate(fields("fortnightly", new BigDecimal("-1"),
                    LocalDate.of(2024, 4, 1), null), TODAY);

            assertThat(((Validated.Rejected<PolicyDetails>) validated).problems()).containsExactly(
                    new FieldProblem("premiumAmount", "must be more than 0"),
                    new FieldProblem("premiumFrequency",
                            "must be one of Yearly, Half-Yearly, Quarterly, Monthly, Single (or Yly, Hly, Qly, Mly)"),
                    new FieldProblem("maturityDate", "must be after startDate"));
        }

        @Test
        void planAndPolicyTypeAreRequired() {
            var validated = PolicyRules.validate(new PolicyFields("LIC-1", HOLDER, AGENT, null, "", null, null,
                    BigDecimal.TEN, new BigDecimal("0.001"), "Yly", null, null, null, null, null), TODAY);

            assertThat(((Validated.Rejected<PolicyDetails>) validated).problems()).extracting(FieldProblem::field)
                    .containsExactly("policyType", "planName", "premiumAmount", "startDate");
        }
    }
}
