package com.agentmitra.whatsapp;

import java.time.Duration;
import java.util.Optional;

/**
 * How long SQS keeps a message invisible before delivering it again (issue 8: growing delays through the visibility
 * timeout). Transient errors back off exponentially from 15 s to SQS's 12-hour cap, the pair-rate limit 131056 as
 * Meta asks (4^X s, spec §3); held or unknown messages come back after the grace period.
 */
final class RedeliveryDelay {

    static final Duration MAX = Duration.ofHours(12);

    private RedeliveryDelay() {}

    static Optional<Duration> after(SenderService.Delivery delivery, int receiveCount, Duration grace) {
        int tries = Math.max(0, receiveCount - 1);
        return switch (delivery) {
            case SenderService.RetryLater retry when retry.code().orElse(0) == 131056 ->
                    Optional.of(cap(Duration.ofSeconds((long) Math.pow(4, Math.min(tries + 1, 10)))));
            case SenderService.RetryLater retry -> Optional.of(cap(Duration.ofSeconds(15L << Math.min(tries, 12))));
            case SenderService.Held held -> Optional.of(grace);
            case SenderService.Paced paced -> Optional.of(paced.delay().compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1) : cap(paced.delay()));
            case SenderService.Unknown unknown -> Optional.of(grace);
            case SenderService.Sent sent -> Optional.empty();
            case SenderService.AlreadyDone done -> Optional.empty();
            case SenderService.Refused refused -> Optional.empty();
            case SenderService.Failed failed -> Optional.empty();
            case SenderService.Unsettled unsettled -> Optional.empty();
        };
    }

    private static Duration cap(Duration delay) {
        return delay.compareTo(MAX) > 0 ? MAX : delay;
    }
}
