package com.agentmitra.whatsapp;

import com.agentmitra.data.Database;
import java.time.Duration;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Paces every sender of one business phone number together, across Lambda instances (spec §3, §6.6): each send
 * reserves the next slot of {@code shared.whatsapp_send_pacing} in one statement (slots are 1/rate apart, so no
 * second ever holds more than {@code rate} sends) and waits for it. The database clock decides, so instances with
 * drifting clocks still agree.
 */
final class SendPacer {

    static final Duration TOLERANCE = Duration.ofMillis(10);
    static final int ATTEMPTS = 5;
    /** How many recent reservations the clock estimate is chosen from (the one with the fastest round trip). */
    static final int SAMPLES = 16;

    /** One reservation as the database answered it: the slot and the database's clock, in epoch microseconds. */
    record Slot(long slotMicros, long nowMicros) {}

    /** Reserves the next slot of the number (the database, in production). */
    @FunctionalInterface
    interface Reservation {
        Slot next();
    }

    private final Reservation reservation;
    private final DatabaseClock clock = new DatabaseClock(SAMPLES);

    SendPacer(Database database, String phoneNumberId, int messagesPerSecond) {
        this(reserveIn(database, phoneNumberId, 1.0 / messagesPerSecond));
    }

    SendPacer(Reservation reservation) {
        this.reservation = reservation;
    }

    private static Reservation reserveIn(Database database, String phoneNumberId, double spacingSeconds) {
        return () -> {
            Record2<Long, Long> slot = database.inSharedTransaction(tx -> tx.resultQuery("""
                    insert into shared.whatsapp_send_pacing as p (phone_number_id, next_slot)
                         values ({0}, clock_timestamp() + make_interval(secs => {1}))
                    on conflict (phone_number_id) do update
                            set next_slot = greatest(p.next_slot, clock_timestamp()) + make_interval(secs => {1})
                      returning (extract(epoch from p.next_slot - make_interval(secs => {1})) * 1000000)::bigint,
                                (extract(epoch from clock_timestamp()) * 1000000)::bigint
                    """, DSL.val(phoneNumberId), DSL.val(spacingSeconds))
                    .coerce(DSL.field("slot", Long.class), DSL.field("now", Long.class)).fetchSingle());
            return new Slot(slot.value1(), slot.value2());
        };
    }

    /**
     * Reserves a slot and sleeps until it. Slots only keep the number under its limit if sends leave on time: a send
     * that leaves late lands next to the sends of later slots (at 78/s, 26 ms late puts 81 into one second of
     * Meta's count). So a send leaves only within {@link #TOLERANCE} of its slot; a slot already further behind
     * when the reservation is answered, or a sleep that overran it (GC, a busy CPU), is given up and a new one
     * reserved; after {@link #ATTEMPTS} the send goes anyway (a rare 130429 is retried like any throttle).
     *
     * <p>The slot is a time on the database's clock; {@link DatabaseClock} maps it onto this machine's, from the
     * reservation with the fastest round trip of the last few (as NTP does). A slow answer therefore costs the slot
     * only when the slot had already passed; before (issue 21), any reservation slower than the tolerance was given
     * up, and on a busy machine those wasted slots kept the number a few percent under its rate.
     */
    void awaitSlot() {
        for (int attempt = 1; ; attempt++) {
            long asked = System.nanoTime();
            Slot slot = reservation.next();
            long answered = System.nanoTime();
            long due = clock.toLocal(slot, asked, answered);
            boolean onTime = answered - due <= TOLERANCE.toNanos();
            if (onTime) {
                sleepUntil(due);
                onTime = System.nanoTime() - due <= TOLERANCE.toNanos();
            }
            if (onTime || attempt == ATTEMPTS) {
                return;
            }
        }
    }

    /**
     * The database's clock seen from here: {@code offset = database now - local midpoint of the round trip} from the
     * sample with the smallest round trip among the last {@code size}, so its error is at most half that round trip,
     * however slow the other answers were.
     */
    static final class DatabaseClock {
        private final long[] roundTrips;
        private final long[] offsets;
        private int next;
        private int filled;

        DatabaseClock(int size) {
            roundTrips = new long[size];
            offsets = new long[size];
        }

        /** The slot as a {@link System#nanoTime()} instant, learning from this round trip. */
        synchronized long toLocal(Slot slot, long asked, long answered) {
            long roundTrip = answered - asked;
            roundTrips[next] = roundTrip;
            offsets[next] = slot.nowMicros() * 1000 - (asked + roundTrip / 2);
            next = (next + 1) % roundTrips.length;
            filled = Math.min(filled + 1, roundTrips.length);
            int best = 0;
            for (int i = 1; i < filled; i++) {
                if (roundTrips[i] < roundTrips[best]) {
                    best = i;
                }
            }
            return slot.slotMicros() * 1000 - offsets[best];
        }
    }

    private static void sleepUntil(long due) {
        long left = due - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing");
        }
    }
}
