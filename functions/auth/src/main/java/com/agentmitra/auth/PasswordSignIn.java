package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' and staff's sign-in with a password (Argon2id) and, when they turned it on, a TOTP code or a recovery code.
 * Five failures in a row lock the account for 15 minutes; an identifier that names no account locks after the same
 * failures for the same time ({@link SignInLimits}), so the two answer alike: 401 with one text, then 429 with one
 * text, and the same Argon2id work either way. The account's status is told only to someone who knows its password.
 * A password hash made with weaker parameters than today's is replaced at a successful sign-in. A successful sign-in
 * and a wrong password or code for an existing account are access events ({@link SignInEvents}).
 */
final class PasswordSignIn {

    private static final Logger log = LoggerFactory.getLogger(PasswordSignIn.class);

    private final Database database;
    private final TenantLookup tenants;
    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final CurrentCredentials credentials;
    private final SignInLimits limits;
    private final Sessions sessions;
    private final Clock clock;

    PasswordSignIn(Database database, TenantLookup tenants, AuthRepository repository, PasswordHasher hasher,
            CurrentCredentials credentials, SignInLimits limits, Sessions sessions, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.hasher = hasher;
        this.credentials = credentials;
        this.limits = limits;
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
                Optional<Instant> locked = limits.unknownLockedUntil(tx, tenant.code(), body.identifier(), now);
                hasher.spendDecoyCheck(body.password());
                if (locked.isPresent()) {
                    return new Locked(locked.get());
                }
                return limits.unknownFailed(tx, tenant.code(), body.identifier(), now).lockedUntil()
                        .<Outcome>map(Locked::new).orElseGet(BadCredentials::new);
            }
            Account account = found.get();
            Outcome checked = switch (credentials.check(tx, account, new CurrentCredentials.Proof(body.password(),
                    body.totpCode(), body.recoveryCodeValue()), now)) {
                case CurrentCredentials.Confirmed confirmed -> null;
                case CurrentCredentials.CodeNeeded needed -> new MfaRequired();
                case CurrentCredentials.WrongPassword wrong -> {
                    SignInEvents.failed(tx, account.userId(), SignInEvents.PASSWORD, "password", from);
                    yield new BadCredentials();
                }
                case CurrentCredentials.WrongCode wrong -> {
                    SignInEvents.failed(tx, account.userId(), SignInEvents.PASSWORD, "second_factor", from);
                    yield new BadCredentials();
                }
                case CurrentCredentials.Locked locked -> {
                    log.warn("Sign-in refused, account locked: tenant={} userId={}", tenant.code(), account.userId());
                    yield new Locked(locked.until());
                }
            };
            if (checked != null) {
                return checked;
            }
            if (account.status() != UserStatusEnum.active) {
                return new Inactive(account.status());
            }
            if (PasswordHasher.needsRehash(account.passwordHash().orElse(null))) {
                repository.upgradePasswordHash(tx, account.userId(), hasher.hash(body.password()));
                log.info("Password hash upgraded to today's parameters: tenant={} userId={}", tenant.code(),
                        account.userId());
            }
            repository.recordSignIn(tx, account.userId(), now, false);
            Tokens tokens = sessions.open(tx, tenant, account.userId(), account.role(), account.agentId(), from);
            SignInEvents.signedIn(tx, account.userId(), account.role(), SignInEvents.PASSWORD, account.mfaEnabled(),
                    from);
            return new SignedIn(tokens);
        });
        return switch (outcome) {
            case SignedIn signedIn -> signedIn.tokens();
            case BadCredentials bad -> throw new ApiProblem.Unauthorized("the identifier or password is not right");
            case Locked locked -> throw CurrentCredentials.locked(locked.until(), clock.instant());
            case MfaRequired mfa -> throw new ApiProblem.Other("/problems/mfa-required", "Second factor required",
                    401, "enter the 6-digit code from your authenticator app as totp, or a recovery code as "
                            + "recoveryCode");
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
