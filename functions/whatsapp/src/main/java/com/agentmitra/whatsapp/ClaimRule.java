package com.agentmitra.whatsapp;

import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether this delivery of a queued message may send it now (specs/whatsapp-cloud-api.md §6): only a row that was
 * never tried or failed transiently; a row another invocation is sending is held while its lease lives; a row whose
 * outcome is unknown (timeout after the request left, or a sender that died mid-send) is held for a grace period
 * in which a status webhook can prove it went out, and then left unsettled: never sent again automatically (issue
 * 21: a customer who gets the same message twice is what the product must never do), counted and alarmed on, for a
 * status webhook or a person to settle.
 */
final class ClaimRule {

    private ClaimRule() {}

    /** The row as it stands, locked. {@code heldUntil}: the send slot it was given (held or sent in), or null. */
    record Row(WhatsappSendStatusEnum status, Instant sendingUntil, Instant updatedAt, String wamid, Instant heldUntil) {

        Row(WhatsappSendStatusEnum status, Instant sendingUntil, Instant updatedAt, String wamid) {
            this(status, sendingUntil, updatedAt, wamid, null);
        }
    }

    sealed interface Verdict permits Claimable, Finished, Held, Waiting, Unsettled {}

    record Claimable() implements Verdict {}

    /** Accepted by Meta or failed for good: a repeated delivery sends nothing. */
    record Finished(WhatsappSendStatusEnum status) implements Verdict {}

    /** Not now: another invocation holds it, or we wait for proof it went out. */
    record Held(String reason) implements Verdict {}

    /**
     * Held for the recipient's next free send slot ({@link PairPacing}) and came back before it (the queue delays a
     * message by 15 minutes at most): back on the queue for the rest of the wait, nothing sent.
     */
    record Waiting(Instant until) implements Verdict {}

    /**
     * The grace period passed without a status: whether it went out cannot be known, so it is not sent again.
     * {@code abandoned}: its sender stopped mid-send (the row still says {@code sending}).
     */
    record Unsettled(String reason, boolean abandoned) implements Verdict {}

    static Verdict of(Row row, Instant now, Duration grace) {
        if (row.wamid() != null) {
            return new Finished(WhatsappSendStatusEnum.accepted);
        }
        return switch (row.status()) {
            case queued, retry -> new Claimable();
            // its own slot: claimable from shortly before it (the sender waits the rest in place)
            case held -> row.heldUntil() == null || !row.heldUntil().isAfter(now.plus(PairPacing.WAIT_IN_PLACE))
                    ? new Claimable() : new Waiting(row.heldUntil());
            case accepted, failed -> new Finished(row.status());
            case sending -> row.sendingUntil() != null && row.sendingUntil().plus(grace).isBefore(now)
                    ? new Unsettled("its sender stopped mid-send and no status came", true)
                    : new Held(row.sendingUntil() != null && row.sendingUntil().isAfter(now)
                            ? "another invocation is sending it" : "its sender stopped mid-send; waiting for a status");
            case unknown -> row.updatedAt().plus(grace).isBefore(now)
                    ? new Unsettled("outcome unknown and no status came", false)
                    : new Held("outcome unknown; waiting for a status webhook");
        };
    }
}
