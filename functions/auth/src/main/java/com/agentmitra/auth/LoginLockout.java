package com.agentmitra.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Password lockout (issue 4): 5 failures in a row lock the account for 15 minutes; the count restarts then. */
final class LoginLockout {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);

    private LoginLockout() {}

    /** The failure count and lock to store after one more failure. */
    record AfterFailure(int attempts, Optional<Instant> lockedUntil) {}

    static AfterFailure afterFailure(int previousAttempts, Instant now) {
        int attempts = previousAttempts + 1;
        return attempts >= MAX_FAILURES
                ? new AfterFailure(0, Optional.of(now.plus(LOCK)))
                : new AfterFailure(attempts, Optional.empty());
    }
}
