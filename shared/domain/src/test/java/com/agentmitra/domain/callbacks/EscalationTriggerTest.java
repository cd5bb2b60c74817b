package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EscalationTriggerTest {

    @Test
    void readsMinutesOverdueWithTheWaitingStatusesByDefault() {
        assertThat(EscalationTrigger.parse("{\"overdueByMinutes\": 30}")).contains(new EscalationTrigger(
                Duration.ofMinutes(30), Set.of(CallbackStatus.pending, CallbackStatus.assigned, CallbackStatus.overdue)));
    }

    @Test
    void readsTheStatusesItIsGiven() {
        assertThat(EscalationTrigger.parse("{\"overdueByMinutes\": 0, \"statuses\": [\"in_progress\"]}"))
                .contains(new EscalationTrigger(Duration.ZERO, Set.of(CallbackStatus.in_progress)));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThat(EscalationTrigger.parse("{}")).isEmpty();
        assertThat(EscalationTrigger.parse("{\"overdueByMinutes\": -5}")).isEmpty();
        assertThat(EscalationTrigger.parse("{\"overdueByMinutes\": 5, \"statuses\": [\"completed\"]}")).isEmpty();
        assertThat(EscalationTrigger.parse("{\"overdueByMinutes\": 5, \"statuses\": []}")).isEmpty();
        assertThat(EscalationTrigger.parse("not json")).isEmpty();
    }
}
