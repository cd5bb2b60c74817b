package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.agentmitra.lambda.AuthorizerClaims;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What an access token says: who, in which tenant, with which role and agent row, in which session, until when. */
record AccessClaims(UUID userId, UUID tenantId, String tenant, Role role, Optional<UUID> agentId, UUID sessionId,
        Instant issuedAt, Instant expiresAt) {

    AccessClaims {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(sessionId, "sessionId");
        if (role == Role.SYSTEM) {
            throw new IllegalArgumentException("no token is ever issued for the system role");
        }
    }

    /** The authorizer context API Gateway hands the routes (the shared plumbing reads it). */
    AuthorizerClaims toAuthorizerClaims() {
        return new AuthorizerClaims(tenantId, tenant, userId, role, agentId, Optional.of(sessionId));
    }
}
