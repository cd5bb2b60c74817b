package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert;

/**
 * The auth services wired as {@link AuthFunctions} wires them, against the test database, with a clock the test
 * moves and an outbox it reads. Users with passwords are arranged here (plainly test values).
 */
final class AuthKit {

    static final String PASSWORD = "test-only-password-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final PasswordHasher HASHER = new PasswordHasher();
    private static final String KEYS_JSON = AuthKeys.newSecretJson();
    private static final AuthKeys KEYS = AuthKeys.parse(KEYS_JSON);

    final TestDatabase db = TestDatabase.get();
    final Fixtures fixtures = new Fixtures(db);
    // PostgreSQL keeps microseconds: a clock with nanoseconds would make stored times round past it
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    /** A source address of this test's own, so per-address limits of other tests do not interfere. */
    final String address = "10." + (SEQUENCE.incrementAndGet() % 250) + "." + new java.util.Random().nextInt(250) + "."
            + (1 + new java.util.Random().nextInt(250));
    final RecordingOutbox outbox = new RecordingOutbox();
    final AuthKeys keys = KEYS;
    final TokenConfig tokenConfig = new TokenConfig("agent-mitra-test", "agent-mitra-api", Duration.ofMinutes(15),
            new KeySource.DevFile(java.nio.file.Path.of("unused")));
    final AccessTokens accessTokens = new AccessTokens(keys, tokenConfig, clock);
    final AuthRepository repository = new AuthRepository();
    final TenantLookup tenants = new TenantLookup(db.tenants());
    final Sessions sessions = new Sessions(repository, accessTokens, clock);
    final MfaSecrets mfaSecrets = new MfaSecrets(keys);
    final RecoveryCodes recoveryCodes = new RecoveryCodes(keys);
    final CurrentCredentials credentials = new CurrentCredentials(repository, HASHER, mfaSecrets, recoveryCodes);
    /** Generous limits, so only the tests about them reach them (they build their own). */
    final SignInLimits limits = new SignInLimits(db.database(), keys, new SignInLimits.Limits(10_000, 10_000), clock);
    final SecurityNotices notices = new SecurityNotices(outbox);
    final OtpSignIn otp = new OtpSignIn(db.database(), tenants, repository, keys, sessions, outbox,
            new OtpPolicy(20), clock);
    final PasswordSignIn passwords = new PasswordSignIn(db.database(), tenants, repository, HASHER, credentials,
            limits, sessions, clock);
    final SessionService sessionService = new SessionService(db.database(), tenants, repository, sessions, clock);
    final PasswordReset reset = new PasswordReset(db.database(), tenants, repository, keys, HASHER, outbox,
            credentials, clock);
    final MfaEnrolment mfa = new MfaEnrolment(db.database(), repository, mfaSecrets, credentials, recoveryCodes,
            notices, clock);
    final UserAdministration users = new UserAdministration(db.database(), repository, HASHER, notices, clock);
    /** The authorizer's, as AuthFunctions wires it: the public keys alone, re-read every 5 minutes of the clock. */
    final AccessTokens authorizerTokens = AccessTokens.verifying(
            PublicKeys.reloading(() -> AuthKeys.publicKeysJson(KEYS_JSON), clock), tokenConfig, clock);
    final Authorizer authorizer = new Authorizer(authorizerTokens,
            new SessionStatus(db.database(), db.tenants(), repository, clock));

    /** An agent login with {@link #PASSWORD}. */
    Fixtures.Agent agentWithPassword(Tenant tenant) {
        return withPassword(fixtures.agent().inTenant(tenant).create());
    }

    /** The fixture's agent, given the login password {@link #PASSWORD}. */
    Fixtures.Agent withPassword(Fixtures.Agent agent) {
        db.ownerDsl(agent.tenant()).update(USERS).set(USERS.PASSWORD_HASH, HASHER.hash(PASSWORD))
                .where(USERS.USER_ID.eq(agent.userId())).execute();
        return agent;
    }

    String usernameOf(Tenant tenant, UUID userId) {
        return db.ownerDsl(tenant).select(USERS.USERNAME).from(USERS).where(USERS.USER_ID.eq(userId))
                .fetchOne(USERS.USERNAME);
    }

    String phoneOf(Tenant tenant, UUID userId) {
        return db.ownerDsl(tenant).select(USERS.PHONE_NUMBER).from(USERS).where(USERS.USER_ID.eq(userId))
                .fetchOne(USERS.PHONE_NUMBER);
    }

    UUID staff(Tenant tenant, Role role) {
        int n = SEQUENCE.incrementAndGet();
        return db.ownerDsl(tenant).insertInto(USERS)
                .set(USERS.USERNAME, "staff" + n + "-" + UUID.randomUUID().toString().substring(0, 6))
                .set(USERS.FIRST_NAME, "Staff")
                .set(USERS.ROLE, UserRoleEnum.valueOf(role.sqlName()))
                .set(USERS.PASSWORD_HASH, HASHER.hash(PASSWORD))
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
    }

    /** The language an agent or staff member chose for their own messages ({@code users.language_preference}). */
    void userPrefers(Tenant tenant, UUID userId, String language) {
        db.ownerDsl(tenant).update(USERS).set(USERS.LANGUAGE_PREFERENCE, language).where(USERS.USER_ID.eq(userId))
                .execute();
    }

    /** The language on a customer's record ({@code policyholders.preferred_language}), found by phone. */
    void customerPrefers(Tenant tenant, String phone, String language) {
        db.ownerDsl(tenant).update(POLICYHOLDERS).set(POLICYHOLDERS.PREFERRED_LANGUAGE, language)
                .where(POLICYHOLDERS.PHONE_NUMBER.eq(phone)).execute();
    }

    void setStatus(Tenant tenant, UUID userId, UserStatusEnum status) {
        db.ownerDsl(tenant).update(USERS).set(USERS.STATUS, status).where(USERS.USER_ID.eq(userId)).execute();
    }

    Tokens login(Tenant tenant, String identifier, String password) {
        return passwords.login(new Bodies.PasswordLogin(tenant.code(), identifier, password, null, null, null),
                SignInContext.none());
    }

    AccessClaims claims(Tokens tokens) {
        return ((AccessTokens.Valid) accessTokens.verify(tokens.accessToken())).claims();
    }

    Caller caller(Tokens tokens, Tenant tenant) {
        AccessClaims claims = claims(tokens);
        return new Caller(tenant, Optional.of(claims.userId()), claims.role(), claims.agentId());
    }

    /** The authorizer's answer for a bearer token: allowed (true) or "Unauthorized" (false). */
    boolean allows(String accessToken) {
        try {
            authorizer.authorize(java.util.Map.of("type", "REQUEST", "methodArn", "arn:aws:execute-api:x",
                    "headers", java.util.Map.of("Authorization", "Bearer " + accessToken)));
            return true;
        } catch (Authorizer.Unauthorized e) {
            return false;
        }
    }

    static ApiProblem problem(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (ApiProblem problem) {
            return problem;
        } catch (Throwable other) {
            throw new AssertionError("expected an API problem, got " + other, other);
        }
        throw new AssertionError("expected an API problem, got none");
    }
}
