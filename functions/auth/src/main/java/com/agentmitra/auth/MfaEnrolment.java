package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Turning on the TOTP second factor: {@code setup} stores a new 160-bit secret (encrypted, not yet enabled) and
 * hands it to the app once as an {@code otpauth://} URI; {@code enable} turns MFA on when the first code matches.
 */
final class MfaEnrolment {

    record Setup(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Setup[***]";
        }
    }

    record Status(boolean mfaEnabled) {}

    private final Database database;
    private final AuthRepository repository;
    private final MfaSecrets secrets;
    private final Clock clock;

    MfaEnrolment(Database database, AuthRepository repository, MfaSecrets secrets, Clock clock) {
        this.database = database;
        this.repository = repository;
        this.secrets = secrets;
        this.clock = clock;
    }

    Setup setup(Caller caller) {
        byte[] secret = Secrets.bytes(20);
        database.inTransaction(caller, tx -> {
            Account account = repository.accountById(tx, caller.requireUserId())
                    .orElseThrow(() -> new ApiProblem.Unauthorized("sign in again"));
            if (account.mfaEnabled()) {
                throw new ApiProblem.Conflict("two-factor sign-in is already on");
            }
            repository.storeMfaSecret(tx, account.userId(), secrets.encrypt(account.userId(), secret), false);
            return null;
        });
        String encoded = Base32.encode(secret);
        String label = URLEncoder.encode("Agent Mitra:" + caller.tenant().code(), StandardCharsets.UTF_8);
        return new Setup(encoded, "otpauth://totp/" + label + "?secret=" + encoded
                + "&issuer=Agent%20Mitra&algorithm=SHA1&digits=6&period=30");
    }

    Status enable(Caller caller, Bodies.MfaCode body) {
        boolean enabled = database.inTransaction(caller, tx -> {
            Account account = repository.accountById(tx, caller.requireUserId())
                    .orElseThrow(() -> new ApiProblem.Unauthorized("sign in again"));
            if (account.mfaSecret().isEmpty()) {
                throw new ApiProblem.Conflict("start with POST /auth/mfa/setup");
            }
            byte[] secret = secrets.decrypt(account.userId(), account.mfaSecret().get());
            long step = Totp.matchingStep(secret, body.code(), clock.instant());
            // the code that turns MFA on is used up: it cannot also sign in
            if (step < 0 || !repository.acceptTotpStep(tx, account.userId(), step)) {
                return false;
            }
            repository.storeMfaSecret(tx, account.userId(), account.mfaSecret().get(), true);
            return true;
        });
        if (!enabled) {
            throw ApiProblem.InvalidInput.field("code", "does not match; check the time on your phone and try again");
        }
        return new Status(true);
    }
}
