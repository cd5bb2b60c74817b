package com.agentmitra.whatsapp;

import java.time.Instant;

/**
 * Where the webhook leaves a verified notification for {@link InboundFunction}: SQS {@code whatsapp-inbound}
 * ({@link SqsInboundQueue}). {@link #put} returns only once the notification is stored; otherwise it throws
 * {@link NotQueued} and the webhook answers 503, so Meta sends it again.
 */
@FunctionalInterface
interface InboundQueue {

    void put(String notification, Instant receivedAt);

    /** The queue did not take the notification. */
    final class NotQueued extends RuntimeException {
        NotQueued(Throwable cause) {
            super("notification not queued: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
