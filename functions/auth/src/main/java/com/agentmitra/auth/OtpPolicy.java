package com.agentmitra.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rules of one-time codes (issue 4): 6 digits, valid 5 minutes, at most 5 wrong tries; per phone one code
 * every 30 seconds and 5 an hour; per source address {@code perAddressPerHour} an hour.
 */
record OtpPolicy(int perAddressPerHour) {

    static final int DIGITS = 6;
    static final Duration VALIDITY = Duration.ofMinutes(5);
    static final int MAX_ATTEMPTS = 5;
    static final Duration RESEND_INTERVAL = Duration.ofSeconds(30);
    static final int PER_PHONE_PER_HOUR = 5;
    static final Duration HOUR = Duration.ofHours(1);

    /** When a new code may be sent, given earlier codes' times (oldest first); empty when it may be sent now. */
    Optional<Instant> nextAllowed(List<Instant> phoneCodesLastHour, List<Instant> addressCodesLastHour, Instant now) {
        Instant next = now;
        if (!phoneCodesLastHour.isEmpty()) {
            Instant resend = phoneCodesLastHour.getLast().plus(RESEND_INTERVAL);
            next = later(next, resend);
        }
        if (phoneCodesLastHour.size() >= PER_PHONE_PER_HOUR) {
            next = later(next, phoneCodesLastHour.get(phoneCodesLastHour.size() - PER_PHONE_PER_HOUR).plus(HOUR));
        }
        if (addressCodesLastHour.size() >= perAddressPerHour) {
            next = later(next, addressCodesLastHour.get(addressCodesLastHour.size() - perAddressPerHour).plus(HOUR));
        }
        return next.isAfter(now) ? Optional.of(next) : Optional.empty();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** What checking a code found; expected outcomes, switched on by the service. */
    sealed interface Check permits Verified, WrongCode, Expired, LockedOut, NoCode {}

    record Verified() implements Check {}

    record WrongCode(int triesLeft) implements Check {}

    record Expired() implements Check {}

    record LockedOut() implements Check {}

    record NoCode() implements Check {}

    /** Judges a candidate against the newest live code: {@code matches} is the constant-time hash comparison. */
    static Check check(Optional<AuthRepository.Otp> otp, boolean matches, Instant now) {
        if (otp.isEmpty()) {
            return new NoCode();
        }
        AuthRepository.Otp code = otp.get();
        if (code.attempts() >= code.maxAttempts()) {
            return new LockedOut();
        }
        if (!now.isBefore(code.expiresAt())) {
            return new Expired();
        }
        if (!matches) {
            int left = code.maxAttempts() - code.attempts() - 1;
            return left <= 0 ? new LockedOut() : new WrongCode(left);
        }
        return new Verified();
    }
}
