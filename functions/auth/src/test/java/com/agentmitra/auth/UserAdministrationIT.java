package com.agentmitra.auth;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.FieldError;
import com.agentmitra.testing.Fixtures;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Administrators manage agent and staff logins against PostgreSQL: who may create whom and where in the hierarchy,
 * role changes and suspensions that end the user's sessions, and the audit trail naming the administrator.
 */
class UserAdministrationIT {

    private static final String INITIAL_PASSWORD = "initial-test-password";

    private final AuthKit kit = new AuthKit();
    private final Tenant lic = kit.db.lic();

    /** A signed-in caller for an existing login with {@link AuthKit#PASSWORD}. */
    private Caller signedIn(UUID userId) {
        return kit.caller(kit.login(lic, kit.usernameOf(lic, userId), AuthKit.PASSWORD), lic);
    }

    private Caller providerAdmin() {
        return signedIn(kit.staff(lic, Role.INSURANCE_PROVIDER_ADMIN));
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static NewUser newAgent(String role, UUID parentAgentId) {
        String username = unique("new.agent.");
        return new NewUser(username, username + "@example.test", Fixtures.anyPhone(), "Test", "Agent", role,
                INITIAL_PASSWORD, unique("AG-"), parentAgentId, "Pune");
    }

    private static NewUser newStaff(String role) {
        String username = unique("new.staff.");
        return new NewUser(username, username + "@example.test", null, "Test", "Staff", role, INITIAL_PASSWORD,
                null, null, null);
    }

    private Tokens loginAs(String username, String password) {
        return kit.login(lic, username, password);
    }

    private Fixtures.Agent agentWithPassword() {
        return kit.agentWithPassword(lic);
    }

    /** The audit rows of one user written by {@code by}, oldest first, as "action role status". */
    private List<String> auditOf(UUID userId, UUID by) {
        return kit.db.ownerDsl(lic).resultQuery("""
                        select action || ' ' || (new_values->>'role') || ' ' || (new_values->>'status')
                          from audit.audit_log
                         where table_name = 'users' and record_id = ? and changed_by = ?
                         order by id""", userId.toString(), by)
                .fetch(0, String.class);
    }

    @Nested
    class ProviderAdmin {

        private final Caller admin = providerAdmin();

        @Test
        void createsAnAgentWithItsAgentsRowAndHierarchyParent() {
            Fixtures.Agent parent = kit.fixtures.agent().senior().create();
            NewUser user = newAgent("junior_agent", parent.agentId());

            UserAdministration.UserView created = kit.users.create(admin, user);

            assertThat(created.role()).isEqualTo("junior_agent");
            assertThat(created.status()).isEqualTo("active");
            assertThat(created.agentId()).isPresent();
            var agent = kit.db.ownerDsl(lic).selectFrom(AGENTS).where(AGENTS.AGENT_ID.eq(created.agentId().get()))
                    .fetchOne();
            assertThat(agent.getUserId()).isEqualTo(created.userId());
            assertThat(agent.getParentAgentId()).isEqualTo(parent.agentId());
            assertThat(agent.getAgentCode()).isEqualTo(user.agentCode());
            assertThat(agent.getTerritory()).isEqualTo("Pune");
            var row = kit.db.ownerDsl(lic).selectFrom(USERS).where(USERS.USER_ID.eq(created.userId())).fetchOne();
            assertThat(row.getUsername()).isEqualTo(user.username());
            assertThat(row.getPhoneNumber()).isEqualTo(user.phone());
            assertThat(row.getCreatedBy()).isEqualTo(admin.requireUserId());
            assertThat(row.getPasswordHash()).startsWith("$argon2id$").doesNotContain(INITIAL_PASSWORD);
        }

        @Test
        void createsAStaffUserWithoutAnAgentsRow() {
            UserAdministration.UserView created = kit.users.create(admin, newStaff("support_staff"));

            assertThat(created.role()).isEqualTo("support_staff");
            assertThat(created.agentId()).isEmpty();
            assertThat(kit.db.ownerDsl(lic).fetchExists(AGENTS, AGENTS.USER_ID.eq(created.userId()))).isFalse();
        }

        @Test
        void theNewAgentSignsInWithTheInitialPassword() {
            NewUser user = newAgent("senior_agent", null);
            UserAdministration.UserView created = kit.users.create(admin, user);

            AccessClaims claims = kit.claims(loginAs(user.username(), INITIAL_PASSWORD));

            assertThat(claims.userId()).isEqualTo(created.userId());
            assertThat(claims.role()).isEqualTo(Role.SENIOR_AGENT);
            assertThat(claims.agentId()).isEqualTo(created.agentId());
        }

        @Test
        void aParentThatIsNoAgentOfTheTenantIsAFieldError() {
            ApiProblem problem = AuthKit.problem(() -> kit.users.create(admin, newAgent("junior_agent",
                    UUID.randomUUID())));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(FieldError::field).containsExactly("parentAgentId");
        }

        @Test
        void aUsernameEmailOrPhoneAlreadyTakenIsAConflict() {
            Fixtures.Agent existing = kit.fixtures.agent().create();
            String username = kit.usernameOf(lic, existing.userId());
            String phone = kit.phoneOf(lic, existing.userId());
            NewUser fresh = newAgent("junior_agent", null);

            ApiProblem sameUsername = AuthKit.problem(() -> kit.users.create(admin, new NewUser(
                    username.toUpperCase(), fresh.email(), fresh.phone(), "Test", null, "junior_agent", null,
                    unique("AG-"), null, null)));
            ApiProblem sameEmail = AuthKit.problem(() -> kit.users.create(admin, new NewUser(fresh.username(),
                    username + "@example.test", fresh.phone(), "Test", null, "junior_agent", null, unique("AG-"),
                    null, null)));
            ApiProblem samePhone = AuthKit.problem(() -> kit.users.create(admin, new NewUser(fresh.username(),
                    fresh.email(), phone, "Test", null, "junior_agent", null, unique("AG-"), null, null)));

            assertThat(List.of(sameUsername.status(), sameEmail.status(), samePhone.status()))
                    .containsExactly(409, 409, 409);
            assertThat(kit.db.ownerDsl(lic).fetchExists(USERS, USERS.USERNAME.eq(fresh.username()))).isFalse();
        }

        @Test
        void aTakenAgentCodeIsAFieldErrorAndNothingIsWritten() {
            NewUser first = newAgent("junior_agent", null);
            kit.users.create(admin, first);
            NewUser second = newAgent("junior_agent", null);

            ApiProblem problem = AuthKit.problem(() -> kit.users.create(admin, new NewUser(second.username(),
                    second.email(), second.phone(), "Test", null, "junior_agent", null, first.agentCode(), null,
                    null)));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(FieldError::field).containsExactly("agentCode");
            assertThat(kit.db.ownerDsl(lic).fetchExists(USERS, USERS.USERNAME.eq(second.username()))).isFalse();
        }
    }

    @Nested
    class RegionalManager {

        private final String region = unique("Region-");
        private final Fixtures.Agent manager = kit.withPassword(
                kit.fixtures.agent().regionalManager().territory(region).create());
        private final Caller caller = signedIn(manager.userId());
        private final Fixtures.Agent inRegion = kit.withPassword(kit.fixtures.agent().territory(region).create());
        private final Fixtures.Agent elsewhere = kit.withPassword(
                kit.fixtures.agent().territory(unique("Elsewhere-")).create());

        @Test
        void createsAnAgentUnderThemselvesWhenNoParentIsGiven() {
            UserAdministration.UserView created = kit.users.create(caller, newAgent("junior_agent", null));

            assertThat(parentOf(created)).isEqualTo(manager.agentId());
        }

        @Test
        void createsAnAgentUnderAnAgentOfTheirRegion() {
            UserAdministration.UserView created = kit.users.create(caller, newAgent("junior_agent",
                    inRegion.agentId()));

            assertThat(parentOf(created)).isEqualTo(inRegion.agentId());
        }

        @Test
        void aParentOutsideTheirRegionIsAFieldErrorAndNothingIsWritten() {
            NewUser user = newAgent("junior_agent", elsewhere.agentId());

            ApiProblem problem = AuthKit.problem(() -> kit.users.create(caller, user));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(FieldError::field).containsExactly("parentAgentId");
            assertThat(kit.db.ownerDsl(lic).fetchExists(USERS, USERS.USERNAME.eq(user.username()))).isFalse();
        }

        @Test
        void cannotCreateAdministratorsOrStaff() {
            ApiProblem admin = AuthKit.problem(() -> kit.users.create(caller,
                    newStaff("insurance_provider_admin")));
            ApiProblem staff = AuthKit.problem(() -> kit.users.create(caller, newStaff("support_staff")));

            assertThat(admin.status()).isEqualTo(403);
            assertThat(staff.status()).isEqualTo(403);
        }

        @Test
        void aUserOutsideTheirRegionIsNotFoundExactlyLikeAMissingId() {
            ApiProblem outside = AuthKit.problem(() -> kit.users.suspend(caller, elsewhere.userId(),
                    new Bodies.Suspension("test reason")));
            ApiProblem missing = AuthKit.problem(() -> kit.users.suspend(caller, UUID.randomUUID(),
                    new Bodies.Suspension("test reason")));
            ApiProblem roleOutside = AuthKit.problem(() -> kit.users.changeRole(caller, elsewhere.userId(),
                    new Bodies.RoleChange("senior_agent")));

            assertThat(outside.status()).isEqualTo(404);
            assertThat(roleOutside.status()).isEqualTo(404);
            assertThat(outside.detail()).isEqualTo(missing.detail());
            assertThat(outside.type()).isEqualTo(missing.type());
            assertThat(kit.claims(kit.login(lic, kit.usernameOf(lic, elsewhere.userId()), AuthKit.PASSWORD))
                    .role()).isEqualTo(Role.JUNIOR_AGENT);
        }

        @Test
        void cannotManageThemselves() {
            ApiProblem problem = AuthKit.problem(() -> kit.users.changeRole(caller, manager.userId(),
                    new Bodies.RoleChange("senior_agent")));

            assertThat(problem.status()).isEqualTo(404);
        }

        @Test
        void suspendsAnAgentOfTheirRegionAndTheAuditNamesThem() {
            Tokens before = kit.login(lic, kit.usernameOf(lic, inRegion.userId()), AuthKit.PASSWORD);

            UserAdministration.UserView suspended = kit.users.suspend(caller, inRegion.userId(),
                    new Bodies.Suspension("test reason"));

            assertThat(suspended.status()).isEqualTo("suspended");
            assertThat(kit.allows(before.accessToken())).isFalse();
            assertThat(auditOf(inRegion.userId(), manager.userId())).containsExactly("UPDATE junior_agent suspended");
        }

        private UUID parentOf(UserAdministration.UserView created) {
            return kit.db.ownerDsl(lic).fetchValue(AGENTS.PARENT_AGENT_ID,
                    AGENTS.AGENT_ID.eq(created.agentId().orElseThrow()));
        }
    }

    @Nested
    class Agents {

        @Test
        void juniorAndSeniorAgentsMayNotManageUsers() {
            Caller junior = signedIn(agentWithPassword().userId());
            Caller senior = signedIn(kit.withPassword(kit.fixtures.agent().senior().create()).userId());
            Fixtures.Agent below = kit.fixtures.agent().create();

            ApiProblem juniorCreates = AuthKit.problem(() -> kit.users.create(junior, newAgent("junior_agent",
                    null)));
            ApiProblem seniorCreates = AuthKit.problem(() -> kit.users.create(senior, newAgent("junior_agent",
                    null)));
            ApiProblem seniorSuspends = AuthKit.problem(() -> kit.users.suspend(senior, below.userId(),
                    new Bodies.Suspension("test reason")));

            assertThat(List.of(juniorCreates.status(), seniorCreates.status(), seniorSuspends.status()))
                    .containsExactly(403, 403, 403);
        }
    }

    @Nested
    class RoleChange {

        private final Caller admin = providerAdmin();
        private final Fixtures.Agent agent = agentWithPassword();
        private final String username = kit.usernameOf(lic, agent.userId());

        @Test
        void endsTheUsersSessionsAndTheNextSignInCarriesTheNewRole() {
            Tokens before = loginAs(username, AuthKit.PASSWORD);
            assertThat(kit.allows(before.accessToken())).isTrue();

            UserAdministration.UserView changed = kit.users.changeRole(admin, agent.userId(),
                    new Bodies.RoleChange("senior_agent"));

            assertThat(changed.role()).isEqualTo("senior_agent");
            assertThat(kit.allows(before.accessToken())).isFalse();
            assertThat(AuthKit.problem(() -> kit.sessionService.refresh(new Bodies.Refresh(before.refreshToken(),
                    null), SignInContext.none())).status()).isEqualTo(401);
            assertThat(kit.claims(loginAs(username, AuthKit.PASSWORD)).role()).isEqualTo(Role.SENIOR_AGENT);
        }

        @Test
        void anAgentCannotBecomeStaff() {
            ApiProblem problem = AuthKit.problem(() -> kit.users.changeRole(admin, agent.userId(),
                    new Bodies.RoleChange("support_staff")));

            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.errors()).extracting(FieldError::field).containsExactly("role");
        }
    }

