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

    private final Database database;
    private final String phoneNumberId;
    private final double spacingSeconds;

    SendPacer(Database database, String phoneNumberId, int messagesPerSecond) {
        this.database = database;
        this.phoneNumberId = phoneNumberId;
        this.spacingSeconds = 1.0 / messagesPerSecond;
    }

    /** Reserves the next send slot and returns how long to wait for it. */
    Duration reserve() {
        Record2<Long, Long> slot = database.inSharedTransaction(tx -> tx.resultQuery("""
                insert into shared.whatsapp_send_pacing as p (phone_number_id, next_slot)
                     values ({0}, clock_timestamp() + make_interval(secs => {1}))
                on conflict (phone_number_id) do update
                        set next_slot = greatest(p.next_slot, clock_timestamp()) + make_interval(secs => {1})
                  returning (extract(epoch from p.next_slot - make_interval(secs => {1})) * 1000000)::bigint,
                            (extract(epoch from clock_timestamp()) * 1000000)::bigint
                """, DSL.val(phoneNumberId), DSL.val(spacingSeconds))
                .coerce(DSL.field("slot", Long.class), DSL.field("now", Long.class)).fetchSingle());
        long waitMicros = slot.value1() - slot.value2();
        return waitMicros <= 0 ? Duration.ZERO : Duration.ofNanos(waitMicros * 1000);
    }

    /**
     * Reserves a slot and sleeps until it. Slots only keep the number under its limit if sends leave on time: a send
     * that leaves late lands next to the sends of later slots (at 78/s, 26 ms late puts 81 into one second of
     * Meta's count). So a slot this sender cannot place within {@link #TOLERANCE} (the reservation itself was slow,
     * or the sleep overran: GC, a busy CPU) is given up and a new one reserved; after {@link #ATTEMPTS} the send
     * goes anyway (a rare 130429 is retried like any throttle).
     */
    void awaitSlot() {
        for (int attempt = 1; ; attempt++) {
            long asked = System.nanoTime();
            Duration wait = reserve();
            long answered = System.nanoTime();
            long due = answered + wait.toNanos();
            sleepUntil(due);
            boolean onTime = answered - asked <= TOLERANCE.toNanos() && System.nanoTime() - due <= TOLERANCE.toNanos();
            if (onTime || attempt == ATTEMPTS) {
                return;
            }
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
