package com.agentmitra.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Per-recipient pacing (spec §3: one message per 6 s to the same number, 131056 beyond it; issue 21). Each message to
 * a number gets a send slot at least {@link #SPACING} from the slots of every other message to that number: the first
 * free one from now. A message whose slot is near is sent in place (the sender waits up to {@link #WAIT_IN_PLACE});
 * one whose slot is further is held: its row says {@code held} until the slot, and it waits on the queue, delayed to
 * the slot, without a receive counted against it ({@link SenderFunction}). Twenty messages to one number go out one
 * slot apart, about two minutes, instead of refusing and backing off by doubling (which took hours).
 */
final class PairPacing {

    /** Meta's 6 s, plus room for a send to leave after its slot (the business number's own pacing, the network). */
    static final Duration SPACING = Duration.ofMillis(6_250);

    /** A slot this close is waited for in place; further ones are held on the queue. */
    static final Duration WAIT_IN_PLACE = Duration.ofSeconds(2);

    /** How many taken slots one decision reads (a bound on hostile volume to one number; the producers send digests). */
    static final int MAX_TAKEN = 1_000;

    private PairPacing() {}

    /**
     * The first instant at or after {@code now} that is at least {@link #SPACING} from every slot in {@code taken}
     * (sorted ascending; slots earlier than {@code now - SPACING} do not matter).
     */
    static Instant firstFree(Instant now, List<Instant> taken) {
        Instant candidate = now;
        for (Instant slot : taken) {
            if (!slot.isAfter(candidate.minus(SPACING))) {
                continue; // far enough before
            }
            if (!slot.isBefore(candidate.plus(SPACING))) {
                break; // far enough after: the gap before it fits
            }
            candidate = slot.plus(SPACING);
        }
        return candidate;
    }
}
