package com.agentmitra.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from a secret and read again once it is older than a bounded time (issue 15), instead of living for
 * ever in the SnapStart snapshot: a rotated or revoked key reaches every warm function within that time. Read at once
 * when made, so a missing or malformed secret still stops a cold start. If a later read fails, the last good value
 * is kept and the read is tried again after {@link #RETRY} (a Secrets Manager hiccup must not sign everyone out).
 */
final class ExpiringValue<T> implements Supplier<T> {

    private static final Logger log = LoggerFactory.getLogger(ExpiringValue.class);
    /** How soon a failed re-read is tried again. */
    static final Duration RETRY = Duration.ofSeconds(30);

    private final Supplier<T> load;
    private final Duration ttl;
    private final Clock clock;
    private volatile T value;
    private volatile Instant nextRead;

    ExpiringValue(Supplier<T> load, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.load = load;
        this.ttl = ttl;
        this.clock = clock;
        this.value = load.get();
        this.nextRead = clock.instant().plus(ttl);
    }

    /**
     * Makes the next {@link #get()} read the value again (the read itself waits for that call): a SnapStart restore
     * hook, so a copy restored from the snapshot does not use, even for a few minutes, a value read before it. A failed
     * re-read keeps the last value, as for any other re-read.
     */
    void expire() {
        nextRead = Instant.MIN;
    }

    @Override
    public T get() {
        Instant now = clock.instant();
        if (now.isBefore(nextRead)) {
            return value;
        }
        synchronized (this) {
            if (clock.instant().isBefore(nextRead)) {
                return value;
            }
            try {
                value = load.get();
                nextRead = clock.instant().plus(ttl);
            } catch (RuntimeException e) {
                // the message may quote the secret: name only the kind of failure
                log.warn("Secret re-read failed; keeping the last value: {}", e.getClass().getSimpleName());
                nextRead = clock.instant().plus(RETRY);
            }
            return value;
        }
    }
}
