package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaDeadlineTest {

    private static final Instant ASKED = Instant.parse("2026-03-02T05:30:00Z"); // 11:00 IST

    @Test
    void highPriorityIsDueWithinTwoHours() {
        assertThat(SlaDeadline.after(CallbackPriority.high, ASKED).dueAt()).isEqualTo("2026-03-02T07:30:00Z");
    }

    @Test
    void mediumPriorityIsDueWithinEightHours() {
        assertThat(SlaDeadline.after(CallbackPriority.medium, ASKED).dueAt()).isEqualTo("2026-03-02T13:30:00Z");
    }

    @Test
    void lowPriorityIsDueWithinADay() {
        assertThat(SlaDeadline.after(CallbackPriority.low, ASKED).dueAt()).isEqualTo("2026-03-03T05:30:00Z");
    }

    @Test
    void firstResponseIsTheDueTimeAndResolutionOneSlaPeriodLater() {
        SlaDeadline sla = SlaDeadline.after(CallbackPriority.medium, ASKED);

        assertThat(sla.firstResponseTarget()).isEqualTo(sla.dueAt());
        assertThat(sla.resolutionTarget()).isEqualTo("2026-03-02T21:30:00Z");
        assertThat(sla.hours()).isEqualTo(8);
    }
}
