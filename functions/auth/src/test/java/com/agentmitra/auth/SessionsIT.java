package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Sessions after sign-in against PostgreSQL: rotation, reuse detection, logout, devices, password reset. */
class SessionsIT {

    private final AuthKit kit = new AuthKit();
    private final Tenant lic = kit.db.lic();
    private final Fixtures.Agent agent = kit.agentWithPassword(lic);
    private final String username = kit.usernameOf(lic, agent.userId());

    private Tokens signIn() {
        return kit.login(lic, username, AuthKit.PASSWORD);
    }

    private Tokens refresh(Tokens tokens) {
        return kit.sessionService.refresh(new Bodies.Refresh(tokens.refreshToken(), null), SignInContext.none());
    }

    @Nested
    class Refresh {

        @Test
        void rotatesTheRefreshTokenAndKeepsTheSession() {
            Tokens first = signIn();

            Tokens second = refresh(first);

            assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken()).startsWith("LIC.");
            assertThat(kit.claims(second).sessionId()).isEqualTo(kit.claims(first).sessionId());
            assertThat(kit.allows(second.accessToken())).isTrue();
            assertThat(kit.db.ownerDsl(lic).fetchCount(USER_SESSIONS,
                    USER_SESSIONS.TOKEN_FAMILY_ID.eq(kit.claims(first).sessionId()))).isEqualTo(2);
        }

        @Test
        void storesOnlyAHashOfTheRefreshToken() {
            Tokens tokens = signIn();

            assertThat(kit.db.ownerDsl(lic).fetchExists(USER_SESSIONS,
                    USER_SESSIONS.REFRESH_TOKEN_HASH.eq(Secrets.sha256(tokens.refreshToken())))).isTrue();
            assertThat(kit.db.ownerDsl(lic).fetchExists(USER_SESSIONS,
                    USER_SESSIONS.REFRESH_TOKEN_HASH.eq(tokens.refreshToken()))).isFalse();
        }

