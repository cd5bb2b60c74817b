package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.LogCapture;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The auth function and the authorizer through the real Spring Cloud Function handler, on the sample events of
 * events/auth/, with the OTP delivered through the real SQS protocol (ElasticMQ): what Lambda and the local stack run.
 */
class AuthFunctionsIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final InProcessAws aws = InProcessAws.shared();
    private static final Fixtures fixtures = new Fixtures(db);
    private static String queueUrl;
    private static InProcessFunction auth;
    private static InProcessFunction authorizer;
    private static final List<String> secretsSeen = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        queueUrl = aws.queue("whatsapp-outbound-auth-it");
        Path keys = Files.createTempDirectory("auth-keys").resolve("dev-auth-keys.json");
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", queueUrl);
        environment.put("DEV_AUTH_KEYS_FILE", keys.toString());
        environment.put("JWT_ISSUER", "agent-mitra-test");
        auth = InProcessFunction.start("AuthFunction", AuthFunctions.class.getName(), AuthFunctions.AUTH, environment);
        authorizer = InProcessFunction.start("AuthorizerFunction", AuthFunctions.class.getName(),
                AuthFunctions.AUTHORIZER, environment);
    }

    private static JsonNode call(String event, Map<String, Object> body) {
        ObjectNode node = (ObjectNode) read(Events.json("auth/" + event));
        node.put("body", body == null ? null : Json.write(body));
        return read(auth.invoke(node.toString()));
    }

    private static JsonNode callAs(String event, Map<String, Object> claims) {
        ObjectNode node = (ObjectNode) read(Events.json("auth/" + event));
        ((ObjectNode) node.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return read(auth.invoke(node.toString()));
    }

    private static JsonNode body(JsonNode response) {
        return read(response.path("body").asText());
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The authorizer's answer for these headers; throws what Lambda would report. */
    private static JsonNode authorize(Map<String, String> headers) {
        ObjectNode event = (ObjectNode) read(Events.json("auth/authorizer.json"));
        event.set("headers", Json.mapper().valueToTree(headers));
        return read(authorizer.invoke(event.toString()));
    }

    private static WhatsappMessage lastMessageTo(String phone) {
        try (SqsClient sqs = aws.sqs()) {
            WhatsappMessage found = null;
            for (int round = 0; round < 5 && found == null; round++) {
                for (var message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages()) {
                    WhatsappMessage parsed = SqsWhatsappOutbox.parse(message.body());
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    if (parsed.recipient().equals(phone)) {
                        found = parsed;
                    }
                }
            }
            assertThat(found).as("a WhatsApp message to the customer").isNotNull();
            return found;
        }
    }

    private static JsonNode signInByOtp(String phone) {
        assertThat(call("request-otp.json", Map.of("tenant", "LIC", "phone", phone)).path("statusCode").asInt())
                .isEqualTo(202);
        String code = lastMessageTo(phone).template().parameters().getFirst();
        secretsSeen.add(code);
        JsonNode verified = call("verify-otp.json", Map.of("tenant", "LIC", "phone", phone, "code", code));
        assertThat(verified.path("statusCode").asInt()).isEqualTo(200);
        JsonNode tokens = body(verified);
        secretsSeen.add(tokens.path("accessToken").asText());
        secretsSeen.add(tokens.path("refreshToken").asText());
        return tokens;
    }

    private static String customerPhone() {
        String phone = Fixtures.anyPhone();
        fixtures.policyholder().of(fixtures.agent().create()).phone(phone).create();
        return phone;
    }

    @Test
    void aCustomerSignsInByWhatsappCodeAndTheAuthorizerLetsTheTokenThrough() {
        String phone = customerPhone();

        JsonNode tokens = signInByOtp(phone);
        JsonNode policy = authorize(Map.of("Authorization", "Bearer " + tokens.path("accessToken").asText()));

        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asInt()).isEqualTo(900);
        assertThat(policy.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(policy.path("policyDocument").path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("policyDocument").path("Statement").get(0).path("Action").asText())
                .isEqualTo("execute-api:Invoke");
        assertThat(policy.path("policyDocument").path("Statement").get(0).path("Resource").toString())
                .contains("arn:aws:execute-api:ap-south-1:000000000000:local/dev/GET/policies");
        Map<String, Object> context = Json.mapper().convertValue(policy.path("context"), Map.class);
        AuthorizerClaims claims = AuthorizerClaims.from(context).orElseThrow();
        assertThat(context).isEqualTo(claims.toContext());
        assertThat(claims.tenant()).isEqualTo("LIC");
        assertThat(claims.role().sqlName()).isEqualTo("policyholder");
        assertThat(policy.path("principalId").asText()).isEqualTo(claims.userId().toString());
    }

    @Test
    void theOtpMessageFollowsTheQueueFormat() {
        String phone = customerPhone();
        call("request-otp.json", Map.of("tenant", "LIC", "phone", phone));

        WhatsappMessage message = lastMessageTo(phone);

        assertThat(message.schemaVersion()).isEqualTo(1);
        assertThat(message.purpose()).isEqualTo("otp");
        assertThat(message.template().name()).isEqualTo("otp_login");
        assertThat(message.template().parameters()).singleElement().asString().matches("[0-9]{6}");
    }

    @Test
    void logoutThroughTheRouteEndsTheSessionForTheAuthorizer() {
        JsonNode tokens = signInByOtp(customerPhone());
        String bearer = "Bearer " + tokens.path("accessToken").asText();
        Map<String, Object> context = Json.mapper().convertValue(authorize(Map.of("Authorization", bearer))
                .path("context"), Map.class);

        JsonNode logout = callAs("logout.json", context);

        assertThat(logout.path("statusCode").asInt()).isEqualTo(204);
        assertThatThrownBy(() -> authorize(Map.of("Authorization", bearer))).hasMessage("Unauthorized");
    }

    @Test
    void theJwksPublishesThePublicKeyThatVerifiesTokens() {
        JsonNode response = call("jwks.json", null);

        JsonNode key = body(response).path("keys").get(0);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(key.path("kty").asText()).isEqualTo("EC");
        assertThat(key.path("crv").asText()).isEqualTo("P-256");
        assertThat(key.has("d")).isFalse();
    }

    @Test
    void badInputIsAProblemNamingEveryFieldNeverA500() {
        JsonNode response = call("verify-otp.json", Map.of("phone", "12345", "code", "abc"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("application/problem+json");
        assertThat(body(response).path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("tenant", "phone",
                "code");
    }

    @Test
    void protectedRoutesWithoutClaimsAnswer401() {
        JsonNode response = call("list-sessions.json", null);

        assertThat(response.path("statusCode").asInt()).isIn(401);
    }

    @Nested
    class AuthorizerDenies {

        private String validToken() {
            return signInByOtp(customerPhone()).path("accessToken").asText();
        }

        @Test
        void aMissingOrMalformedAuthorizationHeaderWithUnauthorized() {
            assertThatThrownBy(() -> authorize(Map.of())).hasMessage("Unauthorized");
            assertThatThrownBy(() -> authorize(Map.of("Authorization", "Basic dXNlcjpwYXNz"))).hasMessage("Unauthorized");
            assertThatThrownBy(() -> authorize(Map.of("Authorization", "Bearer not-a-token"))).hasMessage("Unauthorized");
        }

        @Test
        void aTokenOfARevokedSession() {
            String token = validToken();
            Map<String, Object> context = Json.mapper().convertValue(
                    authorize(Map.of("Authorization", "Bearer " + token)).path("context"), Map.class);

            callAs("revoke-session.json", context);
            db.ownerDsl(db.lic()).update(USER_SESSIONS).set(USER_SESSIONS.REVOKED_AT, java.time.Instant.now())
                    .set(USER_SESSIONS.REVOKED_REASON, "admin")
                    .where(USER_SESSIONS.TOKEN_FAMILY_ID.eq(java.util.UUID.fromString(
                            context.get("sessionId").toString()))).execute();

            assertThatThrownBy(() -> authorize(Map.of("Authorization", "Bearer " + token))).hasMessage("Unauthorized");
        }

        @Test
        void aLicTokenUsedAgainstAnHdfcResource() {
            String token = validToken();

            assertThatThrownBy(() -> authorize(Map.of("Authorization", "Bearer " + token, "X-Tenant", "HDFC_LIFE")))
                    .hasMessage("Unauthorized");
            assertThat(authorize(Map.of("Authorization", "Bearer " + token, "X-Tenant", "LIC"))
                    .path("context").path("tenant").asText()).isEqualTo("LIC");
        }
    }

    /**
     * Sign-ins through the real route are access events (tenant V202), in the sign-in's transaction: a success names the
     * person, a wrong password or code of an account is a failure without an actor, and a refused sign-in is no success.
     */
    @Nested
    class AccessEvents {

        private final Tenant lic = db.lic();

        /** The access events about one account, oldest first: event, user, role, request id, detail, as text. */
        private List<Map<String, Object>> eventsOf(java.util.UUID account) {
            return db.ownerDsl(lic).fetch("select event, user_id, user_role, request_id, detail::text as detail,"
                    + " access_events::text as whole from " + lic.schema() + ".access_events where entity = 'users'"
                    + " and entity_id = ? order by occurred_at, event", account.toString()).intoMaps();
        }

        private String passwordFor(Fixtures.Agent agent, String password) {
            db.ownerDsl(lic).update(USERS).set(USERS.PASSWORD_HASH, new PasswordHasher().hash(password))
                    .where(USERS.USER_ID.eq(agent.userId())).execute();
            return db.ownerDsl(lic).fetchValue(USERS.USERNAME, USERS.USER_ID.eq(agent.userId()));
        }

        @Test
        void aWrongThenTheRightPasswordAreAFailureAndASignInOfTheAccountWithNothingSecret() {
            Fixtures.Agent agent = fixtures.agent().create();
            String password = "access-event-test-password";
            String username = passwordFor(agent, password);

            assertThat(call("login.json", Map.of("tenant", "LIC", "identifier", username, "password", "wrong-" + password))
                    .path("statusCode").asInt()).isEqualTo(401);
            assertThat(eventsOf(agent.userId())).as("a refused sign-in is no sign-in").singleElement()
                    .satisfies(failed -> {
                        assertThat(failed.get("event")).isEqualTo("sign_in_failed");
                        assertThat(failed.get("user_id")).as("nobody proved who they are").isNull();
                        assertThat(failed.get("user_role")).isNull();
                        assertThat((String) failed.get("detail")).contains("\"wrong\": \"password\"");
                    });
            JsonNode login = call("login.json", Map.of("tenant", "LIC", "identifier", username, "password", password));
            assertThat(login.path("statusCode").asInt()).isEqualTo(200);

            List<Map<String, Object>> events = eventsOf(agent.userId());
            assertThat(events).extracting(e -> e.get("event")).containsExactly("sign_in_failed", "sign_in");
            Map<String, Object> signIn = events.get(1);
            assertThat(signIn.get("user_id")).isEqualTo(agent.userId());
            assertThat(signIn.get("user_role")).isEqualTo("junior_agent");
            assertThat((String) signIn.get("request_id")).isNotBlank();
            assertThat((String) signIn.get("detail")).contains("\"method\": \"password\"");
            JsonNode tokens = body(login);
            for (Map<String, Object> event : events) {
                assertThat((String) event.get("whole")).as("no identifier, password, address, agent or token")
                        .doesNotContain(username, password, "127.0.0.1", "curl",
                                tokens.path("accessToken").asText(), tokens.path("refreshToken").asText());
            }
            // copied into the audit trail with the person as actor, under the account's id
            assertThat(db.ownerDsl(lic).fetch("select changed_by from audit.audit_log where table_name = 'access_events'"
                    + " and record_id = ? order by id", agent.userId().toString()).getValues(0, String.class))
                    .containsExactly(null, agent.userId().toString());
        }

        @Test
        void aSuspendedAccountIsNoSignInAndAnUnknownIdentifierLeavesNothing() {
            Fixtures.Agent agent = fixtures.agent().create();
            String password = "access-event-suspended-password";
            String username = passwordFor(agent, password);
            db.ownerDsl(lic).update(USERS).set(USERS.STATUS,
                            com.agentmitra.data.jooq.shared.enums.UserStatusEnum.suspended)
                    .where(USERS.USER_ID.eq(agent.userId())).execute();
            String count = "select count(*) from " + lic.schema() + ".access_events";
            Object before = db.ownerDsl(lic).fetchValue(count);

            assertThat(call("login.json", Map.of("tenant", "LIC", "identifier", username, "password", password))
                    .path("statusCode").asInt()).isEqualTo(403);
            assertThat(call("login.json", Map.of("tenant", "LIC", "identifier", "nobody-" + username,
                    "password", password)).path("statusCode").asInt()).isEqualTo(401);

            assertThat(eventsOf(agent.userId())).isEmpty();
            assertThat(db.ownerDsl(lic).fetchValue(count)).isEqualTo(before);
        }

        @Test
        void aWhatsappCodeSignInIsTheCustomersAndAWrongCodeOfTheirLoginAFailure() {
            String phone = customerPhone();
            JsonNode first = signInByOtp(phone);
            java.util.UUID customer = java.util.UUID.fromString(authorize(Map.of("Authorization", "Bearer "
                    + first.path("accessToken").asText())).path("principalId").asText());
            // the next code may be asked for 30 s after the last
            db.ownerDsl(lic).execute("update " + lic.schema() + ".login_otps set created_at = created_at"
                    + " - interval '1 minute' where phone_number = ?", phone);

            assertThat(call("request-otp.json", Map.of("tenant", "LIC", "phone", phone)).path("statusCode").asInt())
                    .isEqualTo(202);
            String code = lastMessageTo(phone).template().parameters().getFirst();
            String wrong = code.substring(0, 5) + (code.charAt(5) == '0' ? "1" : "0");
            assertThat(call("verify-otp.json", Map.of("tenant", "LIC", "phone", phone, "code", wrong))
                    .path("statusCode").asInt()).isEqualTo(401);

            List<Map<String, Object>> events = eventsOf(customer);
            assertThat(events).extracting(e -> e.get("event")).containsExactly("sign_in", "sign_in_failed");
            for (int i = 0; i < 5; i++) {
                call("verify-otp.json", Map.of("tenant", "LIC", "phone", phone, "code", wrong));
            }
            assertThat(eventsOf(customer)).as("the code's 5 tries are 5 failures, a spent code's tries none")
                    .hasSize(1 + 5);
            assertThat(events.get(0).get("user_id")).isEqualTo(customer);
            assertThat(events.get(0).get("user_role")).isEqualTo("policyholder");
            assertThat((String) events.get(0).get("detail")).contains("whatsapp_code");
            for (Map<String, Object> event : events) {
                assertThat((String) event.get("whole")).doesNotContain(phone, phone.substring(3), code, wrong);
            }
        }
    }

    @Test
    void noCodePasswordTokenOrHashReachesTheLogs() {
        Tenant lic = db.lic();
        String password = "log-capture-test-password";
        Fixtures.Agent agent = fixtures.agent().create();
        String hash = new PasswordHasher().hash(password);
        db.ownerDsl(lic).update(USERS).set(USERS.PASSWORD_HASH, hash).where(USERS.USER_ID.eq(agent.userId())).execute();
        String username = db.ownerDsl(lic).fetchValue(USERS.USERNAME, USERS.USER_ID.eq(agent.userId()));
        List<String> secrets = new ArrayList<>(List.of(password, hash));

        try (LogCapture logs = LogCapture.start()) {
            JsonNode tokens = signInByOtp(customerPhone());
            call("login.json", Map.of("tenant", "LIC", "identifier", username, "password", "wrong-" + password));
            JsonNode login = body(call("login.json", Map.of("tenant", "LIC", "identifier", username,
                    "password", password)));
            JsonNode refreshed = body(call("refresh.json", Map.of("refreshToken", login.path("refreshToken").asText())));
            authorize(Map.of("Authorization", "Bearer " + refreshed.path("accessToken").asText()));
            call("refresh.json", Map.of("refreshToken", login.path("refreshToken").asText()));
            try {
                authorize(Map.of("Authorization", "Bearer " + refreshed.path("accessToken").asText()));
            } catch (RuntimeException expected) {
                // reuse revoked the session: denied
            }
            secrets.addAll(List.of(login.path("accessToken").asText(), login.path("refreshToken").asText(),
                    refreshed.path("accessToken").asText(), refreshed.path("refreshToken").asText(),
                    tokens.path("accessToken").asText()));
            secrets.addAll(secretsSeen);
            secrets.addAll(db.ownerDsl(lic).select(USER_SESSIONS.REFRESH_TOKEN_HASH).from(USER_SESSIONS)
                    .where(USER_SESSIONS.USER_ID.eq(agent.userId())).fetch(USER_SESSIONS.REFRESH_TOKEN_HASH));

            String text = logs.text();
            assertThat(text).as("the capture sees the module's logs").contains("Refresh token reused");
            for (String secret : secrets) {
                assertThat(text).as("log output").doesNotContain(secret);
                // a JWT's signature alone is as telling as the whole token
                if (secret.startsWith("eyJ")) {
                    assertThat(text).doesNotContain(secret.substring(secret.lastIndexOf('.') + 1));
                }
            }
        }
    }
}
