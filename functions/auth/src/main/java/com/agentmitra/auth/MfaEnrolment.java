package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's own TOTP second factor (issue 4, issue 15). Every change asks for the current password and, while two-factor
 * sign-in is on, the current code or a recovery code ({@link CurrentCredentials}: wrong ones count toward the lockout),
 * and is told to the user on WhatsApp ({@link SecurityNotices}).
 * <ul>
 *   <li>{@code setup} stores a new 160-bit secret as pending (encrypted) and hands it to the app once as an
 *       {@code otpauth://} URI; an enabled secret keeps signing in until the new one is confirmed (re-enrolment);</li>
 *   <li>{@code enable} makes the pending secret the one when its first code matches, turns MFA on and answers ten new
 *       recovery codes, shown once;</li>
 *   <li>{@code disable} turns it off (secret and recovery codes gone);</li>
 *   <li>{@code regenerateRecoveryCodes} replaces the recovery codes.</li>
 * </ul>
 */
final class MfaEnrolment {

    private static final Logger log = LoggerFactory.getLogger(MfaEnrolment.class);

    record Setup(String secret, String otpauthUri) {
        @Override
        public String toString() {
            return "Setup[***]";
        }
    }

    record Status(boolean mfaEnabled) {}

    /** MFA on, with the recovery codes the user must keep (shown this once). */
    record Enabled(boolean mfaEnabled, List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "Enabled[recoveryCodes=***]";
        }
    }

    record NewRecoveryCodes(List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "NewRecoveryCodes[***]";
        }
    }

    private final Database database;
    private final AuthRepository repository;
    private final MfaSecrets secrets;
    private final CurrentCredentials credentials;
    private final RecoveryCodes recoveryCodes;
    private final SecurityNotices notices;
    private final Clock clock;

    MfaEnrolment(Database database, AuthRepository repository, MfaSecrets secrets, CurrentCredentials credentials,
            RecoveryCodes recoveryCodes, SecurityNotices notices, Clock clock) {
        this.database = database;
        this.repository = repository;
        this.secrets = secrets;
        this.credentials = credentials;
        this.recoveryCodes = recoveryCodes;
        this.notices = notices;
        this.clock = clock;
    }

    Setup setup(Caller caller, Bodies.MfaConfirmation body) {
        byte[] secret = Secrets.bytes(20);
        Instant now = clock.instant();
        CurrentCredentials.Check check = database.inTransaction(caller, tx -> {
            Account account = account(tx, caller);
            CurrentCredentials.Check checked = credentials.check(tx, account, body.proof(), now);
            if (checked instanceof CurrentCredentials.Confirmed) {
                repository.storePendingMfaSecret(tx, account.userId(), secrets.encrypt(account.userId(), secret));
            }
            return checked;
        });
        refuseUnlessConfirmed(check, now);
        String encoded = Base32.encode(secret);
        String label = URLEncoder.encode("Agent Mitra:" + caller.tenant().code(), StandardCharsets.UTF_8);
        return new Setup(encoded, "otpauth://totp/" + label + "?secret=" + encoded
                + "&issuer=Agent%20Mitra&algorithm=SHA1&digits=6&period=30");
    }

    Enabled enable(Caller caller, Bodies.MfaCode body) {
        Optional<RecoveryCodes.Issued> issued = database.inTransaction(caller, tx -> {
            Instant now = clock.instant();
            Account account = account(tx, caller);
            String pending = repository.pendingMfaSecret(tx, account.userId())
                    .orElseThrow(() -> new ApiProblem.Conflict("start with POST /auth/mfa/setup"));
            byte[] secret = secrets.decrypt(account.userId(), pending);
            long step = Totp.matchingStep(secret, body.code(), now);
            // the code that turns MFA on is used up: it cannot also sign in
            if (step < 0 || !repository.acceptTotpStep(tx, account.userId(), step)) {
                return Optional.<RecoveryCodes.Issued>empty();
            }
            repository.confirmMfaSecret(tx, account.userId(), pending);
            RecoveryCodes.Issued codes = recoveryCodes.issue(account.userId());
            repository.replaceRecoveryCodes(tx, account.userId(), codes.hashes());
            notices.send(caller.tenant(), account, SecurityNotices.Change.MFA_ENABLED, now);
            log.info("Two-factor sign-in turned on: tenant={} userId={}", caller.tenant().code(), account.userId());
            return Optional.of(codes);
        });
        if (issued.isEmpty()) {
            throw ApiProblem.InvalidInput.field("code", "does not match; check the time on your phone and try again");
        }
        return new Enabled(true, issued.get().codes());
    }

    Status disable(Caller caller, Bodies.MfaConfirmation body) {
        Instant now = clock.instant();
        CurrentCredentials.Check check = database.inTransaction(caller, tx -> {
            Account account = enabledAccount(tx, caller);
            CurrentCredentials.Check checked = credentials.check(tx, account, body.proof(), now);
            if (checked instanceof CurrentCredentials.Confirmed) {
                repository.clearMfa(tx, account.userId(), Optional.empty());
                notices.send(caller.tenant(), account, SecurityNotices.Change.MFA_DISABLED, now);
                log.info("Two-factor sign-in turned off: tenant={} userId={}", caller.tenant().code(),
                        account.userId());
            }
            return checked;
        });
        refuseUnlessConfirmed(check, now);
        return new Status(false);
    }

    NewRecoveryCodes regenerateRecoveryCodes(Caller caller, Bodies.MfaConfirmation body) {
        Instant now = clock.instant();
        record Result(CurrentCredentials.Check check, List<String> codes) {}
        Result result = database.inTransaction(caller, tx -> {
            Account account = enabledAccount(tx, caller);
            CurrentCredentials.Check checked = credentials.check(tx, account, body.proof(), now);
            if (!(checked instanceof CurrentCredentials.Confirmed)) {
                return new Result(checked, List.of());
            }
            RecoveryCodes.Issued codes = recoveryCodes.issue(account.userId());
            repository.replaceRecoveryCodes(tx, account.userId(), codes.hashes());
            notices.send(caller.tenant(), account, SecurityNotices.Change.RECOVERY_CODES_REGENERATED, now);
            log.info("Recovery codes replaced: tenant={} userId={}", caller.tenant().code(), account.userId());
            return new Result(checked, codes.codes());
        });
        refuseUnlessConfirmed(result.check(), now);
        return new NewRecoveryCodes(result.codes());
    }

    private Account account(org.jooq.DSLContext tx, Caller caller) {
        return repository.accountById(tx, caller.requireUserId())
                .orElseThrow(() -> new ApiProblem.Unauthorized("sign in again"));
    }

    private Account enabledAccount(org.jooq.DSLContext tx, Caller caller) {
        Account account = account(tx, caller);
        if (!account.mfaEnabled()) {
            throw new ApiProblem.Conflict("two-factor sign-in is not on");
        }
        return account;
    }

    /** Answers a refused check once its transaction has committed (a failure counted toward the lockout). */
    private static void refuseUnlessConfirmed(CurrentCredentials.Check check, Instant now) {
        if (!(check instanceof CurrentCredentials.Confirmed)) {
            throw CurrentCredentials.refused(check, "password", now);
        }
    }
}