        @Test
        void reusingAnExchangedTokenRevokesTheWholeSession() {
            Tokens first = signIn();
            Tokens second = refresh(first);

            ApiProblem reuse = AuthKit.problem(() -> refresh(first));

            assertThat(reuse.status()).isEqualTo(401);
            assertThat(AuthKit.problem(() -> refresh(second)).status()).isEqualTo(401);
            assertThat(kit.allows(second.accessToken())).isFalse();
            assertThat(kit.db.ownerDsl(lic).select(USER_SESSIONS.REVOKED_REASON).from(USER_SESSIONS)
                    .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(kit.claims(first).sessionId()))
                    .fetch(USER_SESSIONS.REVOKED_REASON)).containsOnly("reuse_detected");
        }

        @Test
        void reuseOnOneDeviceLeavesTheOthersSignedIn() {
            Tokens phone = signIn();
            Tokens laptop = signIn();
            refresh(phone);

            AuthKit.problem(() -> refresh(phone));

            assertThat(kit.allows(laptop.accessToken())).isTrue();
        }

        @Test
        void anExpiredRefreshTokenIsRefused() {
            Tokens tokens = signIn();

            kit.clock.advance(Duration.ofDays(30));

            assertThat(AuthKit.problem(() -> refresh(tokens)).status()).isEqualTo(401);
        }

        @Test
        void garbageAndOtherTenantsTokensAreRefused() {
            Tokens tokens = signIn();

            assertThat(AuthKit.problem(() -> kit.sessionService.refresh(new Bodies.Refresh("garbage", null),
                    SignInContext.none())).status()).isEqualTo(401);
            assertThat(AuthKit.problem(() -> kit.sessionService.refresh(new Bodies.Refresh(
                    tokens.refreshToken().replace("LIC.", "HDFC_LIFE."), null), SignInContext.none())).status())
                    .isEqualTo(401);
        }
    }

    @Nested
    class Logout {

        @Test
        void endsTheSessionForTheAccessAndTheRefreshToken() {
            Tokens tokens = signIn();

            kit.sessionService.logout(kit.caller(tokens, lic), kit.claims(tokens).sessionId());

            assertThat(kit.allows(tokens.accessToken())).isFalse();
            assertThat(AuthKit.problem(() -> refresh(tokens)).status()).isEqualTo(401);
        }

        @Test
        void listsOwnDevicesAndSignsOneOut() {
            Bodies.Device device = new Bodies.Device("d-1", "Test phone", "android", "1.0.0");
            Tokens phone = kit.passwords.login(new Bodies.PasswordLogin("LIC", username, AuthKit.PASSWORD, null, null, device),
                    new SignInContext(Optional.of(device), Optional.of(kit.address), Optional.of("AgentMitra/1.0")));
            Tokens laptop = signIn();

            var sessions = kit.sessionService.list(kit.caller(laptop, lic), kit.claims(laptop).sessionId());
            kit.sessionService.revoke(kit.caller(laptop, lic), kit.claims(phone).sessionId());

            assertThat(sessions).hasSize(2);
            assertThat(sessions).filteredOn(AuthRepository.SessionView::current).hasSize(1)
                    .allSatisfy(s -> assertThat(s.id()).isEqualTo(kit.claims(laptop).sessionId()));
            assertThat(sessions).anySatisfy(s -> assertThat(s.device().map(Object::toString).orElse(""))
                    .contains("android"));
            assertThat(kit.allows(phone.accessToken())).isFalse();
            assertThat(kit.allows(laptop.accessToken())).isTrue();
        }

        @Test
        void anotherUsersSessionIsNotFound() {
            Tokens mine = signIn();
            Fixtures.Agent other = kit.agentWithPassword(lic);
            Tokens theirs = kit.login(lic, kit.usernameOf(lic, other.userId()), AuthKit.PASSWORD);

            ApiProblem problem = AuthKit.problem(() -> kit.sessionService.revoke(kit.caller(mine, lic),
                    kit.claims(theirs).sessionId()));

            assertThat(problem.status()).isEqualTo(404);
            assertThat(kit.allows(theirs.accessToken())).isTrue();
        }
    }

    @Nested
    class PasswordReset {

        private String requestReset() {
            kit.reset.forgot(new Bodies.ForgotPassword("LIC", username));
            return kit.outbox.lastCodeTo(kit.phoneOf(lic, agent.userId()));
        }

        @Test
        void aResetCodeOnWhatsappSetsANewPasswordAndEndsEverySession() {
            Tokens before = signIn();
            String token = requestReset();

            kit.reset.reset(new Bodies.ResetPassword("LIC", token, "a-new-test-password"));

            assertThat(kit.outbox.sent.getLast().template().name()).isEqualTo("password_reset");
            assertThat(kit.outbox.sent.getLast().template().language()).isEqualTo("en");
            assertThat(kit.allows(before.accessToken())).isFalse();
            assertThat(AuthKit.problem(() -> signIn()).status()).isEqualTo(401);
            assertThat(kit.claims(kit.login(lic, username, "a-new-test-password")).userId()).isEqualTo(agent.userId());
        }

        @Test
        void aHindiPreferringAgentGetsTheResetCodeInHindi() {
            kit.userPrefers(lic, agent.userId(), "hi");

            String token = requestReset();

            WhatsappMessage sent = kit.outbox.lastTo(kit.phoneOf(lic, agent.userId()));
            assertThat(sent.template().name()).isEqualTo("password_reset");
            assertThat(sent.template().language()).isEqualTo("hi");
            assertThat(sent.template().parameters()).containsExactly(token);
        }

        @Test
        void aResetCodeWorksOnce() {
            String token = requestReset();
            kit.reset.reset(new Bodies.ResetPassword("LIC", token, "a-new-test-password"));

            ApiProblem again = AuthKit.problem(() -> kit.reset.reset(
                    new Bodies.ResetPassword("LIC", token, "another-test-password")));

            assertThat(again.status()).isEqualTo(400);
            assertThat(again.errors()).extracting(e -> e.field()).containsExactly("token");
        }

        @Test
        void aResetCodeExpiresAfterThirtyMinutes() {
            String token = requestReset();

            kit.clock.advance(Duration.ofMinutes(30));

            assertThat(AuthKit.problem(() -> kit.reset.reset(
                    new Bodies.ResetPassword("LIC", token, "a-new-test-password"))).status()).isEqualTo(400);
        }

        @Test
        void anUnknownAccountGetsTheSameAnswerAndNothingIsSent() {
            int before = kit.outbox.sent.size();

            var answer = kit.reset.forgot(new Bodies.ForgotPassword("LIC", "nobody-at-all"));

            assertThat(answer).isEqualTo(kit.reset.forgot(new Bodies.ForgotPassword("LIC", username)));
            assertThat(kit.outbox.sent).hasSize(before + 1);
        }

        @Test
        void aShortNewPasswordIsAFieldError() {
            ApiProblem problem = AuthKit.problem(() -> new Bodies.ResetPassword("LIC", "x", "short"));

            assertThat(problem.errors()).extracting(e -> e.field()).containsExactly("newPassword");
        }

        @Test
        void changingThePasswordSignsOutOtherDevicesOnly() {
            Tokens here = signIn();
            Tokens elsewhere = signIn();

            kit.reset.change(kit.caller(here, lic), kit.claims(here).sessionId(),
                    new Bodies.ChangePassword(AuthKit.PASSWORD, "a-new-test-password"));

            assertThat(kit.allows(here.accessToken())).isTrue();
            assertThat(kit.allows(elsewhere.accessToken())).isFalse();
            assertThat(Optional.of(kit.login(lic, username, "a-new-test-password"))).isPresent();
        }
    }
}
