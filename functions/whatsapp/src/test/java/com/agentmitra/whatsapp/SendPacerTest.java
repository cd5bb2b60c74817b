package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pacer against a stand-in for the database: slots on a clock of its own (an hour ahead of this machine's, as
 * another host's clock may be), answers as slow as a busy machine gives them.
 */
class SendPacerTest {

    private static final long SKEW_MICROS = 3_600_000_000L;

    /** The database's clock: this machine's, shifted. */
    private static long databaseNowMicros() {
        return System.nanoTime() / 1000 + SKEW_MICROS;
    }

    @Test
    void aSlowAnswerForASlotStillAheadKeepsTheSlotAndSendsOnIt() {
        AtomicInteger reservations = new AtomicInteger();
        AtomicInteger call = new AtomicInteger();
        long[] slot = new long[1];
        SendPacer pacer = new SendPacer(() -> {
            reservations.incrementAndGet();
            // the first answers come back at once (the clock is learnt from them), then one takes 25 ms to
            // come back, for a slot 60 ms after the database read its clock
            long now = databaseNowMicros();
            if (call.incrementAndGet() > 3) {
                slot[0] = now + 60_000;
                sleep(25);
                return new SendPacer.Slot(slot[0], now);
            }
            return new SendPacer.Slot(now, now);
        });
        for (int i = 0; i < 3; i++) {
            pacer.awaitSlot();
        }
        reservations.set(0);

        pacer.awaitSlot();
        long leftAt = databaseNowMicros();

        // kept: one reservation, and the send leaves at its slot, not 25 ms after it
        assertThat(reservations).hasValue(1);
        assertThat(leftAt - slot[0]).isBetween(-1_000L, SendPacer.TOLERANCE.toNanos() / 1000);
    }

    @Test
    void aSlotThatPassedBeforeTheAnswerCameIsGivenUpAndANewOneReserved() {
        AtomicInteger reservations = new AtomicInteger();
        SendPacer pacer = new SendPacer(() -> {
            long now = databaseNowMicros();
            if (reservations.incrementAndGet() == 4) {
                // the slot was now, but the answer takes 40 ms: sending on it would land 40 ms late
                sleep(40);
            }
            return new SendPacer.Slot(now, now);
        });
        for (int i = 0; i < 3; i++) {
            pacer.awaitSlot();
        }

        pacer.awaitSlot();

        assertThat(reservations).hasValue(5);
    }

    @Test
    void afterEveryAttemptWasLateTheSendGoesAnyway() {
        AtomicInteger reservations = new AtomicInteger();
        SendPacer pacer = new SendPacer(() -> {
            long now = databaseNowMicros();
            if (reservations.incrementAndGet() > 1) {
                sleep(30);
            }
            return new SendPacer.Slot(now, now);
        });
        pacer.awaitSlot();
        reservations.set(1);

        pacer.awaitSlot();

        assertThat(reservations.get() - 1).isEqualTo(SendPacer.ATTEMPTS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
