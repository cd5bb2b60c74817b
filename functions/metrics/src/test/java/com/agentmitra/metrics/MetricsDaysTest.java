package com.agentmitra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsDaysTest {

    // 01:30 IST on 25 November 2026
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T20:00:00Z"), ZoneOffset.UTC);

    @Test
    void theNightlyScheduleComputesThePreviousIndianDay() {
        MetricsDays days = MetricsDays.from(Map.of("detail-type", "Scheduled Event"), clock);

        assertThat(days).isEqualTo(new MetricsDays(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 24)));
    }

    @Test
    void aRetryAfterTheNextMidnightStillComputesTheDayOfItsSchedule() {
        Clock nextNight = Clock.fixed(Instant.parse("2026-11-25T19:00:00Z"), ZoneOffset.UTC);   // 00:30 IST on the 26th

        MetricsDays days = MetricsDays.from(Map.of("time", "2026-11-24T20:00:00Z"), nextNight);

        assertThat(days.from()).isEqualTo(LocalDate.of(2026, 11, 24));
    }

    @Test
    void oneDateOrARangeBackfills() {
        assertThat(MetricsDays.from(Map.of("date", "2026-11-20"), clock).each())
                .containsExactly(LocalDate.of(2026, 11, 20));
        assertThat(MetricsDays.from(Map.of("from", "2026-10-30", "to", "2026-11-02"), clock).each())
                .containsExactly(LocalDate.of(2026, 10, 30), LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 2));
    }

    @Test
    void todayIsNotOverYet() {
        assertThatThrownBy(() -> MetricsDays.from(Map.of("date", "2026-11-25"), clock))
                .hasMessageContaining("finished days");
    }

    @Test
    void aRangeIsOrderedAndBounded() {
        assertThatThrownBy(() -> MetricsDays.from(Map.of("from", "2026-11-10", "to", "2026-11-01"), clock))
                .hasMessageContaining("from must not be after to");
        assertThatThrownBy(() -> MetricsDays.from(Map.of("from", "2024-01-01", "to", "2026-11-01"), clock))
                .hasMessageContaining("at most 366 days");
        assertThatThrownBy(() -> MetricsDays.from(Map.of("from", "2026-11-01"), clock))
                .hasMessageContaining("to is required");
        assertThatThrownBy(() -> MetricsDays.from(Map.of("date", "24/11/2026"), clock))
                .hasMessageContaining("YYYY-MM-DD");
    }
}
