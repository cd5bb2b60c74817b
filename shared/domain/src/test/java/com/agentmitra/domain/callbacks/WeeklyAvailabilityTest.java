package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeeklyAvailabilityTest {

    private static final WeeklyAvailability OFFICE_HOURS = new WeeklyAvailability(Map.of(
            "mon", List.of(new WeeklyAvailability.Window("09:00", "13:00"), new WeeklyAvailability.Window("14:00", "18:00"))));

    @Test
    void noHoursAtAllMeansAlwaysAvailable() {
        assertThat(WeeklyAvailability.always().isAvailableAt(Instant.parse("2026-03-01T21:00:00Z"))).isTrue();
    }

    @Test
    void readsTheHoursInIndiaStandardTime() {
        // Monday 2026-03-02 09:30 IST = 04:00 UTC
        assertThat(OFFICE_HOURS.isAvailableAt(Instant.parse("2026-03-02T04:00:00Z"))).isTrue();
        // 13:30 IST, the lunch break
        assertThat(OFFICE_HOURS.isAvailableAt(Instant.parse("2026-03-02T08:00:00Z"))).isFalse();
        // 08:59 IST
        assertThat(OFFICE_HOURS.isAvailableAt(Instant.parse("2026-03-02T03:29:00Z"))).isFalse();
        // 18:00 IST is already closed
        assertThat(OFFICE_HOURS.isAvailableAt(Instant.parse("2026-03-02T12:30:00Z"))).isFalse();
    }

    @Test
    void aDayLeftOutIsNotAvailable() {
        // Tuesday 10:00 IST
        assertThat(OFFICE_HOURS.isAvailableAt(Instant.parse("2026-03-03T04:30:00Z"))).isFalse();
    }

    @Test
    void namesEveryBadDayAndWindow() {
        Violations violations = new Violations();

        WeeklyAvailability.validated(Map.of(
                "funday", List.of(),
                "tue", List.of(new WeeklyAvailability.Window("18:00", "09:00"), new WeeklyAvailability.Window("9am", "5pm"))),
                "availability", violations);

        assertThat(violations.has("availability.funday")).isTrue();
        assertThat(violations.has("availability.tue[0]")).isTrue();
        assertThat(violations.has("availability.tue[1]")).isTrue();
    }
}
