package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OtpPolicyTest {

    private static final Instant NOW = Instant.parse("2025-11-25T06:30:00Z");
    private final OtpPolicy policy = new OtpPolicy(3);

    @Nested
    class Sending {

        @Test
        void aFirstCodeMayBeSentAtOnce() {
            assertThat(policy.nextAllowed(List.of(), List.of(), NOW)).isEmpty();
        }

        @Test
        void aSecondCodeWaitsThirtySecondsAfterTheLast() {
            Instant last = NOW.minusSeconds(10);

            assertThat(policy.nextAllowed(List.of(last), List.of(last), NOW)).contains(last.plusSeconds(30));
            assertThat(policy.nextAllowed(List.of(last), List.of(last), NOW.plusSeconds(20))).isEmpty();
        }

        @Test
        void theSixthCodeInAnHourWaitsUntilTheOldestIsAnHourOld() {
            List<Instant> five = List.of(NOW.minusSeconds(3000), NOW.minusSeconds(2000), NOW.minusSeconds(1000),
                    NOW.minusSeconds(500), NOW.minusSeconds(100));

            assertThat(policy.nextAllowed(five, List.of(), NOW)).contains(NOW.minusSeconds(3000).plus(Duration.ofHours(1)));
        }

        @Test
        void anAddressPastItsHourlyLimitWaits() {
            List<Instant> three = List.of(NOW.minusSeconds(900), NOW.minusSeconds(600), NOW.minusSeconds(300));

            assertThat(policy.nextAllowed(List.of(), three, NOW)).contains(NOW.minusSeconds(900).plus(Duration.ofHours(1)));
        }
    }

    @Nested
    class Checking {

        private AuthRepository.Otp code(int attempts, Instant expires) {
            return new AuthRepository.Otp(UUID.randomUUID(), Optional.empty(), "hash", attempts, 5, expires,
                    expires.minusSeconds(300));
        }

        @Test
        void theRightCodeInTimeIsVerified() {
            assertThat(OtpPolicy.check(Optional.of(code(0, NOW.plusSeconds(60))), true, NOW))
                    .isInstanceOf(OtpPolicy.Verified.class);
        }

        @Test
        void aWrongCodeSaysHowManyTriesAreLeftAndTheFifthLocks() {
            assertThat(OtpPolicy.check(Optional.of(code(0, NOW.plusSeconds(60))), false, NOW))
                    .isEqualTo(new OtpPolicy.WrongCode(4));
            assertThat(OtpPolicy.check(Optional.of(code(4, NOW.plusSeconds(60))), false, NOW))
                    .isInstanceOf(OtpPolicy.LockedOut.class);
        }

        @Test
        void afterFiveWrongTriesEvenTheRightCodeIsRefused() {
            assertThat(OtpPolicy.check(Optional.of(code(5, NOW.plusSeconds(60))), true, NOW))
                    .isInstanceOf(OtpPolicy.LockedOut.class);
        }

        @Test
        void anExpiredCodeIsRefusedEvenWhenRight() {
            assertThat(OtpPolicy.check(Optional.of(code(0, NOW)), true, NOW)).isInstanceOf(OtpPolicy.Expired.class);
        }

        @Test
        void noCodeIsNoCode() {
            assertThat(OtpPolicy.check(Optional.empty(), true, NOW)).isInstanceOf(OtpPolicy.NoCode.class);
        }
    }

    @Test
    void lockoutLocksOnTheFifthFailureForFifteenMinutes() {
        assertThat(LoginLockout.afterFailure(3, NOW)).isEqualTo(new LoginLockout.AfterFailure(4, Optional.empty()));
        assertThat(LoginLockout.afterFailure(4, NOW))
                .isEqualTo(new LoginLockout.AfterFailure(0, Optional.of(NOW.plus(Duration.ofMinutes(15)))));
    }
}
