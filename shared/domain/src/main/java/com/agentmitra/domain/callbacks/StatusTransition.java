package com.agentmitra.domain.callbacks;

import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The callback status machine: pending → assigned → in_progress → completed, cancelled from any open state;
 * overdue is set only by the sweeper (from pending or assigned) and cleared by progress (starting, completing,
 * cancelling). Closed callbacks never move again.
 */
public sealed interface StatusTransition {

    record Allowed(CallbackStatus from, CallbackStatus to) implements StatusTransition {}

    record Refused(String reason) implements StatusTransition {}

    /** Statuses in which the assigned agent is busy with the callback: they count against capacity. */
    Set<CallbackStatus> ACTIVE = EnumSet.of(CallbackStatus.assigned, CallbackStatus.in_progress, CallbackStatus.overdue);

    Set<CallbackStatus> OPEN = EnumSet.of(CallbackStatus.pending, CallbackStatus.assigned, CallbackStatus.in_progress,
            CallbackStatus.overdue);

    Map<CallbackStatus, Set<CallbackStatus>> MOVES = Map.of(
            CallbackStatus.pending, EnumSet.of(CallbackStatus.assigned, CallbackStatus.overdue, CallbackStatus.cancelled),
            CallbackStatus.assigned, EnumSet.of(CallbackStatus.in_progress, CallbackStatus.overdue, CallbackStatus.cancelled),
            CallbackStatus.in_progress, EnumSet.of(CallbackStatus.completed, CallbackStatus.cancelled),
            CallbackStatus.overdue, EnumSet.of(CallbackStatus.in_progress, CallbackStatus.completed, CallbackStatus.cancelled),
            CallbackStatus.completed, EnumSet.noneOf(CallbackStatus.class),
            CallbackStatus.cancelled, EnumSet.noneOf(CallbackStatus.class));

    static StatusTransition check(CallbackStatus from, CallbackStatus to) {
        if (MOVES.get(from).contains(to)) {
            return new Allowed(from, to);
        }
        if (!OPEN.contains(from)) {
            return new Refused("the callback is already " + from.getLiteral());
        }
        if (to == CallbackStatus.in_progress && from == CallbackStatus.pending) {
            return new Refused("the callback must be assigned before work starts");
        }
        if (to == CallbackStatus.completed) {
            return new Refused("start the callback (in_progress) before completing it");
        }
        return new Refused("a callback that is " + from.getLiteral() + " cannot become " + to.getLiteral());
    }

    /** Whether a callback in {@code status} may be given to a (new) agent. */
    static boolean assignable(CallbackStatus status) {
        return status == CallbackStatus.pending || status == CallbackStatus.assigned || status == CallbackStatus.overdue;
    }
}
