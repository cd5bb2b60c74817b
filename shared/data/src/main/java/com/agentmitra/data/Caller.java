package com.agentmitra.data;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a unit of work runs as: the tenant whose schema it reads and writes, the user, the role, and the caller's
 * own agent row when the caller is an agent. Every transaction carries tenant, user and role into PostgreSQL
 * ({@code app.tenant_id}, {@code app.user_id}, {@code app.user_role}) for row level security. {@code userId} is
 * empty only for {@link Role#SYSTEM} work.
 */
public record Caller(Tenant tenant, Optional<UUID> userId, Role role, Optional<UUID> agentId) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(agentId, "agentId");
        if (userId.isEmpty() && role != Role.SYSTEM) {
            throw new IllegalArgumentException("only system work runs without a user");
        }
    }

    /** A signed-in user who is not (or not known to be) an agent. */
    public static Caller user(Tenant tenant, UUID userId, Role role) {
        return new Caller(tenant, Optional.of(userId), role, Optional.empty());
    }

    /** A signed-in user acting through their own agent row. */
    public static Caller agent(Tenant tenant, UUID userId, Role role, UUID agentId) {
        return new Caller(tenant, Optional.of(userId), role, Optional.of(agentId));
    }

    /** The backend acting for the tenant itself (schedules, sign-in look-ups): tenant-wide by policy. */
    public static Caller system(Tenant tenant) {
        return new Caller(tenant, Optional.empty(), Role.SYSTEM, Optional.empty());
    }

    /** The user id, for work that only a signed-in user can do. */
    public UUID requireUserId() {
        return userId.orElseThrow(() -> new IllegalStateException("system work has no user"));
    }
}
