package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.FieldError;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.CloudFormationYaml;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Issue 15, "Sign-in edges", as an attacker would try them: each finding of the review is an attack here, and each
 * must now fail. Two-factor changes without the password or the current code, a recovery code used twice, guessing
 * current passwords on the password change, telling a locked account from an unknown one, floods from one address or
 * at one identifier, a private key within the authorizer's reach, a key that stays in a warm function after the secret
 * changed, a session kept alive by refreshing past its lifetime, and passwords hashed below OWASP's Argon2id minimum.
 */
class SignInEdgesSecurityIT {

    private final AuthKit kit = new AuthKit();
    private final Tenant lic = kit.db.lic();
    private final Fixtures.Agent agent = kit.agentWithPassword(lic);
    private final String username = kit.usernameOf(lic, agent.userId());
    private final String phone = kit.phoneOf(lic, agent.userId());

    private Caller signedIn() {
        return kit.caller(kit.login(lic, username, AuthKit.PASSWORD), lic);
    }

    private static Bodies.MfaConfirmation password(String password) {
        return new Bodies.MfaConfirmation(password, null, null);
    }

    private static Bodies.MfaConfirmation withCode(String code) {
        return new Bodies.MfaConfirmation(AuthKit.PASSWORD, code, null);
    }

    private static Bodies.MfaConfirmation withRecoveryCode(String recoveryCode) {
        return new Bodies.MfaConfirmation(AuthKit.PASSWORD, null, recoveryCode);
    }

    /** Two-factor sign-in turned on for the agent; answers the secret and the recovery codes shown once. */
    private record Enrolled(byte[] secret, List<String> recoveryCodes) {}

    private Enrolled enrol(Caller caller) {
        byte[] secret = Base32.decode(kit.mfa.setup(caller, password(AuthKit.PASSWORD)).secret());
        MfaEnrolment.Enabled enabled = kit.mfa.enable(caller, new Bodies.MfaCode(codeAt(secret, Duration.ZERO)));
        return new Enrolled(secret, enabled.recoveryCodes());
    }

    /** The TOTP code of the step {@code ahead} from now (a later step: not refused as a replay). */
    private String codeAt(byte[] secret, Duration ahead) {
        return Totp.code(secret, kit.clock.instant().plus(ahead), 6, "HmacSHA1");
    }

    private boolean mfaEnabled() {
        return kit.db.ownerDsl(lic).fetchValue(USERS.MFA_ENABLED, USERS.USER_ID.eq(agent.userId()));
    }

    private int failedAttempts() {
        return kit.db.ownerDsl(lic).fetchValue(USERS.LOGIN_ATTEMPTS, USERS.USER_ID.eq(agent.userId()));
    }

    private Optional<String> pendingSecret() {
        return Optional.ofNullable(kit.db.ownerDsl(lic).resultQuery(
                "select mfa_pending_secret from {0} where user_id = {1}", USERS, agent.userId()).fetchOne(0,
                String.class));
    }

    private List<String> noticesTo(String recipient) {
        return kit.outbox.sent.stream().filter(message -> message.recipient().equals(recipient))
                .filter(message -> message.purpose().equals(SecurityNotices.PURPOSE))
                .map(message -> message.template().name()).toList();
    }

    private static List<String> fields(ApiProblem problem) {
        return problem.errors().stream().map(FieldError::field).toList();
    }

    @Nested
    class TwoFactorChanges {

        @Test
        void setupWithoutThePasswordIsRefusedAndStoresNothing() {
            Caller caller = signedIn();

            ApiProblem wrong = AuthKit.problem(() -> kit.mfa.setup(caller, password("not-the-password")));
            ApiProblem missing = AuthKit.problem(() -> kit.mfa.setup(caller, password(null)));

            assertThat(wrong.status()).isEqualTo(400);
            assertThat(fields(wrong)).containsExactly("password");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(pendingSecret()).isEmpty();
            assertThat(failedAttempts()).isEqualTo(1);
        }

