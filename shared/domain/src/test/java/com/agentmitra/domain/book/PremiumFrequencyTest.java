package com.agentmitra.domain.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PremiumFrequencyTest {

    @ParameterizedTest
    @CsvSource({"Yearly,ANNUAL", "Yly,ANNUAL", "YLY,ANNUAL", "annual,ANNUAL", "Half-Yearly,HALF_YEARLY",
            "Hly,HALF_YEARLY", "half yearly,HALF_YEARLY", "Quarterly,QUARTERLY", "Qly,QUARTERLY", "Monthly,MONTHLY",
            "Mly,MONTHLY", "SSS,MONTHLY", "Single,SINGLE"})
    void readsTheNamesAgentsAndLicStatementsUse(String typed, PremiumFrequency expected) {
        assertThat(PremiumFrequency.parse(typed)).isEqualTo(Parsed.valid(expected));
    }

    @Test
    void anUnknownFrequencyNamesTheAcceptedOnes() {
        assertThat(PremiumFrequency.parse("fortnightly")).isEqualTo(Parsed.invalid(
                "must be one of Yearly, Half-Yearly, Quarterly, Monthly, Single (or Yly, Hly, Qly, Mly)"));
    }

    @Test
    void theNextDueDateIsOnePeriodLaterKeepingTheMonthEndSensible() {
        assertThat(PremiumFrequency.QUARTERLY.after(LocalDate.of(2024, 11, 30))).contains(LocalDate.of(2025, 2, 28));
        assertThat(PremiumFrequency.HALF_YEARLY.after(LocalDate.of(2024, 4, 1))).contains(LocalDate.of(2024, 10, 1));
        assertThat(PremiumFrequency.SINGLE.after(LocalDate.of(2024, 4, 1))).isEmpty();
    }

    @Test
    void theFirstDueDateOnOrAfterTodayFollowsTheStartDatesDay() {
        LocalDate start = LocalDate.of(2023, 1, 31);

        assertThat(PremiumFrequency.MONTHLY.firstDueOnOrAfter(start, LocalDate.of(2024, 3, 1)))
                .contains(LocalDate.of(2024, 3, 31));
        assertThat(PremiumFrequency.ANNUAL.firstDueOnOrAfter(start, LocalDate.of(2024, 1, 31)))
                .contains(LocalDate.of(2024, 1, 31));
        assertThat(PremiumFrequency.SINGLE.firstDueOnOrAfter(start, LocalDate.of(2024, 1, 31)))
                .isEqualTo(Optional.empty());
    }
}
