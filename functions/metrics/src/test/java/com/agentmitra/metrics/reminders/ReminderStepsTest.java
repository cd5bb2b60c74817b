package com.agentmitra.metrics.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.domain.book.PremiumFrequency;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReminderStepsTest {

    private final ReminderSteps steps = ReminderSteps.defaults();

    private static LocalDate date(String text) {
        return LocalDate.parse(text);
    }

    private Optional<String> stepOn(LocalDate due, PremiumFrequency frequency, String today) {
        LocalDate graceEnd = GracePeriod.lic().lastDay(due, frequency);
        return steps.current(due, graceEnd, date(today)).map(ReminderSteps.Step::name);
    }

    @Nested
    class AnnualPremiumDueTheDayAfterALeapDay {

        private final LocalDate due = date("2024-03-01");   // grace until 2024-04-01

        @Test
        void hasFifteenSevenAndOneDayRemindersThenTwoInsideGrace() {
            assertThat(steps.all(due, date("2024-04-01"))).extracting(ReminderSteps.Step::name, ReminderSteps.Step::on)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("due-15", date("2024-02-15")),
                            org.assertj.core.groups.Tuple.tuple("due-7", date("2024-02-23")),
                            org.assertj.core.groups.Tuple.tuple("due-1", date("2024-02-29")),
                            org.assertj.core.groups.Tuple.tuple("grace+1", date("2024-03-02")),
                            org.assertj.core.groups.Tuple.tuple("grace-end-7", date("2024-03-25")));
        }

        @Test
        void sendsNothingBeforeTheFirstStep() {
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-02-14")).isEmpty();
        }

        @Test
        void theLatestStepThatHasComeIsCurrent() {
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-02-15")).contains("due-15");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-02-22")).contains("due-15");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-02-29")).contains("due-1");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-03-01")).contains("due-1");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-03-02")).contains("grace+1");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-03-25")).contains("grace-end-7");
        }

        @Test
        void theLastDayOfGraceStillHasItsStepAndTheDayAfterNothing() {
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-04-01")).contains("grace-end-7");
            assertThat(stepOn(due, PremiumFrequency.ANNUAL, "2024-04-02")).isEmpty();
        }
    }

    @Nested
    class MonthlyPremium {

        private final LocalDate due = date("2025-03-01");   // grace until 2025-03-16

        @Test
        void remindersCrossTheEndOfAnOrdinaryFebruary() {
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-02-14")).contains("due-15");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-02-22")).contains("due-7");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-02-28")).contains("due-1");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-03-02")).contains("grace+1");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-03-09")).contains("grace-end-7");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-03-16")).contains("grace-end-7");
            assertThat(stepOn(due, PremiumFrequency.MONTHLY, "2025-03-17")).isEmpty();
        }
    }

    @Test
    void twoGraceStepsOnTheSameDayAreOneReminder() {
        LocalDate due = date("2025-05-10");
        LocalDate graceEnd = due.plusDays(8);   // grace+1 and grace-end-7 fall on the same day

        assertThat(steps.current(due, graceEnd, due.plusDays(1))).map(ReminderSteps.Step::name).contains("grace-end-7");
    }

    @Test
    void aGraceStepOutsideAShortGraceIsDropped() {
        LocalDate due = date("2025-05-10");

        assertThat(steps.all(due, due.plusDays(5))).extracting(ReminderSteps.Step::name)
                .containsExactly("due-15", "due-7", "due-1", "grace+1");
    }

    @Test
    void stepsAreWholeDaysBetweenOneAndNinety() {
        assertThatThrownBy(() -> new ReminderSteps(List.of(0), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