        @Test
        void reEnrolmentWithoutTheCurrentCodeIsRefusedAndTheOldAuthenticatorKeepsWorking() {
            Caller caller = signedIn();
            Enrolled enrolled = enrol(caller);

            ApiProblem withoutCode = AuthKit.problem(() -> kit.mfa.setup(caller, password(AuthKit.PASSWORD)));
            ApiProblem wrongCode = AuthKit.problem(() -> kit.mfa.setup(caller,
                    withCode(codeAt(enrolled.secret(), Duration.ofMinutes(10)))));

            assertThat(withoutCode.status()).isEqualTo(400);
            assertThat(fields(withoutCode)).containsExactly("code");
            assertThat(wrongCode.status()).isEqualTo(400);
            assertThat(pendingSecret()).isEmpty();
            kit.clock.advance(Duration.ofSeconds(30));
            assertThat(kit.claims(kit.passwords.login(new Bodies.PasswordLogin("LIC", username, AuthKit.PASSWORD,
                    codeAt(enrolled.secret(), Duration.ZERO), null, null), SignInContext.none())).userId())
                    .isEqualTo(agent.userId());
        }

        @Test
        void reEnrolmentWithTheCurrentCodeSwitchesOnlyOnceTheNewAppHasProvedItself() {
            Caller caller = signedIn();
            Enrolled old = enrol(caller);
            kit.clock.advance(Duration.ofSeconds(30));

            byte[] fresh = Base32.decode(kit.mfa.setup(caller, withCode(codeAt(old.secret(), Duration.ZERO))).secret());

            assertThat(pendingSecret()).isPresent();
            assertThat(mfaEnabled()).isTrue();
            kit.clock.advance(Duration.ofSeconds(30));
            kit.mfa.enable(caller, new Bodies.MfaCode(codeAt(fresh, Duration.ZERO)));
            kit.clock.advance(Duration.ofSeconds(30));
            ApiProblem oldApp = AuthKit.problem(() -> kit.passwords.login(new Bodies.PasswordLogin("LIC", username,
                    AuthKit.PASSWORD, codeAt(old.secret(), Duration.ZERO), null, null), SignInContext.none()));
            assertThat(oldApp.status()).isEqualTo(401);
        }

        @Test
        void disableWithoutTheCurrentCodeIsRefusedAndAWrongCodeCountsTowardTheLockout() {
            Caller caller = signedIn();
            Enrolled enrolled = enrol(caller);

            ApiProblem withoutCode = AuthKit.problem(() -> kit.mfa.disable(caller, password(AuthKit.PASSWORD)));
            ApiProblem wrongPassword = AuthKit.problem(() -> kit.mfa.disable(caller,
                    new Bodies.MfaConfirmation("not-the-password", codeAt(enrolled.secret(), Duration.ofSeconds(30)),
                            null)));
            ApiProblem wrongCode = AuthKit.problem(() -> kit.mfa.disable(caller,
                    withCode(codeAt(enrolled.secret(), Duration.ofMinutes(10)))));

            assertThat(withoutCode.status()).isEqualTo(400);
            assertThat(fields(withoutCode)).containsExactly("code");
            assertThat(fields(wrongPassword)).containsExactly("password");
            assertThat(fields(wrongCode)).containsExactly("code");
            assertThat(mfaEnabled()).isTrue();
            assertThat(failedAttempts()).isEqualTo(2);
        }

