package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Agents' and staff's password sign-in against PostgreSQL: identifiers, lockout, status, TOTP second factor. */
class PasswordSignInIT {

    private final AuthKit kit = new AuthKit();
    private final Tenant lic = kit.db.lic();
    private final Fixtures.Agent agent = kit.agentWithPassword(lic);
    private final String username = kit.usernameOf(lic, agent.userId());

    @Test
    void theRightPasswordSignsInWithTheAgentsClaims() {
        AccessClaims claims = kit.claims(kit.login(lic, username, AuthKit.PASSWORD));

        assertThat(claims.userId()).isEqualTo(agent.userId());
        assertThat(claims.role()).isEqualTo(Role.JUNIOR_AGENT);
        assertThat(claims.agentId()).contains(agent.agentId());
        assertThat(claims.tenantId()).isEqualTo(lic.id());
    }

    @Test
    void emailAndPhoneAlsoIdentifyTheAccountWhateverTheCase() {
        String email = username.toUpperCase() + "@EXAMPLE.TEST";
        String phone = kit.phoneOf(lic, agent.userId()).substring(3);

        assertThat(kit.claims(kit.login(lic, email, AuthKit.PASSWORD)).userId()).isEqualTo(agent.userId());
        assertThat(kit.claims(kit.login(lic, phone, AuthKit.PASSWORD)).userId()).isEqualTo(agent.userId());
    }

