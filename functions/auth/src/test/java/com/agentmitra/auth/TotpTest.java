package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    // RFC 6238 appendix B: the seeds are the ASCII digits 1234567890 repeated to the hash's key length
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0}: SHA1 {1}, SHA256 {2}, SHA512 {3}")
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheRfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
        Instant time = Instant.ofEpochSecond(seconds);

        assertThat(Totp.code(SHA1_SEED, time, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, time, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, time, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Nested
    class Checking {

        private final Instant now = Instant.ofEpochSecond(1_111_111_111);

        @Test
        void acceptsTheCurrentStepAndOneEitherSide() {
            long step = now.getEpochSecond() / 30;

            assertThat(Totp.matchingStep(SHA1_SEED, Totp.generate(SHA1_SEED, step, 6, "HmacSHA1"), now)).isEqualTo(step);
            assertThat(Totp.matchingStep(SHA1_SEED, Totp.generate(SHA1_SEED, step - 1, 6, "HmacSHA1"), now))
                    .isEqualTo(step - 1);
            assertThat(Totp.matchingStep(SHA1_SEED, Totp.generate(SHA1_SEED, step + 1, 6, "HmacSHA1"), now))
                    .isEqualTo(step + 1);
        }

        @Test
        void refusesCodesTwoStepsAwayAndMalformedInput() {
            long step = now.getEpochSecond() / 30;

            assertThat(Totp.matchingStep(SHA1_SEED, Totp.generate(SHA1_SEED, step - 2, 6, "HmacSHA1"), now)).isEqualTo(-1);
            assertThat(Totp.matchingStep(SHA1_SEED, "12345", now)).isEqualTo(-1);
            assertThat(Totp.matchingStep(SHA1_SEED, null, now)).isEqualTo(-1);
        }
    }

    @Test
    void base32RoundTripsSecretsForAuthenticatorApps() {
        byte[] secret = Secrets.bytes(20);

        assertThat(Base32.decode(Base32.encode(secret))).isEqualTo(secret);
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI"); // RFC 4648 §10
    }
}
