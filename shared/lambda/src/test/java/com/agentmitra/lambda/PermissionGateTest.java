package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The route map and the gate's decisions that need no database (the database ones: functions/admin PermissionsIT). */
class PermissionGateTest {

    private static final Tenant LIC = new Tenant(UUID.randomUUID(), "LIC", "lic_schema");

    /** A gate without a database: any decision that would read one fails the test with a NullPointerException. */
    private final PermissionGate gate = new PermissionGate(null, Clock.systemUTC(), Duration.ofSeconds(60),
            RoutePermissions.get());

    private static Caller caller(Role role) {
        return Caller.user(LIC, UUID.randomUUID(), role);
    }

    @Test
    void theShippedMapNamesPermissionsForSignedInRoutesAndPublicForSignIn() {
        RoutePermissions routes = RoutePermissions.get();

        assertThat(routes.of("GET", "/policies/{id}")).contains("policy:read");
        assertThat(routes.of("get", "/policies/{id}")).contains("policy:read");
        assertThat(routes.of("POST", "/auth/login")).contains(RoutePermissions.PUBLIC);
        assertThat(routes.of("GET", "/auth/sessions")).contains(RoutePermissions.SELF);
        assertThat(routes.of("GET", "/policies/7d9f")).isEmpty();
        assertThat(routes.of("GET", null)).isEmpty();
    }

    @Test
    void aMalformedOrRepeatedLineIsRefusedAtLoad() {
        assertThatThrownBy(() -> parse("GET /a policy:read\nGET /a policy:read\n"))
                .hasMessageContaining("route listed twice");
        assertThatThrownBy(() -> parse("GET /a\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("FETCH /a policy:read\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("# comment\nGET /a Policy Read\n")).hasMessageContaining("line 2");
        assertThat(parse("# c\n\nGET /a/{id} policy:read\n").all()).containsEntry("GET /a/{id}", "policy:read");
    }

    @Test
    void selfRoutesAndSuperAdministratorsPassWithoutReadingTheDatabase() {
        gate.require(caller(Role.GUEST), "GET", "/auth/sessions");
        gate.require(caller(Role.SUPER_ADMIN), "PATCH", "/tenant/settings");
    }

    @Test
    void aRouteMissingFromTheMapIsRefusedWithTheUsual403() {
        assertThatThrownBy(() -> gate.require(caller(Role.SUPER_ADMIN), "GET", "/not-mapped"))
                .isInstanceOfSatisfying(ApiProblem.Forbidden.class, problem -> {
                    assertThat(problem.status()).isEqualTo(403);
                    assertThat(problem.type()).isEqualTo("/problems/forbidden");
                });
        assertThatThrownBy(() -> gate.require(caller(Role.JUNIOR_AGENT), "GET", null))
                .isInstanceOf(ApiProblem.Forbidden.class);
    }

    private static RoutePermissions parse(String text) {
        try {
            return RoutePermissions.parse(new BufferedReader(new StringReader(text)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
