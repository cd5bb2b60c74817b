package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.PERMISSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.ROLES;
import static com.agentmitra.data.jooq.tenant.Tables.ROLE_PERMISSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_ROLES;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route authorization reads the permission model (issue 19), through the real handler against real PostgreSQL: the
 * function runs with a 2 s permission cache, so a grant or revocation takes effect 2 s later (60 s in AWS).
 */
class PermissionsIT {

    private static final TestDatabase db = TestDatabase.get();
    private static final Duration CACHE = Duration.ofSeconds(2);
    private static InProcessFunction api;

    private final AdminFixtures admin = new AdminFixtures(db);
    private Tenant lic;
    private AdminFixtures.Staff administrator;
    private Fixtures.Agent manager;
    private List<String> managerPermissionsBefore;

    @BeforeAll
    static void startFunction() {
        Map<String, String> environment = new HashMap<>(db.appEnvironment());
        environment.put("WHATSAPP_OUTBOUND_QUEUE_URL", "http://127.0.0.1:1/unused");
        environment.put("PERMISSIONS_CACHE_SECONDS", Long.toString(CACHE.toSeconds()));
        api = InProcessFunction.start("AdminFunction", AdminFunctions.class.getName(), "adminApi", environment);
    }

    @BeforeEach
    void people() {
        lic = db.lic();
        administrator = admin.admin(lic);
        manager = admin.fixtures.agent().regionalManager().territory("Perm-" + UUID.randomUUID()).create();
        managerPermissionsBefore = held(lic, "regional_manager");
    }

    @AfterEach
    void restoreTheManagersGrants() {
        List<String> now = held(lic, "regional_manager");
        if (!now.equals(managerPermissionsBefore)) {
            assertThat(put("regional_manager", managerPermissionsBefore).status()).isEqualTo(200);
        }
    }

    private AdminCall.Answer put(String role, List<String> permissions) {
        return AdminCall.to("PUT", "/roles/{role}/permissions").path("role", role)
                .body(Map.of("permissions", permissions)).as(administrator.claims()).send(api);
    }

    private AdminCall.Answer get(String role) {
        return AdminCall.to("GET", "/roles/{role}/permissions").path("role", role).as(administrator.claims())
                .send(api);
    }

    private AdminCall.Answer managerListsAgents() {
        return AdminCall.to("GET", "/agents").as(manager.claims()).send(api);
    }

    private static List<String> held(Tenant tenant, String role) {
        return db.ownerDsl(tenant).select(PERMISSIONS.PERMISSION_NAME).from(ROLE_PERMISSIONS)
                .join(ROLES).on(ROLES.ROLE_ID.eq(ROLE_PERMISSIONS.ROLE_ID))
                .join(PERMISSIONS).on(PERMISSIONS.PERMISSION_ID.eq(ROLE_PERMISSIONS.PERMISSION_ID))
                .where(ROLES.ROLE_NAME.eq(role)).orderBy(PERMISSIONS.PERMISSION_NAME)
                .fetch(PERMISSIONS.PERMISSION_NAME);
    }

    private static List<String> without(List<String> permissions, String removed) {
        List<String> rest = new ArrayList<>(permissions);
        rest.remove(removed);
        return rest;
    }

    /** Polls (every 100 ms, at most 3 cache periods) until {@code answer} has {@code status}; answers the last one. */
    private static AdminCall.Answer eventually(int status, Supplier<AdminCall.Answer> answer) throws InterruptedException {
        Instant deadline = Instant.now().plus(CACHE.multipliedBy(3));
        AdminCall.Answer last = answer.get();
        while (last.status() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = answer.get();
        }
        return last;
    }

    @Test
    void aRevokedPermissionTakesEffectAfterTheCacheAndGrantingItBackRestoresTheRoute() throws Exception {
        assertThat(managerPermissionsBefore).contains("agent:read");
        Instant read = Instant.now();
        assertThat(managerListsAgents().status()).isEqualTo(200);

        Instant revoked = Instant.now();
        AdminCall.Answer revoke = put("regional_manager", without(managerPermissionsBefore, "agent:read"));
        assertThat(revoke.status()).as(revoke.text()).isEqualTo(200);
        assertThat(revoke.body().path("permissions").toString()).doesNotContain("\"agent:read\"");
        assertThat(held(lic, "regional_manager")).doesNotContain("agent:read");

        // the manager's roles were read just before: until the cache runs out the route still answers
        AdminCall.Answer cached = managerListsAgents();
        if (Duration.between(revoked, Instant.now()).compareTo(CACHE) < 0) {
            assertThat(cached.status()).isEqualTo(200);
        }
        AdminCall.Answer refused = eventually(403, this::managerListsAgents);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("type").asText()).isEqualTo("/problems/forbidden");
        assertThat(refused.body().path("detail").asText()).contains("agent:read");
        // not before the manager's cached roles ran out, and within a few cache periods of the revocation
        assertThat(Duration.between(read, Instant.now())).isGreaterThanOrEqualTo(CACHE);
        assertThat(Duration.between(revoked, Instant.now())).isLessThan(CACHE.multipliedBy(3));

