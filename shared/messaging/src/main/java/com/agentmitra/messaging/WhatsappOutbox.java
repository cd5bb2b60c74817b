package com.agentmitra.messaging;

/** Where a function puts a WhatsApp message for the sender to deliver: the {@code whatsapp-outbound} queue. */
public interface WhatsappOutbox {

    /** Queues the message; throws {@link NotQueued} when it could not be queued (the caller decides to retry). */
    void send(WhatsappMessage message);

    /** The message was not queued. The message names its key only: never its recipient or parameters. */
    final class NotQueued extends RuntimeException {
        public NotQueued(String idempotencyKey, Throwable cause) {
            super("WhatsApp message " + idempotencyKey + " was not queued", cause);
        }
    }
}
