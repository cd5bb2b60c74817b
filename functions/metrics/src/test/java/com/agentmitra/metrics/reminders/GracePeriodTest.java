package com.agentmitra.metrics.reminders;

import static com.agentmitra.domain.book.PremiumFrequency.ANNUAL;
import static com.agentmitra.domain.book.PremiumFrequency.HALF_YEARLY;
import static com.agentmitra.domain.book.PremiumFrequency.MONTHLY;
import static com.agentmitra.domain.book.PremiumFrequency.QUARTERLY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GracePeriodTest {

    private final GracePeriod lic = GracePeriod.lic();

    private static LocalDate date(String text) {
        return LocalDate.parse(text);
    }

    @Nested
    class MonthlyMode {

        @Test
        void isFifteenDaysAcrossALeapFebruary() {
            assertThat(lic.lastDay(date("2024-02-20"), MONTHLY)).isEqualTo(date("2024-03-06"));
        }

        @Test
        void isFifteenDaysAcrossAnOrdinaryFebruary() {
            assertThat(lic.lastDay(date("2025-02-20"), MONTHLY)).isEqualTo(date("2025-03-07"));
        }

        @Test
        void crossesTheYearEnd() {
            assertThat(lic.lastDay(date("2025-12-25"), MONTHLY)).isEqualTo(date("2026-01-09"));
        }
    }

    @Nested
    class OtherModesGetOneMonthButNotLessThanThirtyDays {

        @Test
        void thirtyDaysWinWhenTheMonthIsFebruaryOfALeapYear() {
            // Jan 31 + 1 month = Feb 29; + 30 days = Mar 1
            assertThat(lic.lastDay(date("2024-01-31"), ANNUAL)).isEqualTo(date("2024-03-01"));
        }

        @Test
        void thirtyDaysWinWhenTheMonthIsAnOrdinaryFebruary() {
            assertThat(lic.lastDay(date("2023-01-31"), QUARTERLY)).isEqualTo(date("2023-03-02"));
            assertThat(lic.lastDay(date("2025-02-01"), QUARTERLY)).isEqualTo(date("2025-03-03"));
        }

        @Test
        void theMonthWinsWhenItHasThirtyOneDays() {
            assertThat(lic.lastDay(date("2025-07-01"), QUARTERLY)).isEqualTo(date("2025-08-01"));
            assertThat(lic.lastDay(date("2025-12-15"), HALF_YEARLY)).isEqualTo(date("2026-01-15"));
        }

        @Test
        void aPremiumDueOnALeapDay() {
            assertThat(lic.lastDay(date("2024-02-29"), HALF_YEARLY)).isEqualTo(date("2024-03-30"));
        }
    }

    @Test
    void aTenantMayConfigureOtherDays() {
        GracePeriod longer = new GracePeriod(20, 45);

        assertThat(longer.lastDay(date("2025-03-01"), MONTHLY)).isEqualTo(date("2025-03-21"));
        assertThat(longer.lastDay(date("2025-03-01"), ANNUAL)).isEqualTo(date("2025-04-15"));
    }
}
