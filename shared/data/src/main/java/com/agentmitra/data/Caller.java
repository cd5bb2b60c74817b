package com.agentmitra.data;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who a unit of work runs as: the tenant whose schema it reads and writes, the user, and the role. Every transaction
 * carries these into PostgreSQL ({@code app.tenant_id}, {@code app.user_id}, {@code app.user_role}) for row level
 * security. {@code userId} is empty only for {@link Role#SYSTEM} work.
 */
public record Caller(Tenant tenant, Optional<UUID> userId, Role role) {

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        if (userId.isEmpty() && role != Role.SYSTEM) {
            throw new IllegalArgumentException("only system work runs without a user");
        }
    }

    public static Caller user(Tenant tenant, UUID userId, Role role) {
        return new Caller(tenant, Optional.of(userId), role);
    }

    /** The backend acting for the tenant itself (schedules, sign-in look-ups): tenant-wide by policy. */
    public static Caller system(Tenant tenant) {
        return new Caller(tenant, Optional.empty(), Role.SYSTEM);
    }
}
