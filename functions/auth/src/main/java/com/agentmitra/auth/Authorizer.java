package com.agentmitra.auth;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's REQUEST Lambda authorizer: a valid access token of a live session gets an IAM Allow for the method
 * with the claims as context ({@code AuthorizerClaims.toContext()}); anything else fails with exactly
 * {@code "Unauthorized"}, which API Gateway answers 401. A request that names a tenant ({@code X-Tenant} header)
 * must name the token's own.
 */
final class Authorizer {

    private static final Logger log = LoggerFactory.getLogger(Authorizer.class);
    static final String TENANT_HEADER = "X-Tenant";

    private final AccessTokens tokens;
    private final SessionStatus sessions;

    Authorizer(AccessTokens tokens, SessionStatus sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    /** API Gateway's convention: this exact message makes it answer 401 (any other failure is a 500). */
    static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("Unauthorized", null, false, false);
        }
    }

    IamPolicyResponse authorize(Map<String, Object> event) {
        Map<String, Object> headers = event == null ? Map.of() : map(event.get("headers"));
        Optional<String> token = header(headers, "Authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (token.isEmpty()) {
            throw deny("no bearer token");
        }
        AccessClaims claims = switch (tokens.verify(token.get())) {
            case AccessTokens.Valid valid -> valid.claims();
            case AccessTokens.Refused refused -> throw deny(refused.reason());
        };
        Optional<String> namedTenant = header(headers, TENANT_HEADER);
        if (namedTenant.isPresent() && !namedTenant.get().strip().equalsIgnoreCase(claims.tenant())) {
            throw deny("token of another tenant");
        }
        if (!sessions.live(claims)) {
            throw deny("session not live");
        }
        String resource = Optional.ofNullable(event.get("methodArn")).map(Object::toString).orElse("*");
        return IamPolicyResponse.builder()
                .withPrincipalId(claims.userId().toString())
                .withPolicyDocument(IamPolicyResponse.PolicyDocument.builder()
                        .withVersion(IamPolicyResponse.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponse.allowStatement(resource)))
                        .build())
                .withContext(claims.toAuthorizerClaims().toContext())
                .build();
    }

    private static Unauthorized deny(String reason) {
        log.info("Access denied: {}", reason);
        return new Unauthorized();
    }

    private static Optional<String> header(Map<String, Object> headers, String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT)
                        .equals(name.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue)
                .filter(value -> value != null && !value.toString().isBlank())
                .map(Object::toString)
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
