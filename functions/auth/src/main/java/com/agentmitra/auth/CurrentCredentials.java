package com.agentmitra.auth;

import com.agentmitra.lambda.ApiProblem;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Proof of who is at the keyboard, for sign-in and before a sensitive change of a signed-in account (password change,
 * two-factor setup, turning it off, new recovery codes; issue 15): the password and, while two-factor sign-in is on,
 * the current TOTP code or an unused recovery code. A wrong password or code counts toward the account's lockout as a
 * failed sign-in does ({@link LoginLockout}), and a locked account is refused (429) even with the right password. Runs
 * inside the caller's transaction, which must commit before the answer so failures are counted.
 */
final class CurrentCredentials {

    /** The answer of a locked account, and of an unknown identifier after as many failures: one text for both. */
    static final String LOCKED = "too many failed attempts; try again later";

    sealed interface Check permits Confirmed, WrongPassword, CodeNeeded, WrongCode, Locked {}

    record Confirmed() implements Check {}

    record WrongPassword() implements Check {}

    record CodeNeeded() implements Check {}

    record WrongCode() implements Check {}

    record Locked(Instant until) implements Check {}

    /** What the caller typed: the password, and the TOTP code or a recovery code when two-factor sign-in is on. */
    record Proof(String password, Optional<String> totp, Optional<String> recoveryCode) {
        @Override
        public String toString() {
            return "Proof[***]";
        }
    }

    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final MfaSecrets mfaSecrets;
    private final RecoveryCodes recoveryCodes;

    CurrentCredentials(AuthRepository repository, PasswordHasher hasher, MfaSecrets mfaSecrets,
            RecoveryCodes recoveryCodes) {
        this.repository = repository;
        this.hasher = hasher;
        this.mfaSecrets = mfaSecrets;
        this.recoveryCodes = recoveryCodes;
    }

    /**
     * Checks the proof for {@code account} (locked for update by the caller's read). A missing second factor is
     * not a failure: the caller is asked for it ({@link CodeNeeded}) once the password was right.
     */
    Check check(DSLContext tx, Account account, Proof proof, Instant now) {
        return check(tx, account, proof, account.mfaEnabled(), now);
    }

    /** The password alone ({@code POST /auth/password/change}), counted and locked the same way. */
    Check checkPassword(DSLContext tx, Account account, String password, Instant now) {
        return check(tx, account, new Proof(password, Optional.empty(), Optional.empty()), false, now);
    }

    private Check check(DSLContext tx, Account account, Proof proof, boolean secondFactor, Instant now) {
        if (account.isLocked(now)) {
            // the same work as a check, so a locked account takes as long to answer as an unknown one
            hasher.spendDecoyCheck(proof.password());
            return new Locked(account.lockedUntil().orElseThrow());
        }
        boolean passwordOk = hasher.matches(proof.password(), account.passwordHash().orElse(null));
        if (passwordOk && secondFactor && proof.totp().isEmpty() && proof.recoveryCode().isEmpty()) {
            return new CodeNeeded();
        }
        boolean secondFactorOk = !passwordOk || !secondFactor || secondFactorAccepted(tx, account, proof, now);
        if (passwordOk && secondFactorOk) {
            return new Confirmed();
        }
        LoginLockout.AfterFailure next = LoginLockout.afterFailure(account.loginAttempts(), now);
        repository.recordFailedLogin(tx, account.userId(), next.attempts(), next.lockedUntil());
        if (next.lockedUntil().isPresent()) {
            return new Locked(next.lockedUntil().get());
        }
        return passwordOk ? new WrongCode() : new WrongPassword();
    }

    /**
     * A TOTP code of the enrolled secret not accepted before (RFC 6238 §5.2: a replay counts as wrong), or an unused
     * recovery code, which is spent.
     */
    private boolean secondFactorAccepted(DSLContext tx, Account account, Proof proof, Instant now) {
        if (proof.totp().isPresent()) {
            byte[] secret = mfaSecrets.decrypt(account.userId(), account.mfaSecret().orElse(null));
            long step = Totp.matchingStep(secret, proof.totp().get(), now);
            return step >= 0 && repository.acceptTotpStep(tx, account.userId(), step);
        }
        return repository.useRecoveryCode(tx, account.userId(),
                recoveryCodes.hash(account.userId(), proof.recoveryCode().orElseThrow()), now);
    }

    /** The answer for a refused change of a signed-in account ({@code passwordField} names the password). */
    static ApiProblem refused(Check check, String passwordField, Instant now) {
        return switch (check) {
            case WrongPassword wrong -> ApiProblem.InvalidInput.field(passwordField, "is not right");
            case WrongCode wrong -> ApiProblem.InvalidInput.field("code",
                    "does not match, or was used before; check the time on your phone and try again");
            case CodeNeeded needed -> ApiProblem.InvalidInput.field("code",
                    "enter the 6-digit code from your authenticator app, or a recovery code as recoveryCode");
            case Locked locked -> locked(locked.until(), now);
            case Confirmed confirmed -> throw new IllegalStateException("a confirmed check is not refused");
        };
    }

    static ApiProblem locked(Instant until, Instant now) {
        return new ApiProblem.TooManyRequests(LOCKED, SignInLimits.retryAfter(until, now));
    }
}
