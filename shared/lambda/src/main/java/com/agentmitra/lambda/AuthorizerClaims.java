package com.agentmitra.lambda;

import com.agentmitra.data.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who the Lambda authorizer says is calling, as it put it in the API Gateway request context: {@code tenantId},
 * {@code tenant} (the tenant code), {@code userId}, {@code role}, {@code agentId} (agents only) and
 * {@code sessionId}. API Gateway only calls a protected route after the authorizer verified the token, so these are
 * trusted here; they are still parsed strictly, and anything malformed counts as no claims at all.
 */
public record AuthorizerClaims(UUID tenantId, String tenant, UUID userId, Role role, Optional<UUID> agentId,
        Optional<UUID> sessionId) {

    public static final String TENANT_ID = "tenantId";
    public static final String TENANT = "tenant";
    public static final String USER_ID = "userId";
    public static final String ROLE = "role";
    public static final String AGENT_ID = "agentId";
    public static final String SESSION_ID = "sessionId";

    /** The claims in an authorizer context, or empty when there are none or they are malformed. */
    public static Optional<AuthorizerClaims> from(Map<String, Object> authorizer) {
        if (authorizer == null) {
            return Optional.empty();
        }
        Optional<UUID> tenantId = uuid(authorizer.get(TENANT_ID));
        Optional<String> tenant = Optional.ofNullable(authorizer.get(TENANT)).map(Object::toString)
                .filter(code -> !code.isBlank());
        Optional<UUID> userId = uuid(authorizer.get(USER_ID));
        Optional<Role> role = Optional.ofNullable(authorizer.get(ROLE)).map(Object::toString).flatMap(Role::fromUserRole);
        Optional<UUID> agentId = uuid(authorizer.get(AGENT_ID));
        Object rawAgent = authorizer.get(AGENT_ID);
        boolean agentMalformed = rawAgent != null && !rawAgent.toString().isEmpty() && agentId.isEmpty();
        if (tenantId.isEmpty() || tenant.isEmpty() || userId.isEmpty() || role.isEmpty() || agentMalformed) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizerClaims(tenantId.get(), tenant.get(), userId.get(), role.get(), agentId,
                uuid(authorizer.get(SESSION_ID))));
    }

    /** The context a Lambda authorizer returns for these claims (values are strings, as API Gateway requires). */
    public Map<String, Object> toContext() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(TENANT_ID, tenantId.toString());
        context.put(TENANT, tenant);
        context.put(USER_ID, userId.toString());
        context.put(ROLE, role.sqlName());
        agentId.ifPresent(id -> context.put(AGENT_ID, id.toString()));
        sessionId.ifPresent(id -> context.put(SESSION_ID, id.toString()));
        return context;
    }

    private static Optional<UUID> uuid(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