    @Nested
    class Suspension {

        private final Caller admin = providerAdmin();
        private final Fixtures.Agent agent = agentWithPassword();
        private final String username = kit.usernameOf(lic, agent.userId());

        @Test
        void aSuspendedUserIsToldSoAtSignInAndTheirSessionsEnd() {
            Tokens before = loginAs(username, AuthKit.PASSWORD);

            UserAdministration.UserView suspended = kit.users.suspend(admin, agent.userId(),
                    new Bodies.Suspension("test reason"));
            ApiProblem login = AuthKit.problem(() -> loginAs(username, AuthKit.PASSWORD));

            assertThat(suspended.status()).isEqualTo("suspended");
            assertThat(login.status()).isEqualTo(403);
            assertThat(login.detail()).contains("suspended");
            assertThat(kit.allows(before.accessToken())).isFalse();
            assertThat(AuthKit.problem(() -> kit.sessionService.refresh(new Bodies.Refresh(before.refreshToken(),
                    null), SignInContext.none())).status()).isEqualTo(401);
        }

        @Test
        void aReactivatedUserSignsInAgain() {
            kit.users.suspend(admin, agent.userId(), new Bodies.Suspension("test reason"));

            UserAdministration.UserView reactivated = kit.users.reactivate(admin, agent.userId());
            Tokens after = loginAs(username, AuthKit.PASSWORD);

            assertThat(reactivated.status()).isEqualTo("active");
            assertThat(kit.allows(after.accessToken())).isTrue();
        }

