package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
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
 * Customers' sign-in with a one-time code on WhatsApp. Asking for a code answers the same whether or not the
 * number belongs to a customer (no enumeration): unknown numbers get a code row that is never sent, so the rate
 * limits behave alike too. The code is stored only as a keyed hash and travels only inside the queued message.
 */
final class OtpSignIn {

    private static final Logger log = LoggerFactory.getLogger(OtpSignIn.class);

    /** The 202 answer to every code request. */
    record Requested(String message, long expiresIn, long resendAfter) {}

    private final Database database;
    private final TenantLookup tenants;
    private final AuthRepository repository;
    private final AuthKeys keys;
    private final Sessions sessions;
    private final WhatsappOutbox outbox;
    private final OtpPolicy policy;
    private final Clock clock;

    OtpSignIn(Database database, TenantLookup tenants, AuthRepository repository, AuthKeys keys, Sessions sessions,
            WhatsappOutbox outbox, OtpPolicy policy, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.keys = keys;
        this.sessions = sessions;
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
    }

    Requested request(Bodies.OtpRequest body, Optional<String> sourceIp) {
        Tenant tenant = tenants.byCode(body.tenant());
        PhoneNumber phone = body.phoneNumber();
        database.inTransaction(Caller.system(tenant), tx -> {
            Instant now = clock.instant();
            repository.lockPhone(tx, phone.e164());
            List<Instant> byPhone = repository.otpTimesSince(tx, phone.e164(), now.minus(OtpPolicy.HOUR));
            List<Instant> byAddress = sourceIp.map(ip -> repository.otpTimesFromAddressSince(tx, ip,
                    now.minus(OtpPolicy.HOUR))).orElse(List.of());
            policy.nextAllowed(byPhone, byAddress, now).ifPresent(next -> {
                throw new ApiProblem.TooManyRequests("wait before asking for another code",
                        Duration.between(now, next).toSeconds() + 1);
            });
            Optional<Account> account = repository.accountByPhone(tx, phone.e164())
                    .filter(found -> found.role() == Role.POLICYHOLDER);
            Optional<UUID> userId = account.map(Account::userId);
            // the language comes with the row that makes the number deliverable: the login, else the customer record
            Optional<String> language = account.map(Account::language)
                    .or(() -> repository.customerByPhone(tx, phone.e164()).map(AuthRepository.Customer::language));
            boolean deliverable = language.isPresent();
            UUID otpId = UUID.randomUUID();
            String code = Secrets.digits(OtpPolicy.DIGITS);
            repository.insertOtp(tx, otpId, phone.e164(), userId, codeHash(otpId, code), now,
                    now.plus(OtpPolicy.VALIDITY), sourceIp);
            if (deliverable) {
                // inside the transaction: a code that could not be queued is not stored either
                try {
                    WhatsappMessage.Template template = new WhatsappMessage.Template("otp_login", language.get(),
                            List.of(code));
                    outbox.send(WhatsappMessage.template("otp:" + otpId, tenant.code(), phone.e164(),
                            WhatsappMessage.OTP, template, now));
                } catch (WhatsappOutbox.NotQueued e) {
                    log.warn("Sign-in code not queued: tenant={} otpId={}", tenant.code(), otpId);
                    throw new ApiProblem.ServiceUnavailable("the code could not be sent; try again shortly");
                }
            }
            log.info("Sign-in code requested: tenant={} phone={} sent={}", tenant.code(), phone.masked(), deliverable);
            return null;
        });
        return new Requested("If this number belongs to a customer, a code is on its way on WhatsApp.",
                OtpPolicy.VALIDITY.toSeconds(), OtpPolicy.RESEND_INTERVAL.toSeconds());
    }