        assertThat(put("regional_manager", managerPermissionsBefore).status()).isEqualTo(200);
        assertThat(eventually(200, this::managerListsAgents).status()).isEqualTo(200);
    }

    @Test
    void aRoleFromUserRolesCountsUntilItExpires() throws Exception {
        Fixtures.Agent helped = admin.fixtures.agent().regionalManager().territory("Perm-" + UUID.randomUUID())
                .create();
        UUID adminRole = db.ownerDsl(lic).select(ROLES.ROLE_ID).from(ROLES)
                .where(ROLES.ROLE_NAME.eq(Role.INSURANCE_PROVIDER_ADMIN.sqlName())).fetchSingle(ROLES.ROLE_ID);
        UUID assignment = db.ownerDsl(lic).insertInto(USER_ROLES).set(USER_ROLES.USER_ID, helped.userId())
                .set(USER_ROLES.ROLE_ID, adminRole).set(USER_ROLES.EXPIRES_AT, Instant.now().plusSeconds(3600))
                .returning(USER_ROLES.ASSIGNMENT_ID).fetchOne(USER_ROLES.ASSIGNMENT_ID);

        assertThat(put("regional_manager", without(managerPermissionsBefore, "agent:read")).status()).isEqualTo(200);
        // a manager with only their own role loses the route; one who also holds the administrators' role keeps it
        assertThat(eventually(403, this::managerListsAgents).status()).isEqualTo(403);
        assertThat(AdminCall.to("GET", "/agents").as(helped.claims()).send(api).status()).isEqualTo(200);

        db.ownerDsl(lic).update(USER_ROLES).set(USER_ROLES.EXPIRES_AT, Instant.now().minusSeconds(1))
                .where(USER_ROLES.ASSIGNMENT_ID.eq(assignment)).execute();
        assertThat(eventually(403, () -> AdminCall.to("GET", "/agents").as(helped.claims()).send(api)).status())
                .isEqualTo(403);
    }

    @Test
    void aRolesPermissionsAreListedAndSuperAdminHoldsEveryOne() {
        AdminCall.Answer junior = get("junior_agent");
        assertThat(junior.status()).as(junior.text()).isEqualTo(200);
        assertThat(junior.body().path("role").asText()).isEqualTo("junior_agent");
        assertThat(junior.body().path("everyPermission").asBoolean()).isFalse();
        assertThat(junior.body().path("permissions").toString()).contains("\"policy:read\"", "\"callback:resolve\"")
                .doesNotContain("\"agent:read\"", "\"role:manage\"");

        AdminCall.Answer superAdmin = get("super_admin");
        assertThat(superAdmin.body().path("everyPermission").asBoolean()).isTrue();
        assertThat(superAdmin.body().path("permissions")).hasSize(
                db.ownerDsl(lic).fetchCount(PERMISSIONS));

        assertThat(get("no_such_role").status()).isEqualTo(404);
        assertThat(get("Not A Role").status()).isEqualTo(404);
    }

    @Test
    void aRefusedChangeChangesNothing() {
        List<String> before = held(lic, "junior_agent");

        AdminCall.Answer unknown = put("junior_agent", List.of("policy:read", "policy:obliterate"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("detail").asText()).contains("policy:obliterate");
        assertThat(put("no_such_role", List.of("policy:read")).status()).isEqualTo(404);
        AdminCall.Answer superAdmin = put("super_admin", List.of("policy:read"));
        assertThat(superAdmin.status()).isEqualTo(409);
        assertThat(superAdmin.body().path("detail").asText()).contains("*");
        AdminCall.Answer ownRole = put("insurance_provider_admin",
                without(held(lic, "insurance_provider_admin"), RoleGrants.MANAGE));
        assertThat(ownRole.status()).isEqualTo(409);
        assertThat(ownRole.body().path("detail").asText()).contains("role:manage");

        for (Object body : List.of("{not json", Map.of("permissions", "policy:read"), Map.of("permissions", List.of(7)),
                Map.of("permissions", List.of("policy:read"), "role", "junior_agent"),
                Map.of("permissions", java.util.Collections.nCopies(201, "policy:read")))) {
            AdminCall.Answer answer = AdminCall.to("PUT", "/roles/{role}/permissions").path("role", "junior_agent")
                    .body(body).as(administrator.claims()).send(api);
            assertThat(answer.status()).as(String.valueOf(body)).isEqualTo(400);
        }
        // nobody but an administrator (a regional manager does not hold role:manage)
        AdminCall.Answer byManager = AdminCall.to("PUT", "/roles/{role}/permissions").path("role", "junior_agent")
                .body(Map.of("permissions", List.of())).as(manager.claims()).send(api);
        assertThat(byManager.status()).isEqualTo(403);

        assertThat(held(lic, "junior_agent")).isEqualTo(before);
        assertThat(held(lic, "insurance_provider_admin")).contains(RoleGrants.MANAGE);
    }

    @Test
    void aChangeIsAuditedWithTheAdministratorAsTheActor() {
        List<String> before = held(lic, "guest");
        try {
            assertThat(put("guest", without(before, "profile:update")).status()).isEqualTo(200);

            AdminCall.Answer audit = AdminCall.to("GET", "/audit").query("entity", "role_permissions")
                    .query("actor", administrator.userId()).as(administrator.claims()).send(api);
            assertThat(audit.status()).as(audit.text()).isEqualTo(200);
            List<JsonNode> deletes = new ArrayList<>();
            audit.body().path("items").forEach(item -> {
                if (item.path("action").asText().equals("DELETE")) {
                    deletes.add(item);
                }
            });
            assertThat(deletes).hasSize(1);
            assertThat(deletes.getFirst().path("actorRole").asText()).isEqualTo("insurance_provider_admin");
        } finally {
            put("guest", before);
        }
        assertThat(held(lic, "guest")).isEqualTo(before);
    }

    @Test
    void anotherTenantsGrantsAreUntouched() throws Exception {
        Tenant hdfc = db.hdfc();
        List<String> hdfcBefore = held(hdfc, "regional_manager");

        assertThat(put("regional_manager", without(managerPermissionsBefore, "agent:read")).status()).isEqualTo(200);

        assertThat(held(hdfc, "regional_manager")).isEqualTo(hdfcBefore).contains("agent:read");
    }
}