    @Test
    void aWrongPasswordAndAnUnknownIdentifierGetTheSameAnswer() {
        ApiProblem wrong = AuthKit.problem(() -> kit.login(lic, username, "not-the-password"));
        ApiProblem unknown = AuthKit.problem(() -> kit.login(lic, "nobody-here", "not-the-password"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.detail()).isEqualTo(unknown.detail());
    }

    @Test
    void anAccountOfAnotherTenantIsNotFound() {
        ApiProblem problem = AuthKit.problem(() -> kit.login(kit.db.hdfc(), username, AuthKit.PASSWORD));

        assertThat(problem.status()).isEqualTo(401);
    }

    @Nested
    class Lockout {

        @Test
        void fiveFailuresLockTheAccountForFifteenMinutesEvenForTheRightPassword() {
            for (int i = 0; i < 4; i++) {
                assertThat(AuthKit.problem(() -> kit.login(lic, username, "wrong-password")).status()).isEqualTo(401);
            }

            ApiProblem fifth = AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));
            ApiProblem right = AuthKit.problem(() -> kit.login(lic, username, AuthKit.PASSWORD));

            assertThat(fifth.status()).isEqualTo(429);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.headers().get("Retry-After")).isEqualTo("901");
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.LOCKED_UNTIL, USERS.USER_ID.eq(agent.userId())))
                    .isEqualTo(kit.clock.instant().plus(Duration.ofMinutes(15)));
        }

        @Test
        void theLockEndsAfterFifteenMinutes() {
            for (int i = 0; i < 5; i++) {
                AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));
            }

            kit.clock.advance(Duration.ofMinutes(15));

            assertThat(kit.claims(kit.login(lic, username, AuthKit.PASSWORD)).userId()).isEqualTo(agent.userId());
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.LOGIN_ATTEMPTS, USERS.USER_ID.eq(agent.userId())))
                    .isZero();
        }

        @Test
        void aSuccessfulSignInForgetsEarlierFailures() {
            for (int i = 0; i < 4; i++) {
                AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));
            }
            kit.login(lic, username, AuthKit.PASSWORD);

            ApiProblem afterwards = AuthKit.problem(() -> kit.login(lic, username, "wrong-password"));

            assertThat(afterwards.status()).isEqualTo(401);
        }
    }

    @Nested
    class Status {

        @Test
        void aSuspendedAccountIsToldSoWithTheRightPassword() {
            kit.setStatus(lic, agent.userId(), UserStatusEnum.suspended);

            ApiProblem problem = AuthKit.problem(() -> kit.login(lic, username, AuthKit.PASSWORD));

            assertThat(problem.status()).isEqualTo(403);
            assertThat(problem.detail()).contains("suspended");
        }

        @Test
        void aDeactivatedAccountIsToldSo() {
            kit.setStatus(lic, agent.userId(), UserStatusEnum.deactivated);

            ApiProblem problem = AuthKit.problem(() -> kit.login(lic, username, AuthKit.PASSWORD));

            assertThat(problem.status()).isEqualTo(403);
            assertThat(problem.detail()).contains("deactivated");
        }

        @Test
        void aSuspendedAccountTellsNothingToAWrongPassword() {
            kit.setStatus(lic, agent.userId(), UserStatusEnum.suspended);

            assertThat(AuthKit.problem(() -> kit.login(lic, username, "wrong-password")).status()).isEqualTo(401);
        }
    }

    @Nested
    class SecondFactor {

        private byte[] enrol() {
            Tokens tokens = kit.login(lic, username, AuthKit.PASSWORD);
            MfaEnrolment.Setup setup = kit.mfa.setup(kit.caller(tokens, lic), new Bodies.MfaConfirmation(AuthKit.PASSWORD, null, null));
            byte[] secret = Base32.decode(setup.secret());
            kit.mfa.enable(kit.caller(tokens, lic), new Bodies.MfaCode(Totp.code(secret, kit.clock.instant(), 6,
                    "HmacSHA1")));
            return secret;
        }

        private Tokens loginWith(String totp) {
            return kit.passwords.login(new Bodies.PasswordLogin("LIC", username, AuthKit.PASSWORD, totp, null, null),
                    SignInContext.none());
        }

        @Test
        void enrolmentStoresTheSecretEncryptedAndTurnsMfaOn() {
            byte[] secret = enrol();

            var row = kit.db.ownerDsl(lic).select(USERS.MFA_ENABLED, USERS.MFA_SECRET).from(USERS)
                    .where(USERS.USER_ID.eq(agent.userId())).fetchOne();
            assertThat(row.value1()).isTrue();
            assertThat(row.value2()).startsWith("v1:").doesNotContain(Base32.encode(secret));
        }

        @Test
        void withMfaOnThePasswordAloneAsksForTheCode() {
            enrol();

            ApiProblem problem = AuthKit.problem(() -> loginWith(null));

            assertThat(problem.status()).isEqualTo(401);
            assertThat(problem.type()).isEqualTo("/problems/mfa-required");
        }

        @Test
        void theCurrentCodeSignsIn() {
            byte[] secret = enrol();
            kit.clock.advance(Duration.ofSeconds(30));

            Tokens tokens = loginWith(Totp.code(secret, kit.clock.instant(), 6, "HmacSHA1"));

            assertThat(kit.claims(tokens).userId()).isEqualTo(agent.userId());
        }

        @Test
        void aCodeIsAcceptedOnceThenRefusedLikeAWrongOne() {
            byte[] secret = enrol();
            kit.clock.advance(Duration.ofSeconds(30));
            String code = Totp.code(secret, kit.clock.instant(), 6, "HmacSHA1");
            loginWith(code);

            ApiProblem replay = AuthKit.problem(() -> loginWith(code));

            assertThat(replay.status()).isEqualTo(401);
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.LOGIN_ATTEMPTS, USERS.USER_ID.eq(agent.userId())))
                    .isEqualTo(1);
            kit.clock.advance(Duration.ofSeconds(30));
            assertThat(kit.claims(loginWith(Totp.code(secret, kit.clock.instant(), 6, "HmacSHA1"))).userId())
                    .isEqualTo(agent.userId());
        }

        @Test
        void theCodeThatTurnedMfaOnCannotAlsoSignIn() {
            Tokens tokens = kit.login(lic, username, AuthKit.PASSWORD);
            byte[] secret = Base32.decode(kit.mfa.setup(kit.caller(tokens, lic), new Bodies.MfaConfirmation(AuthKit.PASSWORD, null, null)).secret());
            String code = Totp.code(secret, kit.clock.instant(), 6, "HmacSHA1");
            kit.mfa.enable(kit.caller(tokens, lic), new Bodies.MfaCode(code));

            assertThat(AuthKit.problem(() -> loginWith(code)).status()).isEqualTo(401);
        }

        @Test
        void aWrongCodeCountsAsAFailedSignIn() {
            byte[] secret = enrol();
            String wrong = Totp.code(secret, kit.clock.instant().plus(Duration.ofMinutes(10)), 6, "HmacSHA1");

            ApiProblem problem = AuthKit.problem(() -> loginWith(wrong));

            assertThat(problem.status()).isEqualTo(401);
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.LOGIN_ATTEMPTS, USERS.USER_ID.eq(agent.userId())))
                    .isEqualTo(1);
        }

        @Test
        void aWrongFirstCodeDoesNotTurnMfaOn() {
            Tokens tokens = kit.login(lic, username, AuthKit.PASSWORD);
            byte[] secret = Base32.decode(kit.mfa.setup(kit.caller(tokens, lic), new Bodies.MfaConfirmation(AuthKit.PASSWORD, null, null)).secret());
            String stale = Totp.code(secret, kit.clock.instant().minus(Duration.ofMinutes(5)), 6, "HmacSHA1");

            ApiProblem problem = AuthKit.problem(() -> kit.mfa.enable(kit.caller(tokens, lic), new Bodies.MfaCode(stale)));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.MFA_ENABLED, USERS.USER_ID.eq(agent.userId()))).isFalse();
        }
    }
}
