package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' and staff's sign-in with a password (Argon2id) and, when they turned it on, a TOTP code. Five failures
 * in a row lock the account for 15 minutes. The account's status is told only to someone who knows its password.
 */
final class PasswordSignIn {

    private static final Logger log = LoggerFactory.getLogger(PasswordSignIn.class);

    private final Database database;
    private final TenantLookup tenants;
    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final MfaSecrets mfaSecrets;
    private final Sessions sessions;
    private final Clock clock;

    PasswordSignIn(Database database, TenantLookup tenants, AuthRepository repository, PasswordHasher hasher,
            MfaSecrets mfaSecrets, Sessions sessions, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.hasher = hasher;
        this.mfaSecrets = mfaSecrets;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** What one attempt came to; the transaction commits (failures counted) before the caller is answered. */
    sealed interface Outcome permits SignedIn, BadCredentials, Locked, MfaRequired, Inactive {}

    record SignedIn(Tokens tokens) implements Outcome {}

    record BadCredentials() implements Outcome {}

    record Locked(Instant until) implements Outcome {}

    record MfaRequired() implements Outcome {}

    record Inactive(UserStatusEnum status) implements Outcome {}

    Tokens login(Bodies.PasswordLogin body, SignInContext from) {
        Tenant tenant = tenants.byCode(body.tenant());
        Optional<String> phone = PhoneNumber.indianMobile(body.identifier()).map(PhoneNumber::e164);
        Outcome outcome = database.inTransaction(Caller.system(tenant), tx -> {
            Instant now = clock.instant();
            Optional<Account> found = repository.accountByIdentifier(tx, body.identifier(), phone);
            if (found.isEmpty()) {
                hasher.matches(body.password(), null);
                return new BadCredentials();
            }
            Account account = found.get();
            if (account.isLocked(now)) {
                return new Locked(account.lockedUntil().orElseThrow());
            }
            boolean passwordOk = hasher.matches(body.password(), account.passwordHash().orElse(null));
            boolean secondFactorOk = true;
            if (passwordOk && account.mfaEnabled()) {
                if (body.totpCode().isEmpty()) {
                    return new MfaRequired();
                }
                byte[] secret = mfaSecrets.decrypt(account.userId(), account.mfaSecret().orElse(null));
                long step = Totp.matchingStep(secret, body.totpCode().get(), now);
                // a code is accepted once (RFC 6238 §5.2): a replay counts as a failure like a wrong code
                secondFactorOk = step >= 0 && repository.acceptTotpStep(tx, account.userId(), step);
            }
            if (!passwordOk || !secondFactorOk) {
                LoginLockout.AfterFailure next = LoginLockout.afterFailure(account.loginAttempts(), now);
                repository.recordFailedLogin(tx, account.userId(), next.attempts(), next.lockedUntil());
                if (next.lockedUntil().isPresent()) {
                    log.warn("Account locked after repeated failed sign-ins: tenant={} userId={}", tenant.code(),
                            account.userId());
                    return new Locked(next.lockedUntil().get());
                }
                return new BadCredentials();
            }
            if (account.status() != UserStatusEnum.active) {
                return new Inactive(account.status());
            }
            repository.recordSignIn(tx, account.userId(), now, false);
            return new SignedIn(sessions.open(tx, tenant, account.userId(), account.role(), account.agentId(), from));
        });
        return switch (outcome) {
            case SignedIn signedIn -> signedIn.tokens();
            case BadCredentials bad -> throw new ApiProblem.Unauthorized("the identifier or password is not right");
            case Locked locked -> throw new ApiProblem.TooManyRequests(
                    "too many failed sign-ins; the account is locked for 15 minutes",
                    Duration.between(clock.instant(), locked.until()).toSeconds() + 1);
            case MfaRequired mfa -> throw new ApiProblem.Other("/problems/mfa-required", "Second factor required",
                    401, "enter the 6-digit code from your authenticator app as totp");
            case Inactive inactive -> throw inactive(inactive.status());
        };
    }

    /** The 403 for an account that may not sign in, saying why. */
    static ApiProblem inactive(UserStatusEnum status) {
        return new ApiProblem.Forbidden(switch (status) {
            case suspended -> "this account is suspended; contact your administrator";
            case deactivated -> "this account is deactivated; contact your administrator";
            case pending_verification -> "this account is not verified yet; contact your administrator";
            default -> "this account is not active; contact your administrator";
        });
    }
}