        @Test
        void disableWithThePasswordAndARecoveryCodeTurnsItOffAndForgetsTheCodes() {
            Caller caller = signedIn();
            Enrolled enrolled = enrol(caller);

            MfaEnrolment.Status status = kit.mfa.disable(caller, withRecoveryCode(enrolled.recoveryCodes().get(3)));

            assertThat(status.mfaEnabled()).isFalse();
            assertThat(mfaEnabled()).isFalse();
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.MFA_SECRET, USERS.USER_ID.eq(agent.userId()))).isNull();
            assertThat(kit.db.ownerDsl(lic).resultQuery("select 1 from {0}.mfa_recovery_codes where user_id = {1}",
                    org.jooq.impl.DSL.name(lic.schema()), agent.userId()).fetch()).isEmpty();
        }

        @Test
        void aRecoveryCodeSignsInOnceAndIsRefusedTheSecondTime() {
            Enrolled enrolled = enrol(signedIn());
            String code = enrolled.recoveryCodes().getFirst();

            Tokens tokens = kit.passwords.login(new Bodies.PasswordLogin("LIC", username, AuthKit.PASSWORD, null,
                    code.toLowerCase(), null), SignInContext.none());
            ApiProblem reused = AuthKit.problem(() -> kit.passwords.login(new Bodies.PasswordLogin("LIC", username,
                    AuthKit.PASSWORD, null, code, null), SignInContext.none()));

            assertThat(kit.claims(tokens).userId()).isEqualTo(agent.userId());
            assertThat(reused.status()).isEqualTo(401);
            assertThat(failedAttempts()).isEqualTo(1);
        }

        @Test
        void recoveryCodesAreTenShownOnceAndStoredOnlyAsHashes() {
            Enrolled enrolled = enrol(signedIn());

            List<String> stored = kit.db.ownerDsl(lic).resultQuery(
                    "select code_hash from {0}.mfa_recovery_codes where user_id = {1}",
                    org.jooq.impl.DSL.name(lic.schema()), agent.userId()).fetch(0, String.class);

            assertThat(enrolled.recoveryCodes()).hasSize(10).doesNotHaveDuplicates()
                    .allMatch(code -> code.matches("[A-Z2-7]{4}-[A-Z2-7]{4}"));
            assertThat(stored).hasSize(10);
            for (String code : enrolled.recoveryCodes()) {
                assertThat(stored).noneMatch(hash -> hash.contains(code) || hash.contains(code.replace("-", "")));
            }
        }

        @Test
        void newRecoveryCodesVoidTheOldOnes() {
            Caller caller = signedIn();
            Enrolled enrolled = enrol(caller);

            List<String> fresh = kit.mfa.regenerateRecoveryCodes(caller,
                    withRecoveryCode(enrolled.recoveryCodes().get(1))).recoveryCodes();
            ApiProblem old = AuthKit.problem(() -> kit.passwords.login(new Bodies.PasswordLogin("LIC", username,
                    AuthKit.PASSWORD, null, enrolled.recoveryCodes().get(2), null), SignInContext.none()));
            ApiProblem withoutCode = AuthKit.problem(() -> kit.mfa.regenerateRecoveryCodes(caller,
                    password(AuthKit.PASSWORD)));

            assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
            assertThat(old.status()).isEqualTo(401);
            assertThat(fields(withoutCode)).containsExactly("code");
        }

        @Test
        void everyChangeIsToldToTheUserOnWhatsApp() {
            Caller caller = signedIn();
            Enrolled enrolled = enrol(caller);
            kit.mfa.regenerateRecoveryCodes(caller, withRecoveryCode(enrolled.recoveryCodes().getFirst()));
            List<String> codes = kit.mfa.regenerateRecoveryCodes(caller,
                    withCode(codeAt(enrolled.secret(), Duration.ofSeconds(30)))).recoveryCodes();
            kit.mfa.disable(caller, withRecoveryCode(codes.getFirst()));
            kit.clock.advance(Duration.ofMinutes(1));
            enrol(caller);
            Caller admin = kit.caller(kit.login(lic, kit.usernameOf(lic, kit.staff(lic,
                    Role.INSURANCE_PROVIDER_ADMIN)), AuthKit.PASSWORD), lic);

            kit.users.resetMfa(admin, agent.userId());

            assertThat(noticesTo(phone)).containsExactly("mfa_enabled_notice", "mfa_recovery_codes_notice",
                    "mfa_recovery_codes_notice", "mfa_disabled_notice", "mfa_enabled_notice", "mfa_reset_notice");
            assertThat(kit.outbox.sent).filteredOn(message -> message.purpose().equals(SecurityNotices.PURPOSE))
                    .hasSize(6)
                    .allSatisfy(message -> assertThat(message.template().parameters()).isEmpty());
        }

        @Test
        void anAdministratorsResetIsAuditedNamingThem() {
            enrol(signedIn());
            UUID adminId = kit.staff(lic, Role.INSURANCE_PROVIDER_ADMIN);
            Caller admin = kit.caller(kit.login(lic, kit.usernameOf(lic, adminId), AuthKit.PASSWORD), lic);

            kit.users.resetMfa(admin, agent.userId());

            assertThat(mfaEnabled()).isFalse();
            List<String> audit = kit.db.ownerDsl(lic).resultQuery("""
                            select array_to_string(changed_columns, ',') from audit.audit_log
                             where table_name = 'users' and record_id = ? and changed_by = ? and action = 'UPDATE'""",
                    agent.userId().toString(), adminId).fetch(0, String.class);
            assertThat(audit).hasSize(1);
            assertThat(audit.getFirst()).contains("mfa_enabled").contains("mfa_secret");
            assertThat(kit.db.ownerDsl(lic).resultQuery("""
                            select count(*) from audit.audit_log
                             where table_name = 'users' and record_id = ? and new_values::text like '%v1:%'""",
                    agent.userId().toString()).fetchOne(0, Integer.class)).isZero();
        }

        @Test
        void onlyATenantAdministratorResetsAndNotTheirOwn() {
            enrol(signedIn());
            Fixtures.Agent other = kit.agentWithPassword(lic);
            Caller anotherAgent = kit.caller(kit.login(lic, kit.usernameOf(lic, other.userId()), AuthKit.PASSWORD),
                    lic);
            UUID adminId = kit.staff(lic, Role.INSURANCE_PROVIDER_ADMIN);
            Caller admin = kit.caller(kit.login(lic, kit.usernameOf(lic, adminId), AuthKit.PASSWORD), lic);

            assertThat(AuthKit.problem(() -> kit.users.resetMfa(anotherAgent, agent.userId())).status())
                    .isEqualTo(403);
            assertThat(AuthKit.problem(() -> kit.users.resetMfa(admin, adminId)).status()).isEqualTo(409);
            assertThat(mfaEnabled()).isTrue();
        }
    }

    @Nested
    class PasswordChange {

        private final UUID session = UUID.randomUUID();

        private ApiProblem change(Caller caller, String current) {
            return AuthKit.problem(() -> kit.reset.change(caller, session,
                    new Bodies.ChangePassword(current, "another-test-password-9")));
        }

        @Test
        void wrongCurrentPasswordsCountTowardTheLockoutAndTheFifthLocks() {
            Caller caller = signedIn();

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(change(caller, "guess-number-" + i).status());
            }
            ApiProblem right = change(caller, AuthKit.PASSWORD);
            ApiProblem signIn = AuthKit.problem(() -> kit.login(lic, username, AuthKit.PASSWORD));

            assertThat(statuses).containsExactly(400, 400, 400, 400, 429);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.headers()).containsEntry("Retry-After", "901");
            assertThat(signIn.status()).isEqualTo(429);
        }

        @Test
        void wrongSignInsAndWrongCurrentPasswordsAddUp() {
            Caller caller = signedIn();
            for (int i = 0; i < 3; i++) {
                AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));
            }

            change(caller, "guess-one");
            ApiProblem fifth = change(caller, "guess-two");

            assertThat(fifth.status()).isEqualTo(429);
        }
    }

    @Nested
    class LockedAndUnknownAlike {

        /** Six wrong sign-ins, then the right password, each answered as status, type, detail and Retry-After. */
        private List<String> answers(String identifier) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                String password = i == 6 ? AuthKit.PASSWORD : "wrong-password-" + i;
                ApiProblem problem = AuthKit.problem(() -> kit.login(lic, identifier, password));
                answers.add(problem.status() + " " + problem.type() + " " + problem.detail() + " "
                        + problem.headers().keySet() + " " + problem.headers().get("Retry-After"));
            }
            return answers;
        }

        @Test
        void aLockedAccountAndAnUnknownIdentifierGiveTheSameAnswers() {
            List<String> known = answers(username);
            List<String> unknown = answers("ghost-" + UUID.randomUUID().toString().substring(0, 8));

            assertThat(unknown).isEqualTo(known);
            assertThat(known.get(3)).startsWith("401 ");
            assertThat(known.get(4)).startsWith("429 ").endsWith(" 901");
            assertThat(known.get(6)).startsWith("429 ");
        }

        @Test
        void fiveFailuresAtOnceLockAnUnknownIdentifierAsTheyLockAnAccount() throws Exception {
            String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
            var start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(5)) {
                List<java.util.concurrent.Future<Integer>> attempts = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return AuthKit.problem(() -> kit.login(lic, ghost, "wrong-password")).status();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (var attempt : attempts) {
                    statuses.add(attempt.get());
                }

                assertThat(statuses).containsOnly(401, 429).contains(429);
            }
            assertThat(AuthKit.problem(() -> kit.login(lic, ghost, "wrong-password")).status()).isEqualTo(429);
        }

        @Test
        void anUnknownIdentifiersLockEndsLikeAnAccountsAfterFifteenMinutes() {
            String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            for (int i = 0; i < 5; i++) {
                AuthKit.problem(() -> kit.login(lic, ghost, "wrong-password"));
            }
            kit.clock.advance(Duration.ofMinutes(14));
            ApiProblem stillLocked = AuthKit.problem(() -> kit.login(lic, ghost.toUpperCase(), "wrong-password"));
            kit.clock.advance(Duration.ofMinutes(1));

            ApiProblem after = AuthKit.problem(() -> kit.login(lic, ghost, "wrong-password"));

            assertThat(stillLocked.status()).isEqualTo(429);
            assertThat(after.status()).isEqualTo(401);
        }
    }

    @Nested
    class RequestLimits {

        private SignInLimits limits(int perAddress, int perIdentifier) {
            return new SignInLimits(kit.db.database(), AuthKeys.generate(),
                    new SignInLimits.Limits(perAddress, perIdentifier), kit.clock);
        }

        @Test
        void oneAddressIsLimitedPerWindowWhateverItNames() {
            SignInLimits limits = limits(3, 1_000);
            for (int i = 0; i < 3; i++) {
                limits.count(Optional.of(kit.address), "LIC", Optional.of("someone-" + i));
            }

            ApiProblem fourth = AuthKit.problem(() -> limits.count(Optional.of(kit.address), "LIC",
                    Optional.of("someone-else")));
            limits.count(Optional.of("192.0.2.77"), "LIC", Optional.of("someone-else"));
            kit.clock.advance(SignInLimits.WINDOW);
            limits.count(Optional.of(kit.address), "LIC", Optional.of("someone-else"));

            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.headers()).containsEntry("Retry-After", "901");
        }

        @Test
        void oneIdentifierIsLimitedPerWindowFromEveryAddressAndHoweverItIsTyped() {
            SignInLimits limits = limits(1_000, 2);
            String phoneTyped = phone.substring(3);
            limits.count(Optional.of("192.0.2.1"), "LIC", Optional.of(phone));
            limits.count(Optional.of("192.0.2.2"), "lic", Optional.of(phoneTyped));

            ApiProblem third = AuthKit.problem(() -> limits.count(Optional.of("192.0.2.3"), "LIC",
                    Optional.of("+91 " + phoneTyped)));
            limits.count(Optional.of("192.0.2.3"), "LIC", Optional.of("another-identifier"));
            limits.count(Optional.of("192.0.2.3"), "HDFC", Optional.of(phone));

            assertThat(third.status()).isEqualTo(429);
        }

        @Test
        void theBucketsHoldNoAddressOrIdentifierInTheClear() {
            limits(1_000, 1_000).count(Optional.of("198.51.100.23"), "LIC", Optional.of("clear.text@example.test"));

            List<String> keys = kit.db.ownerDsl(lic).resultQuery("select bucket_key from shared.auth_attempts")
                    .fetch(0, String.class);

            assertThat(keys).isNotEmpty().allMatch(key -> key.matches("[0-9a-f]{64}"));
        }

        @Test
        void theRoutesCountPerAddressAndPerIdentifier() throws IOException {
            InProcessFunction auth = authFunction(Map.of("AUTH_REQUESTS_PER_ADDRESS", "6",
                    "AUTH_REQUESTS_PER_IDENTIFIER", "3"));
            OpenApiContract contract = OpenApiContract.ofRepository();
            String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> login = Map.of("tenant", "LIC", "identifier", ghost, "password", "wrong-password");

            for (int i = 0; i < 3; i++) {
                contract.call(auth, "POST", "/auth/login").body(login).expect(401);
            }
            OpenApiContract.Answer identifierLimited = contract.call(auth, "POST", "/auth/login").body(login)
                    .expect(429);
            contract.call(auth, "POST", "/auth/password/forgot").body(Map.of("tenant", "LIC", "identifier", "a-1"))
                    .expect(202);
            contract.call(auth, "POST", "/auth/password/forgot").body(Map.of("tenant", "LIC", "identifier", "a-2"))
                    .expect(202);
            OpenApiContract.Answer addressLimited = contract.call(auth, "POST", "/auth/password/forgot")
                    .body(Map.of("tenant", "LIC", "identifier", "a-3")).expect(429);

            assertThat(identifierLimited.header("Retry-After")).isPresent();
            assertThat(addressLimited.header("Retry-After")).isPresent();
        }

        private InProcessFunction authFunction(Map<String, String> extra) throws IOException {
            InProcessAws aws = InProcessAws.shared();
            Map<String, String> environment = new HashMap<>(kit.db.appEnvironment());
            environment.putAll(aws.environment());
            environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", aws.queue("whatsapp-outbound-auth-limits"));
            environment.put("DEV_AUTH_KEYS_FILE",
                    Files.createTempDirectory("auth-keys").resolve("dev-auth-keys.json").toString());
            environment.putAll(extra);
            return InProcessFunction.start("AuthFunction", AuthFunctions.class.getName(), AuthFunctions.AUTH,
                    environment);
        }
    }

    @Nested
    class Keys {

        @Test
        void theAuthorizersKeySetRefusesAPrivateKey() throws ParseException {
            String secret = AuthKeys.newSecretJson();
            String privateSet = JSONObjectUtils.toJSONString(JSONObjectUtils.getJSONObject(
                    JSONObjectUtils.parse(secret), "signingKeys"));

            assertThatThrownBy(() -> PublicKeys.parse(privateSet)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("private key").hasMessageNotContaining("\"d\"");
            assertThatThrownBy(() -> PublicKeys.parse(secret)).isInstanceOf(IllegalStateException.class);
            assertThat(AuthKeys.publicKeysJson(secret)).doesNotContain("\"d\"").doesNotContain("hashKey");
        }

        @Test
        void theAuthorizerVerifiesWithThePublicKeysAloneAndCannotSign() {
            String secret = AuthKeys.newSecretJson();
            AuthKeys signing = AuthKeys.parse(secret);
            AccessTokens verifying = AccessTokens.verifying(PublicKeys.parse(AuthKeys.publicKeysJson(secret)),
                    kit.tokenConfig, kit.clock);
            UUID id = UUID.randomUUID();
            String token = new AccessTokens(signing, kit.tokenConfig, kit.clock).issue(id, id, "LIC",
                    Role.JUNIOR_AGENT, Optional.empty(), id);

            assertThat(verifying.verify(token)).isInstanceOf(AccessTokens.Valid.class);
            assertThatThrownBy(() -> verifying.issue(id, id, "LIC", Role.JUNIOR_AGENT, Optional.empty(), id))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void templateYamlGivesTheAuthorizerOnlyThePublicKeysSecret() {
            Map<String, Object> resources = map(CloudFormationYaml.read(Path.of("../../template.yaml"))
                    .get("Resources"));
            Map<String, Object> authorizer = map(map(resources.get("AuthorizerFunction")).get("Properties"));
            Map<String, Object> auth = map(map(resources.get("AuthFunction")).get("Properties"));

            Map<String, Object> environment = map(map(authorizer.get("Environment")).get("Variables"));
            assertThat(environment).containsKey(TokenConfig.PUBLIC_KEYS_VARIABLE)
                    .doesNotContainKey(TokenConfig.SIGNING_KEYS_VARIABLE);
            assertThat(String.valueOf(environment.get(TokenConfig.PUBLIC_KEYS_VARIABLE)))
                    .contains("AuthPublicKeysSecretArn");
            assertThat(String.valueOf(authorizer.get("Policies"))).contains("AuthPublicKeysSecretArn")
                    .doesNotContain("AuthKeysSecretArn");
            assertThat(String.valueOf(auth.get("Policies"))).contains("AuthKeysSecretArn");
        }

        @Test
        void aChangedSecretIsReadAgainWithinFiveMinutes() {
            String first = AuthKeys.newSecretJson();
            String second = AuthKeys.newSecretJson();
            AtomicReference<String> stored = new AtomicReference<>(first);
            AtomicInteger reads = new AtomicInteger();
            AuthKeys keys = AuthKeys.reloading(() -> {
                reads.incrementAndGet();
                return stored.get();
            }, kit.clock);
            String firstKid = keys.signingKey().getKeyID();

            stored.set(second);
            kit.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
            String beforeTtl = keys.signingKey().getKeyID();
            kit.clock.advance(Duration.ofSeconds(1));
            String afterTtl = keys.signingKey().getKeyID();

            assertThat(beforeTtl).isEqualTo(firstKid);
            assertThat(afterTtl).isEqualTo(AuthKeys.parse(second).signingKey().getKeyID()).isNotEqualTo(firstKid);
            assertThat(reads).hasValue(2);
        }

        @Test
        void aKeyDroppedFromTheAuthorizersSecretStopsVerifyingAfterTheRereadAndAFailedReadKeepsTheLastKeys() {
            String secret = AuthKeys.newSecretJson();
            UUID id = UUID.randomUUID();
            String token = new AccessTokens(AuthKeys.parse(secret), kit.tokenConfig, kit.clock).issue(id, id, "LIC",
                    Role.JUNIOR_AGENT, Optional.empty(), id);
            AtomicReference<String> stored = new AtomicReference<>(AuthKeys.publicKeysJson(secret));
            AccessTokens verifying = AccessTokens.verifying(PublicKeys.reloading(stored::get, kit.clock),
                    kit.tokenConfig, kit.clock);

            stored.set("{\"keys\": [");
            kit.clock.advance(AuthKeys.REREAD_AFTER);
            boolean afterFailedRead = verifying.verify(token) instanceof AccessTokens.Valid;
            stored.set(AuthKeys.publicKeysJson(AuthKeys.newSecretJson()));
            kit.clock.advance(ExpiringValue.RETRY);
            boolean afterDrop = verifying.verify(token) instanceof AccessTokens.Valid;

            assertThat(afterFailedRead).isTrue();
            assertThat(afterDrop).isFalse();
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Object value) {
            return (Map<String, Object>) value;
        }
    }

    @Nested
    class SessionLifetime {

        private Tokens refresh(Tokens tokens) {
            return kit.sessionService.refresh(new Bodies.Refresh(tokens.refreshToken(), null), SignInContext.none());
        }

        @Test
        void refreshingDoesNotKeepASessionAlivePastThirtyDaysFromSignIn() {
            Tokens tokens = kit.login(lic, username, AuthKit.PASSWORD);
            UUID session = kit.claims(tokens).sessionId();
            for (int week = 0; week < 4; week++) {
                kit.clock.advance(Duration.ofDays(7));
                tokens = refresh(tokens);
            }
            kit.clock.advance(Duration.ofDays(2));
            Tokens last = tokens;

            ApiProblem late = AuthKit.problem(() -> refresh(last));

            assertThat(late.status()).isEqualTo(401);
            assertThat(kit.db.ownerDsl(lic).selectCount().from(USER_SESSIONS)
                    .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(session)).and(USER_SESSIONS.REVOKED_AT.isNull())
                    .fetchOne(0, Integer.class)).isZero();
            assertThat(kit.db.ownerDsl(lic).selectDistinct(USER_SESSIONS.REVOKED_REASON).from(USER_SESSIONS)
                    .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(session)).and(USER_SESSIONS.ROTATED_AT.isNull())
                    .fetch(USER_SESSIONS.REVOKED_REASON)).containsExactly("expired");
        }

        @Test
        void everyRefreshTokenOfASessionExpiresByItsEnd() {
            Tokens tokens = kit.login(lic, username, AuthKit.PASSWORD);
            UUID session = kit.claims(tokens).sessionId();
            var signedInAt = kit.clock.instant();
            kit.clock.advance(Duration.ofDays(20));

            refresh(tokens);

            assertThat(kit.db.ownerDsl(lic).select(org.jooq.impl.DSL.max(USER_SESSIONS.EXPIRES_AT)).from(USER_SESSIONS)
                    .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(session)).fetchOne(0, java.time.Instant.class))
                    .isEqualTo(signedInAt.plus(Sessions.ABSOLUTE_LIFETIME));
        }
    }

    @Nested
    class PasswordHashes {

        @Test
        void newHashesUseAtLeastOwaspsArgon2idParameters() {
            String hash = new PasswordHasher().hash("a-test-password-1");

            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(PasswordHasher.needsRehash(hash)).isFalse();
        }

        @Test
        void aWeakerStoredHashIsReplacedAtTheNextSignIn() {
            String weak = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(AuthKit.PASSWORD);
            kit.db.ownerDsl(lic).update(USERS).set(USERS.PASSWORD_HASH, weak).where(USERS.USER_ID.eq(agent.userId()))
                    .execute();
            assertThat(PasswordHasher.needsRehash(weak)).isTrue();

            kit.login(lic, username, AuthKit.PASSWORD);

            String stored = kit.db.ownerDsl(lic).fetchValue(USERS.PASSWORD_HASH, USERS.USER_ID.eq(agent.userId()));
            assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(kit.claims(kit.login(lic, username, AuthKit.PASSWORD)).userId()).isEqualTo(agent.userId());
        }

        @Test
        void aWrongPasswordDoesNotRehash() {
            String weak = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(AuthKit.PASSWORD);
            kit.db.ownerDsl(lic).update(USERS).set(USERS.PASSWORD_HASH, weak).where(USERS.USER_ID.eq(agent.userId()))
                    .execute();

            AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));

            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.PASSWORD_HASH, USERS.USER_ID.eq(agent.userId())))
                    .isEqualTo(weak);
        }
    }
}
