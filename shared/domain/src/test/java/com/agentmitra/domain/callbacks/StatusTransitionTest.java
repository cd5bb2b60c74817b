package com.agentmitra.domain.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTransitionTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "pending, assigned", "pending, cancelled", "pending, overdue",
            "assigned, in_progress", "assigned, cancelled", "assigned, overdue",
            "in_progress, completed", "in_progress, cancelled",
            "overdue, in_progress", "overdue, completed", "overdue, cancelled"})
    void allowsTheMovesOfTheMachine(CallbackStatus from, CallbackStatus to) {
        assertThat(StatusTransition.check(from, to)).isEqualTo(new StatusTransition.Allowed(from, to));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "pending, in_progress", "pending, completed", "assigned, completed", "assigned, pending",
            "in_progress, assigned", "in_progress, overdue", "in_progress, pending",
            "completed, cancelled", "completed, in_progress", "cancelled, assigned", "cancelled, completed"})
    void refusesEverythingElse(CallbackStatus from, CallbackStatus to) {
        assertThat(StatusTransition.check(from, to)).isInstanceOf(StatusTransition.Refused.class);
    }

    @Nested
    class Reasons {

        @Test
        void aClosedCallbackSaysItIsClosed() {
            assertThat(StatusTransition.check(CallbackStatus.completed, CallbackStatus.cancelled))
                    .isEqualTo(new StatusTransition.Refused("the callback is already completed"));
        }

        @Test
        void workCannotStartBeforeAssignment() {
            assertThat(StatusTransition.check(CallbackStatus.pending, CallbackStatus.in_progress))
                    .isEqualTo(new StatusTransition.Refused("the callback must be assigned before work starts"));
        }

        @Test
        void completionNeedsWorkStarted() {
            assertThat(StatusTransition.check(CallbackStatus.assigned, CallbackStatus.completed))
                    .isEqualTo(new StatusTransition.Refused("start the callback (in_progress) before completing it"));
        }
    }

    @Test
    void onlyWaitingCallbacksCanBeGivenToAnAgent() {
        assertThat(StatusTransition.assignable(CallbackStatus.pending)).isTrue();
        assertThat(StatusTransition.assignable(CallbackStatus.assigned)).isTrue();
        assertThat(StatusTransition.assignable(CallbackStatus.overdue)).isTrue();
        assertThat(StatusTransition.assignable(CallbackStatus.in_progress)).isFalse();
        assertThat(StatusTransition.assignable(CallbackStatus.completed)).isFalse();
    }
}
