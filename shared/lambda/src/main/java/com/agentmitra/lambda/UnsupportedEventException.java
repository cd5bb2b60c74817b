package com.agentmitra.lambda;

/**
 * An event of a shape the function does not serve (an S3 notification given to an SQS consumer, an SQS batch given
 * to a schedule, an event with no records): refused loudly, never answered as a silent success. It says what
 * arrived and what the function serves, in words that carry no value from the event.
 */
public final class UnsupportedEventException extends RuntimeException {

    private final String seen;
    private final String served;

    public UnsupportedEventException(String seen, String served) {
        super("unsupported event: " + seen + "; this function serves " + served);
        this.seen = seen;
        this.served = served;
    }

    /** What arrived, e.g. {@code a batch of 1 record from aws:s3}. */
    public String seen() {
        return seen;
    }

    /** What the function serves, e.g. {@code a batch of SQS messages}. */
    public String served() {
        return served;
    }
}
