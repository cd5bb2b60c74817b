package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrators manage agent and staff logins: create (with the agents row and hierarchy parent), change role,
 * suspend, reactivate. Insurance provider admins manage anyone but super admins; regional managers manage agents
 * they can see (row level security's {@code visible_agent_ids()}), below themselves. Every change is audited by
 * the database ({@code audit.record_change}, with the administrator as {@code changed_by}); a role change or a
 * suspension ends the user's sessions.
 */
final class UserAdministration {

    private static final Logger log = LoggerFactory.getLogger(UserAdministration.class);

    private static final Set<Role> PROVIDER_ADMIN_MANAGES = Set.of(Role.INSURANCE_PROVIDER_ADMIN,
            Role.REGIONAL_MANAGER, Role.SENIOR_AGENT, Role.JUNIOR_AGENT, Role.SUPPORT_STAFF);
    private static final Set<Role> REGIONAL_MANAGER_MANAGES = Set.of(Role.SENIOR_AGENT, Role.JUNIOR_AGENT);

    record UserView(UUID userId, String role, String status, Optional<UUID> agentId) {}

    private final Database database;
    private final AuthRepository repository;
    private final PasswordHasher hasher;
    private final SecurityNotices notices;
    private final Clock clock;

    UserAdministration(Database database, AuthRepository repository, PasswordHasher hasher, SecurityNotices notices,
            Clock clock) {
        this.database = database;
        this.repository = repository;
        this.hasher = hasher;
        this.notices = notices;
        this.clock = clock;
    }

    UserView create(Caller admin, NewUser user) {
        Set<Role> manageable = manageable(admin);
        if (!manageable.contains(user.roleValue())) {
            throw new ApiProblem.Forbidden("you may not create " + user.roleValue().sqlName() + " users");
        }
        Optional<String> hash = user.initialPassword().map(hasher::hash);
        Optional<UUID> parent = Optional.ofNullable(user.parentAgentId())
                .or(() -> admin.role() == Role.REGIONAL_MANAGER ? admin.agentId() : Optional.empty());
        checkScope(admin, parent, "parentAgentId");
        return database.inTransaction(writer(admin), tx -> {
            if (repository.identifierTaken(tx, user.optionalEmail(), Optional.of(user.username()), user.phoneE164())) {
                throw new ApiProblem.Conflict("a user with this username, email or phone already exists");
            }
            if (parent.isPresent() && !repository.agentExists(tx, parent.get())) {
                throw ApiProblem.InvalidInput.field("parentAgentId", "is not an agent of this tenant");
            }
            if (user.agentCode() != null && repository.agentCodeTaken(tx, user.agentCode())) {
                throw ApiProblem.InvalidInput.field("agentCode", "is already used by another agent");
            }
            UUID userId = repository.insertUser(tx, user, hash, admin.requireUserId(), clock.instant());
            Optional<UUID> agentId = NewUser.hasAgentRow(user.roleValue())
                    ? Optional.of(repository.insertAgent(tx, userId, user.agentCode(), parent,
                            Optional.ofNullable(user.territory())))
                    : Optional.empty();
            log.info("User created: tenant={} userId={} role={} by={}", admin.tenant().code(), userId,
                    user.roleValue().sqlName(), admin.requireUserId());
            return new UserView(userId, user.roleValue().sqlName(), UserStatusEnum.active.getLiteral(), agentId);
        });
    }

    UserView changeRole(Caller admin, UUID userId, Bodies.RoleChange body) {
        Role role = Role.fromUserRole(body.role()).filter(manageable(admin)::contains).orElseThrow(
                () -> ApiProblem.InvalidInput.field("role", "is not a role you may give"));
        AuthRepository.ManagedUser target = target(admin, userId);
        if (NewUser.hasAgentRow(role) != target.agentId().isPresent()) {
            throw ApiProblem.InvalidInput.field("role", "agents stay agents and staff stay staff; create a new user");
        }
        return change(admin, userId, tx -> {
            repository.changeRole(tx, userId, role, admin.requireUserId());
            repository.revokeUserSessions(tx, userId, Optional.empty(), "admin", clock.instant());
        });
    }

    UserView suspend(Caller admin, UUID userId, Bodies.Suspension body) {
        if (admin.userId().equals(Optional.of(userId))) {
            throw new ApiProblem.Conflict("you cannot suspend yourself");
        }
        target(admin, userId);
        return change(admin, userId, tx -> {
            Instant now = clock.instant();
            repository.changeStatus(tx, userId, UserStatusEnum.suspended, Optional.of(body.reason()),
                    admin.requireUserId(), now);
            repository.revokeUserSessions(tx, userId, Optional.empty(), "user_deactivated", now);
        });
    }

    UserView reactivate(Caller admin, UUID userId) {
        target(admin, userId);
        return change(admin, userId, tx -> repository.changeStatus(tx, userId, UserStatusEnum.active,
                Optional.empty(), admin.requireUserId(), clock.instant()));
    }

    /**
     * An administrator of the whole tenant turns a user's two-factor sign-in off (a lost phone and no recovery codes):
     * secret and recovery codes gone, the user told on WhatsApp, the change audited with the administrator as
     * {@code changed_by}. Regional managers may not; one's own goes through {@code POST /auth/mfa/disable}.
     */
    UserView resetMfa(Caller admin, UUID userId) {
        if (admin.role() != Role.INSURANCE_PROVIDER_ADMIN && admin.role() != Role.SUPER_ADMIN) {
            throw new ApiProblem.Forbidden("only administrators of the tenant reset two-factor sign-in");
        }
        if (admin.userId().equals(Optional.of(userId))) {
            throw new ApiProblem.Conflict("turn your own two-factor sign-in off with POST /auth/mfa/disable");
        }
        target(admin, userId);
        return change(admin, userId, tx -> {
            Instant now = clock.instant();
            Account account = repository.accountById(tx, userId).orElseThrow(() -> new ApiProblem.NotFound("user"));
            if (!account.mfaEnabled()) {
                throw new ApiProblem.Conflict("two-factor sign-in is not on for this user");
            }
            repository.clearMfa(tx, userId, Optional.of(admin.requireUserId()));
            notices.send(admin.tenant(), account, SecurityNotices.Change.MFA_RESET_BY_ADMIN, now);
            log.warn("Two-factor sign-in reset by an administrator: tenant={} userId={} by={}", admin.tenant().code(),
                    userId, admin.requireUserId());
        });
    }

    private UserView change(Caller admin, UUID userId, java.util.function.Consumer<DSLContext> work) {
        return database.inTransaction(writer(admin), tx -> {
            work.accept(tx);
            AuthRepository.ManagedUser after = repository.managedUser(tx, userId).orElseThrow();
            log.info("User changed: tenant={} userId={} role={} status={} by={}", admin.tenant().code(), userId,
                    after.role().sqlName(), after.status().getLiteral(), admin.requireUserId());
            return new UserView(userId, after.role().sqlName(), after.status().getLiteral(), after.agentId());
        });
    }

    /** The user to change, as the administrator may see and manage them; 404 otherwise (never told apart). */
    private AuthRepository.ManagedUser target(Caller admin, UUID userId) {
        Set<Role> manageable = manageable(admin);
        AuthRepository.ManagedUser target = database.inTransaction(admin, tx -> repository.managedUser(tx, userId))
                .orElseThrow(() -> new ApiProblem.NotFound("user"));
        if (!manageable.contains(target.role())) {
            throw new ApiProblem.NotFound("user");
        }
        if (admin.role() == Role.REGIONAL_MANAGER) {
            checkScope(admin, target.agentId(), "userId");
            if (target.agentId().equals(admin.agentId())) {
                throw new ApiProblem.NotFound("user");
            }
        }
        return target;
    }

    /** A regional manager acts only inside their own part of the hierarchy. */
    private void checkScope(Caller admin, Optional<UUID> agentId, String field) {
        if (admin.role() != Role.REGIONAL_MANAGER) {
            return;
        }
        boolean visible = agentId.isPresent()
                && database.inTransaction(admin, tx -> repository.agentVisible(tx, agentId.get()));
        if (!visible) {
            throw field.equals("userId") ? new ApiProblem.NotFound("user")
                    : ApiProblem.InvalidInput.field(field, "is not an agent in your region");
        }
    }

    private static Set<Role> manageable(Caller admin) {
        return switch (admin.role()) {
            case INSURANCE_PROVIDER_ADMIN, SUPER_ADMIN -> PROVIDER_ADMIN_MANAGES;
            case REGIONAL_MANAGER -> REGIONAL_MANAGER_MANAGES;
            default -> throw new ApiProblem.Forbidden("only administrators and regional managers manage users");
        };
    }

    /**
     * Who the write runs as: the backend acting for the administrator, once the administrator's own scope has been
     * checked as themselves ({@link #manageable}, {@link #target}, {@link #checkScope}). Row level security lets only
     * tenant-wide roles create logins (a regional manager is not one), and only the user themself or the backend
     * end someone's sessions ({@code own_sessions} on {@code user_sessions}): written as an insurance provider
     * admin, a role change or suspension left the user's sessions live. {@code app.user_id} stays the
     * administrator's, so the audit log names them as {@code changed_by}.
     */
    private static Caller writer(Caller admin) {
        return new Caller(admin.tenant(), admin.userId(), Role.SYSTEM, Optional.empty());
    }
}
