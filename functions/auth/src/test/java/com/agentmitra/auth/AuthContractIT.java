package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every auth route, a success and an error each where the route has one, through the real handler: each request
 * and answer must be what openapi.yaml says (schemas closed, errors as problems), so the document cannot drift.
 * Callers are signed in through the route and given the claims the real authorizer hands API Gateway.
 */
class AuthContractIT {

    private static final InProcessAws aws = InProcessAws.shared();
    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static final AuthKit kit = new AuthKit();
    private static final String MISSING = "00000000-0000-4000-8000-00000000dead";
    private static InProcessFunction auth;
    private static InProcessFunction authorizer;

    @BeforeAll
    static void start() throws IOException {
        Path keys = Files.createTempDirectory("auth-keys").resolve("dev-auth-keys.json");
        Map<String, String> environment = new HashMap<>(kit.db.appEnvironment());
        environment.putAll(aws.environment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", aws.queue("whatsapp-outbound-auth-contract"));
        environment.put("DEV_AUTH_KEYS_FILE", keys.toString());
        environment.put("JWT_ISSUER", "agent-mitra-test");
        auth = InProcessFunction.start("AuthFunction", AuthFunctions.class.getName(), AuthFunctions.AUTH, environment);
        authorizer = InProcessFunction.start("AuthorizerFunction", AuthFunctions.class.getName(),
                AuthFunctions.AUTHORIZER, environment);
    }

    private static OpenApiContract.Call call(String method, String resource) {
        return contract.call(auth, method, resource);
    }

    /** A signed-in caller: the tokens the login route answered and the claims the authorizer derives from them. */
    private record SignedIn(OpenApiContract.Answer tokens, Map<String, Object> claims) {}

    private static SignedIn signIn(Tenant tenant, String identifier) {
        OpenApiContract.Answer tokens = call("POST", "/auth/login").body(Map.of("tenant", tenant.code(),
                "identifier", identifier, "password", AuthKit.PASSWORD,
                "device", Map.of("id", "contract-device", "platform", "web"))).expect(200);
        ObjectNode event = (ObjectNode) read(Events.json("auth/authorizer.json"));
        event.set("headers", Json.mapper().valueToTree(Map.of("Authorization", "Bearer " + tokens.text("accessToken"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = Json.mapper().convertValue(
                read(authorizer.invoke(event.toString())).path("context"), Map.class);
        return new SignedIn(tokens, claims);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignedIn agentSignedIn() {
        Fixtures.Agent agent = kit.agentWithPassword(kit.db.lic());
        return signIn(agent.tenant(), kit.usernameOf(agent.tenant(), agent.userId()));
    }

    private static SignedIn adminSignedIn() {
        Tenant lic = kit.db.lic();
        UUID admin = kit.staff(lic, Role.INSURANCE_PROVIDER_ADMIN);
        return signIn(lic, kit.usernameOf(lic, admin));
    }

    @Test
    void signingInRefreshingAndSigningOut() {
        SignedIn agent = agentSignedIn();

        call("POST", "/auth/refresh").body(Map.of("refreshToken", agent.tokens().text("refreshToken"))).expect(200);
        call("GET", "/auth/sessions").as(agent.claims()).expect(200);
        call("GET", "/.well-known/jwks.json").expect(200);
        call("POST", "/auth/logout").as(agent.claims()).expect(204);
    }

    @Test
    void signInErrorsAreProblems() {
        Fixtures.Agent agent = kit.agentWithPassword(kit.db.lic());
        String username = kit.usernameOf(agent.tenant(), agent.userId());

        call("POST", "/auth/login").body(Map.of("tenant", "LIC", "identifier", username, "password", "wrong-password"))
                .expect(401);
        call("POST", "/auth/login").body(Map.of("tenant", "LIC", "identifier", username)).breakingTheDocument()
                .expect(400);
        call("POST", "/auth/refresh").body(Map.of("refreshToken", "not-a-refresh-token")).expect(401);
        call("DELETE", "/auth/sessions/{id}").as(agentSignedIn().claims()).pathParameter("id", MISSING).expect(404);
    }

    @Test
    void whatsappCodes() {
        call("POST", "/auth/otp").body(Map.of("tenant", "LIC", "phone", Fixtures.anyPhone())).expect(202);
        call("POST", "/auth/otp").body(Map.of("tenant", "LIC", "phone", "12345")).expect(400);
        call("POST", "/auth/otp/verify").body(Map.of("tenant", "LIC", "phone", Fixtures.anyPhone(), "code", "123456"))
                .expect(401);
        call("POST", "/auth/otp/verify").body(Map.of("phone", "12345", "code", "abc")).breakingTheDocument()
                .expect(400);
    }

    @Test
    void passwords() {
        SignedIn agent = agentSignedIn();

        call("POST", "/auth/password/forgot").body(Map.of("tenant", "LIC", "identifier", "nobody@example.test"))
                .expect(202);
        call("POST", "/auth/password/forgot").body(Map.of("tenant", "LIC")).breakingTheDocument().expect(400);
        call("POST", "/auth/password/reset").body(Map.of("tenant", "LIC", "token", "not-a-reset-token",
                "newPassword", "another-test-password-2")).expect(400);
        call("POST", "/auth/password/change").as(agent.claims()).body(Map.of("currentPassword", "wrong-password",
                "newPassword", "another-test-password-2")).expect(400);
        call("POST", "/auth/password/change").as(agent.claims()).body(Map.of("currentPassword", AuthKit.PASSWORD,
                "newPassword", "another-test-password-2")).expect(204);
    }

    @Test
    void multiFactor() {
        SignedIn agent = agentSignedIn();
        Map<String, Object> password = Map.of("password", AuthKit.PASSWORD);

        call("POST", "/auth/mfa/setup").as(agent.claims()).body(Map.of()).breakingTheDocument().expect(400);
        call("POST", "/auth/mfa/disable").as(agent.claims()).body(password).expect(409);
        call("POST", "/auth/mfa/recovery-codes").as(agent.claims()).body(password).expect(409);
        String secret = call("POST", "/auth/mfa/setup").as(agent.claims()).body(password).expect(200).text("secret");
        call("POST", "/auth/mfa/enable").as(agent.claims()).body(Map.of("code", "000000")).expect(400);
        JsonNode enabled = call("POST", "/auth/mfa/enable").as(agent.claims())
                .body(Map.of("code", currentCode(secret))).expect(200).body();
        String recoveryCode = enabled.path("recoveryCodes").path(0).asText();
        call("POST", "/auth/mfa/setup").as(agent.claims()).body(password).expect(400);
        JsonNode fresh = call("POST", "/auth/mfa/recovery-codes").as(agent.claims())
                .body(Map.of("password", AuthKit.PASSWORD, "recoveryCode", recoveryCode)).expect(200).body();
        call("POST", "/auth/mfa/disable").as(agent.claims())
                .body(Map.of("password", AuthKit.PASSWORD, "recoveryCode", recoveryCode)).expect(400);
        call("POST", "/auth/mfa/disable").as(agent.claims())
                .body(Map.of("password", AuthKit.PASSWORD, "recoveryCode", fresh.path("recoveryCodes").path(0).asText()))
                .expect(200);
    }

    @Test
    void anAdministratorResetsAUsersSecondFactor() {
        SignedIn admin = adminSignedIn();
        Fixtures.Agent agent = kit.agentWithPassword(kit.db.lic());
        SignedIn user = signIn(agent.tenant(), kit.usernameOf(agent.tenant(), agent.userId()));
        String secret = call("POST", "/auth/mfa/setup").as(user.claims()).body(Map.of("password", AuthKit.PASSWORD))
                .expect(200).text("secret");
        call("POST", "/auth/mfa/enable").as(user.claims()).body(Map.of("code", currentCode(secret))).expect(200);

        call("POST", "/auth/users/{id}/mfa/reset").as(user.claims()).pathParameter("id", agent.userId().toString())
                .expect(403);
        call("POST", "/auth/users/{id}/mfa/reset").as(admin.claims()).pathParameter("id", MISSING).expect(404);
        call("POST", "/auth/users/{id}/mfa/reset").as(admin.claims()).pathParameter("id", agent.userId().toString())
                .expect(200);
        call("POST", "/auth/users/{id}/mfa/reset").as(admin.claims()).pathParameter("id", agent.userId().toString())
                .expect(409);
    }

    private static String currentCode(String secret) {
        return Totp.code(Base32.decode(secret), java.time.Instant.now(), 6, "HmacSHA1");
    }

    @Test
    void userAdministration() {
        SignedIn admin = adminSignedIn();
        String username = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> newUser = Map.of("username", username, "firstName", "Support", "role", "support_staff",
                "email", username + "@example.test");

        String id = call("POST", "/auth/users").as(admin.claims()).body(newUser).expect(201).text("userId");
        call("POST", "/auth/users").as(admin.claims()).body(newUser).expect(409);
        call("POST", "/auth/users").as(agentSignedIn().claims()).body(Map.of("username", "x" + username,
                "firstName", "Support", "role", "support_staff")).expect(403);
        call("PATCH", "/auth/users/{id}/role").as(admin.claims()).pathParameter("id", id)
                .body(Map.of("role", "insurance_provider_admin")).expect(200);
        call("PATCH", "/auth/users/{id}/role").as(admin.claims()).pathParameter("id", id)
                .body(Map.of("role", "regional_manager")).expect(400);
        call("PATCH", "/auth/users/{id}/role").as(admin.claims()).pathParameter("id", MISSING)
                .body(Map.of("role", "regional_manager")).expect(404);
        call("POST", "/auth/users/{id}/suspend").as(admin.claims()).pathParameter("id", id)
                .body(Map.of("reason", "left the agency")).expect(200);
        call("POST", "/auth/users/{id}/suspend").as(admin.claims()).pathParameter("id", MISSING)
                .body(Map.of("reason", "left the agency")).expect(404);
        call("POST", "/auth/users/{id}/reactivate").as(admin.claims()).pathParameter("id", id).expect(200);
        call("POST", "/auth/users/{id}/reactivate").as(admin.claims()).pathParameter("id", MISSING).expect(404);
    }
}
