package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgotten and changed passwords. A reset token is 256 random bits, valid 30 minutes, single use, stored as a
 * keyed hash, delivered by WhatsApp ({@code password_reset} template, in the account's language). Asking answers
 * the same for every identifier. A new password ends every other session of the user.
 */
final class PasswordReset {

    private static final Logger log = LoggerFactory.getLogger(PasswordReset.class);
    static final Duration VALIDITY = Duration.ofMinutes(30);
    /** At most one reset message a minute per account: a lost message is re-asked, a flood is not sent. */
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);

    record Requested(String message) {}

    private final Database database;
    private final TenantLookup tenants;
    private final AuthRepository repository;
    private final AuthKeys keys;
    private final PasswordHasher hasher;
    private final WhatsappOutbox outbox;
    private final CurrentCredentials credentials;
    private final Clock clock;

    PasswordReset(Database database, TenantLookup tenants, AuthRepository repository, AuthKeys keys,
            PasswordHasher hasher, WhatsappOutbox outbox, CurrentCredentials credentials, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.keys = keys;
        this.hasher = hasher;
        this.outbox = outbox;
        this.credentials = credentials;
        this.clock = clock;
    }

    Requested forgot(Bodies.ForgotPassword body) {
        Tenant tenant = tenants.byCode(body.tenant());
        Optional<String> phone = PhoneNumber.indianMobile(body.identifier()).map(PhoneNumber::e164);
        database.inTransaction(Caller.system(tenant), tx -> {
            Instant now = clock.instant();
            Optional<Account> account = repository.accountByIdentifier(tx, body.identifier(), phone)
                    .filter(found -> found.status() == UserStatusEnum.active && found.phone().isPresent());
            if (account.isEmpty()) {
                return null;
            }
            UUID userId = account.get().userId();
            boolean recentlySent = repository.passwordResetExpires(tx, userId)
                    .map(expires -> expires.isAfter(now.plus(VALIDITY).minus(RESEND_INTERVAL))).orElse(false);
            if (recentlySent) {
                return null;
            }
            String token = Secrets.token(32);
            repository.storePasswordReset(tx, userId, keys.keyedHash("password_reset", token), now.plus(VALIDITY));
            try {
                outbox.send(WhatsappMessage.template("password-reset:" + userId + ":" + now.toEpochMilli(),
                        tenant.code(), account.get().phone().get(), WhatsappMessage.PASSWORD_RESET,
                        new WhatsappMessage.Template("password_reset", account.get().language(), List.of(token)), now));
            } catch (WhatsappOutbox.NotQueued e) {
                log.warn("Password reset not queued: tenant={} userId={}", tenant.code(), userId);
                throw new ApiProblem.ServiceUnavailable("the reset code could not be sent; try again shortly");
            }
            log.info("Password reset code sent: tenant={} userId={}", tenant.code(), userId);
            return null;
        });
        return new Requested("If this account exists and has a WhatsApp number, a reset code is on its way.");
    }

    void reset(Bodies.ResetPassword body) {
        Tenant tenant = tenants.byCode(body.tenant());
        String hash = hasher.hash(body.newPassword());
        boolean done = database.inTransaction(Caller.system(tenant), tx -> {
            Instant now = clock.instant();
            Optional<UUID> userId = repository.userByResetToken(tx, keys.keyedHash("password_reset", body.token()), now);
            if (userId.isEmpty()) {
                return false;
            }
            repository.setPassword(tx, userId.get(), hash, now);
            repository.revokeUserSessions(tx, userId.get(), Optional.empty(), "password_changed", now);
            log.info("Password reset: tenant={} userId={}", tenant.code(), userId.get());
            return true;
        });
        if (!done) {
            throw ApiProblem.InvalidInput.field("token", "is not valid or has expired; ask for a new reset code");
        }
    }

    /**
     * A signed-in user's new password; their other devices are signed out, this one stays. A wrong current password
     * counts toward the lockout like a failed sign-in (issue 15): the fifth in a row locks the account (429).
     */
    void change(Caller caller, UUID currentSession, Bodies.ChangePassword body) {
        String hash = hasher.hash(body.newPassword());
        Instant now = clock.instant();
        CurrentCredentials.Check check = database.inTransaction(caller, tx -> {
            Account account = repository.accountById(tx, caller.requireUserId()).orElseThrow(
                    () -> new ApiProblem.Unauthorized("sign in again"));
            CurrentCredentials.Check checked = credentials.checkPassword(tx, account, body.currentPassword(), now);
            if (checked instanceof CurrentCredentials.Confirmed) {
                repository.setPassword(tx, account.userId(), hash, now);
                repository.revokeUserSessions(tx, account.userId(), Optional.of(currentSession), "password_changed",
                        now);
            } else if (checked instanceof CurrentCredentials.Locked) {
                log.warn("Password change refused, account locked: tenant={} userId={}", caller.tenant().code(),
                        account.userId());
            }
            return checked;
        });
        if (!(check instanceof CurrentCredentials.Confirmed)) {
            throw CurrentCredentials.refused(check, "currentPassword", now);
        }
    }
}