    Tokens verify(Bodies.OtpVerification body, SignInContext from) {
        Tenant tenant = tenants.byCode(body.tenant());
        PhoneNumber phone = body.phoneNumber();
        Outcome outcome = database.inTransaction(Caller.system(tenant), tx -> {
            Instant now = clock.instant();
            repository.lockPhone(tx, phone.e164());
            Optional<AuthRepository.Otp> otp = repository.latestOtp(tx, phone.e164());
            boolean matches = otp.map(o -> Secrets.constantTimeEquals(o.codeHash(), codeHash(o.otpId(), body.code())))
                    .orElse(false);
            OtpPolicy.Check check = OtpPolicy.check(otp, matches, now);
            switch (check) {
                case OtpPolicy.WrongCode w -> {
                    repository.countWrongCode(tx, otp.get().otpId());
                    // a customer's login exists: a failed sign-in of it (bounded by the code's tries and the code rate)
                    otp.get().userId().ifPresent(user ->
                            SignInEvents.failed(tx, user, SignInEvents.WHATSAPP_CODE, "code", from));
                }
                case OtpPolicy.LockedOut l when otp.get().attempts() < otp.get().maxAttempts() -> {
                    // the last wrong try: counted, and a failed sign-in like the others
                    repository.countWrongCode(tx, otp.get().otpId());
                    otp.get().userId().ifPresent(user ->
                            SignInEvents.failed(tx, user, SignInEvents.WHATSAPP_CODE, "code", from));
                }
                case OtpPolicy.Verified v -> repository.consumeOtp(tx, otp.get().otpId(), now);
                default -> { }
            }
            if (!(check instanceof OtpPolicy.Verified)) {
                return new Outcome(check, Optional.empty());
            }
            Optional<Account> account = repository.accountByPhone(tx, phone.e164());
            UUID userId;
            if (account.isPresent()) {
                if (account.get().role() != Role.POLICYHOLDER) {
                    return new Outcome(new OtpPolicy.NoCode(), Optional.empty());
                }
                if (account.get().status() != UserStatusEnum.active) {
                    return new Outcome(check, Optional.of(account.get().status()));
                }
                userId = account.get().userId();
                repository.recordSignIn(tx, userId, now, true);
            } else {
                Optional<AuthRepository.Customer> customer = repository.customerByPhone(tx, phone.e164());
                if (customer.isEmpty()) {
                    // a code for an unknown number was never sent: a match is a lucky guess, not a sign-in
                    return new Outcome(new OtpPolicy.NoCode(), Optional.empty());
                }
                userId = repository.createCustomerLogin(tx, customer.get(), phone.e164(), now);
                log.info("Customer login created at first sign-in: tenant={} userId={}", tenant.code(), userId);
            }
            Tokens tokens = sessions.open(tx, tenant, userId, Role.POLICYHOLDER, Optional.empty(), from);
            SignInEvents.signedIn(tx, userId, Role.POLICYHOLDER, SignInEvents.WHATSAPP_CODE, false, from);
            return new Outcome(check, Optional.empty(), Optional.of(tokens));
        });
        // the transaction has committed (a wrong try is counted) before any failure is answered
        if (outcome.inactive().isPresent()) {
            throw PasswordSignIn.inactive(outcome.inactive().get());
        }
        return switch (outcome.check()) {
            case OtpPolicy.Verified v -> outcome.tokens().orElseThrow();
            case OtpPolicy.WrongCode w -> throw new ApiProblem.Unauthorized(
                    "the code is not right; " + w.triesLeft() + (w.triesLeft() == 1 ? " try" : " tries") + " left");
            case OtpPolicy.Expired e -> throw new ApiProblem.Unauthorized("the code has expired; ask for a new one");
            case OtpPolicy.LockedOut l -> throw new ApiProblem.Unauthorized(
                    "too many wrong codes; ask for a new one");
            case OtpPolicy.NoCode n -> throw new ApiProblem.Unauthorized(
                    "the code is not right or has expired; ask for a new one");
        };
    }

    private String codeHash(UUID otpId, String code) {
        return keys.keyedHash("otp", otpId + ":" + code);
    }

    private record Outcome(OtpPolicy.Check check, Optional<UserStatusEnum> inactive, Optional<Tokens> tokens) {
        Outcome(OtpPolicy.Check check, Optional<UserStatusEnum> inactive) {
            this(check, inactive, Optional.empty());
        }
    }
}
