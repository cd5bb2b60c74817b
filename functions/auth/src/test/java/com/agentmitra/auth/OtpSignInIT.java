package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.LOGIN_OTPS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Fixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Customers' sign-in by WhatsApp code against PostgreSQL: the whole flow, expiry, wrong codes, resend limits. */
class OtpSignInIT {

    private final AuthKit kit = new AuthKit();
    private final Tenant lic = kit.db.lic();
    private final Fixtures.Agent agent = kit.fixtures.agent().create();

    private String customerPhone() {
        String phone = Fixtures.anyPhone();
        kit.fixtures.policyholder().of(agent).phone(phone).create();
        return phone;
    }

    private void ask(String phone) {
        kit.otp.request(new Bodies.OtpRequest("LIC", phone), Optional.of(kit.address));
    }

    private Tokens verify(String phone, String code) {
        return kit.otp.verify(new Bodies.OtpVerification("LIC", phone, code, null), SignInContext.none());
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Nested
    class KnownCustomer {

        @Test
        void getsTheCodeOnTheWhatsappQueueAndSignsInWithIt() {
            String phone = customerPhone();

            ask(phone);
            Tokens tokens = verify(phone, kit.outbox.lastCodeTo(phone));

            WhatsappMessage sent = kit.outbox.sent.getLast();
            assertThat(sent.purpose()).isEqualTo("otp");
            assertThat(sent.template().name()).isEqualTo("otp_login");
            assertThat(sent.template().language()).isEqualTo("en");
            assertThat(sent.idempotencyKey()).startsWith("otp:");
            assertThat(sent.tenant()).isEqualTo("LIC");
            AccessClaims claims = kit.claims(tokens);
            assertThat(claims.role()).isEqualTo(Role.POLICYHOLDER);
            assertThat(claims.tenant()).isEqualTo("LIC");
            assertThat(tokens.tokenType()).isEqualTo("Bearer");
            assertThat(tokens.expiresIn()).isEqualTo(900);
        }

        @Test
        void withoutALoginGetsOneLinkedToTheirCustomerRecordAtFirstSignIn() {
            String phone = customerPhone();

            ask(phone);
            AccessClaims claims = kit.claims(verify(phone, kit.outbox.lastCodeTo(phone)));

            var dsl = kit.db.ownerDsl(lic);
            assertThat(dsl.fetchValue(POLICYHOLDERS.USER_ID, POLICYHOLDERS.PHONE_NUMBER.eq(phone)))
                    .isEqualTo(claims.userId());
            assertThat(dsl.fetchValue(USERS.PHONE_VERIFIED, USERS.USER_ID.eq(claims.userId()))).isTrue();
            assertThat(dsl.fetchValue(USERS.PASSWORD_HASH, USERS.USER_ID.eq(claims.userId()))).isNull();
        }

        @Test
        void aSecondSignInUsesTheSameLogin() {
            String phone = customerPhone();
            ask(phone);
            UUID first = kit.claims(verify(phone, kit.outbox.lastCodeTo(phone))).userId();
            kit.clock.advance(Duration.ofSeconds(31));

            ask(phone);
            UUID second = kit.claims(verify(phone, kit.outbox.lastCodeTo(phone))).userId();

            assertThat(second).isEqualTo(first);
        }

        @Test
        void theCodeIsStoredOnlyAsAKeyedHash() {
            String phone = customerPhone();

            ask(phone);

            String code = kit.outbox.lastCodeTo(phone);
            String stored = kit.db.ownerDsl(lic).fetchValue(LOGIN_OTPS.CODE_HASH, LOGIN_OTPS.PHONE_NUMBER.eq(phone));
            assertThat(stored).doesNotContain(code).hasSize(64).isNotEqualTo(Secrets.sha256(code));
        }

        @Test
        void aCodeWorksOnlyOnce() {
            String phone = customerPhone();
            ask(phone);
            String code = kit.outbox.lastCodeTo(phone);
            verify(phone, code);

            ApiProblem again = AuthKit.problem(() -> verify(phone, code));

            assertThat(again.status()).isEqualTo(401);
        }

        @Test
        void aWrongCodeIsRefusedAndSaysHowManyTriesAreLeft() {
            String phone = customerPhone();
            ask(phone);

            ApiProblem problem = AuthKit.problem(() -> verify(phone, wrong(kit.outbox.lastCodeTo(phone))));

            assertThat(problem.status()).isEqualTo(401);
            assertThat(problem.detail()).contains("4 tries left");
        }

        @Test
        void fiveWrongCodesLockTheCodeEvenForTheRightOne() {
            String phone = customerPhone();
            ask(phone);
            String code = kit.outbox.lastCodeTo(phone);
            for (int i = 0; i < 4; i++) {
                AuthKit.problem(() -> verify(phone, wrong(code)));
            }

            ApiProblem fifth = AuthKit.problem(() -> verify(phone, wrong(code)));
            ApiProblem right = AuthKit.problem(() -> verify(phone, code));

            assertThat(fifth.detail()).contains("too many wrong codes");
            assertThat(right.status()).isEqualTo(401);
            assertThat(right.detail()).contains("too many wrong codes");
            assertThat(kit.db.ownerDsl(lic).fetchValue(LOGIN_OTPS.ATTEMPTS, LOGIN_OTPS.PHONE_NUMBER.eq(phone)))
                    .isEqualTo(5);
        }

        @Test
        void aCodeExpiresAfterFiveMinutes() {
            String phone = customerPhone();
            ask(phone);
            String code = kit.outbox.lastCodeTo(phone);

            kit.clock.advance(Duration.ofMinutes(5));
            ApiProblem problem = AuthKit.problem(() -> verify(phone, code));

            assertThat(problem.status()).isEqualTo(401);
            assertThat(problem.detail()).contains("expired");
        }

        @Test
        void aNewCodeReplacesTheOldOne() {
            String phone = customerPhone();
            ask(phone);
            String old = kit.outbox.lastCodeTo(phone);
            kit.clock.advance(Duration.ofSeconds(31));
            ask(phone);
            String fresh = kit.outbox.lastCodeTo(phone);

            if (!old.equals(fresh)) {
                assertThat(AuthKit.problem(() -> verify(phone, old)).status()).isEqualTo(401);
            }
            assertThat(kit.claims(verify(phone, fresh)).role()).isEqualTo(Role.POLICYHOLDER);
        }

        @Test
        void aSuspendedCustomerIsToldSoAfterTheRightCode() {
            String phone = customerPhone();
            ask(phone);
            UUID userId = kit.claims(verify(phone, kit.outbox.lastCodeTo(phone))).userId();
            kit.setStatus(lic, userId, com.agentmitra.data.jooq.shared.enums.UserStatusEnum.suspended);
            kit.clock.advance(Duration.ofSeconds(31));
            ask(phone);

            ApiProblem problem = AuthKit.problem(() -> verify(phone, kit.outbox.lastCodeTo(phone)));

            assertThat(problem.status()).isEqualTo(403);
            assertThat(problem.detail()).contains("suspended");
        }
    }

    @Nested
    class InTheCustomersLanguage {

        private String customerPreferring(String language) {
            String phone = customerPhone();
            kit.customerPrefers(lic, phone, language);
            return phone;
        }

        @Test
        void aHindiCustomerWithoutALoginGetsTheCodeInHindi() {
            String phone = customerPreferring("hi");

            ask(phone);

            assertThat(kit.outbox.lastTo(phone).template().language()).isEqualTo("hi");
            assertThat(kit.outbox.lastTo(phone).template().name()).isEqualTo("otp_login");
        }

        @Test
        void theLoginMadeAtFirstSignInKeepsTheirLanguageAndTheNextCodeIsHindiToo() {
            String phone = customerPreferring("hi");
            ask(phone);
            UUID userId = kit.claims(verify(phone, kit.outbox.lastCodeTo(phone))).userId();
            kit.clock.advance(Duration.ofSeconds(31));

            ask(phone);

            assertThat(kit.db.ownerDsl(lic).fetchValue(USERS.LANGUAGE_PREFERENCE, USERS.USER_ID.eq(userId)))
                    .isEqualTo("hi");
            assertThat(kit.outbox.sent.stream().filter(m -> m.recipient().equals(phone))
                    .map(m -> m.template().language())).containsExactly("hi", "hi");
        }

        @Test
        void aCustomerWithALoginGetsTheLanguageTheirRecordSaysNow() {
            String phone = customerPhone();
            ask(phone);
            verify(phone, kit.outbox.lastCodeTo(phone));
            kit.customerPrefers(lic, phone, "mr");
            kit.clock.advance(Duration.ofSeconds(31));

            ask(phone);

            assertThat(kit.outbox.lastTo(phone).template().language()).isEqualTo("mr");
        }
    }

    @Nested
    class ResendLimits {

        @Test
        void oneCodePerPhoneEveryThirtySeconds() {
            String phone = customerPhone();
            ask(phone);

            kit.clock.advance(Duration.ofSeconds(10));
            ApiProblem tooSoon = AuthKit.problem(() -> ask(phone));
            kit.clock.advance(Duration.ofSeconds(21));
            ask(phone);

            assertThat(tooSoon.status()).isEqualTo(429);
            assertThat(tooSoon.headers().get("Retry-After")).isEqualTo("21");
            assertThat(kit.outbox.countTo(phone)).isEqualTo(2);
        }

        @Test
        void fiveCodesPerPhonePerHour() {
            String phone = customerPhone();
            for (int i = 0; i < 5; i++) {
                ask(phone);
                kit.clock.advance(Duration.ofSeconds(31));
            }

            ApiProblem sixth = AuthKit.problem(() -> ask(phone));
            kit.clock.advance(Duration.ofMinutes(58));
            ask(phone);

            assertThat(sixth.status()).isEqualTo(429);
            assertThat(Long.parseLong(sixth.headers().get("Retry-After"))).isGreaterThan(3000);
            assertThat(kit.outbox.countTo(phone)).isEqualTo(6);
        }

        @Test
        void aSourceAddressHasAnHourlyLimitAcrossPhones() {
            OtpSignIn strict = new OtpSignIn(kit.db.database(), kit.tenants, kit.repository, kit.keys, kit.sessions,
                    kit.outbox, new OtpPolicy(3), kit.clock);
            String address = "198.51.100." + (1 + new java.util.Random().nextInt(250));
            for (int i = 0; i < 3; i++) {
                strict.request(new Bodies.OtpRequest("LIC", customerPhone()), Optional.of(address));
            }

            ApiProblem fourth = AuthKit.problem(() -> strict.request(new Bodies.OtpRequest("LIC", customerPhone()),
                    Optional.of(address)));

            assertThat(fourth.status()).isEqualTo(429);
        }
    }

    @Nested
    class UnknownPhone {

        @Test
        void getsTheSameAnswerAndNothingIsSent() {
            String known = customerPhone();
            String unknown = Fixtures.anyPhone();

            OtpSignIn.Requested forKnown = kit.otp.request(new Bodies.OtpRequest("LIC", known), Optional.empty());
            OtpSignIn.Requested forUnknown = kit.otp.request(new Bodies.OtpRequest("LIC", unknown), Optional.empty());

            assertThat(forUnknown).isEqualTo(forKnown);
            assertThat(kit.outbox.countTo(unknown)).isZero();
        }

        @Test
        void isRateLimitedLikeAKnownOne() {
            String unknown = Fixtures.anyPhone();
            ask(unknown);

            assertThat(AuthKit.problem(() -> ask(unknown)).status()).isEqualTo(429);
        }

        @Test
        void cannotSignIn() {
            String unknown = Fixtures.anyPhone();
            ask(unknown);

            assertThat(AuthKit.problem(() -> verify(unknown, "123456")).status()).isEqualTo(401);
        }

        @Test
        void anAgentsPhoneGetsNoCode() {
            String agentPhone = kit.phoneOf(lic, agent.userId());

            ask(agentPhone);

            assertThat(kit.outbox.countTo(agentPhone)).isZero();
        }
    }

    @Test
    void badInputNamesEveryField() {
        ApiProblem problem = AuthKit.problem(() -> new Bodies.OtpVerification(null, "12345", "12ab", null));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(e -> e.field()).containsExactlyInAnyOrder("tenant", "phone", "code");
    }

    @Test
    void anUnknownTenantIsAFieldError() {
        ApiProblem problem = AuthKit.problem(() -> kit.otp.request(new Bodies.OtpRequest("NOPE", "+919000000001"),
                Optional.empty()));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(e -> e.field()).containsExactly("tenant");
    }
}