        @Test
        void anAdministratorCannotSuspendThemselves() {
            ApiProblem problem = AuthKit.problem(() -> kit.users.suspend(admin, admin.requireUserId(),
                    new Bodies.Suspension("test reason")));

            assertThat(problem.status()).isEqualTo(409);
        }
    }

    @Test
    void everyChangeIsAuditedWithTheAdministratorAsChangedBy() {
        Caller admin = providerAdmin();
        UserAdministration.UserView created = kit.users.create(admin, newAgent("junior_agent", null));

        kit.users.changeRole(admin, created.userId(), new Bodies.RoleChange("senior_agent"));
        kit.users.suspend(admin, created.userId(), new Bodies.Suspension("test reason"));
        kit.users.reactivate(admin, created.userId());

        assertThat(auditOf(created.userId(), admin.requireUserId())).containsExactly(
                "INSERT junior_agent active", "UPDATE senior_agent active",
                "UPDATE senior_agent suspended", "UPDATE senior_agent active");
        assertThat(kit.db.ownerDsl(lic).fetchValue("""
                select changed_by from audit.audit_log
                 where table_name = 'agents' and record_id = ? and action = 'INSERT'""",
                created.agentId().orElseThrow().toString())).isEqualTo(admin.requireUserId());
        assertThat(kit.db.ownerDsl(lic).fetchValue("""
                select count(*) from audit.audit_log
                 where table_name = 'users' and record_id = ? and new_values->>'password_hash' is not null""",
                created.userId().toString())).isEqualTo(0L);
    }
}
