package com.agentmitra.lambda;

import com.agentmitra.config.Env;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin answers for the browser portal: {@code ALLOWED_ORIGINS} (the stack parameter {@code AllowedOrigins},
 * a comma list of exact origins such as {@code https://portal.agentmitra.in}) names who may call the API from a
 * browser. An answer to a request from one of them carries {@code Access-Control-Allow-Origin} with that origin
 * (never {@code *}: requests carry a bearer token) and {@code Vary: Origin}; other origins get nothing, so the browser
 * refuses to hand them the answer. Preflight ({@code OPTIONS}) is answered by API Gateway itself (template.yaml).
 */
final class Cors {

    static final String EXPOSED = "ETag, Location, Retry-After";

    private final Set<String> origins;

    Cors(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    static Cors fromEnvironment() {
        return new Cors(Env.get("ALLOWED_ORIGINS").map(list -> Arrays.stream(list.split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty()).collect(Collectors.toSet()))
                .orElse(Set.of()));
    }

    APIGatewayProxyResponseEvent apply(APIGatewayProxyRequestEvent request, APIGatewayProxyResponseEvent response) {
        Optional<String> origin = origin(request).filter(origins::contains);
        if (origin.isEmpty() || response == null) {
            return response;
        }
        Map<String, String> headers = new LinkedHashMap<>(response.getHeaders() == null ? Map.of()
                : response.getHeaders());
        headers.put("Access-Control-Allow-Origin", origin.get());
        headers.put("Access-Control-Expose-Headers", EXPOSED);
        headers.merge("Vary", "Origin", (was, origin2) -> was.contains("Origin") ? was : was + ", Origin");
        return response.withHeaders(headers);
    }

    private static Optional<String> origin(APIGatewayProxyRequestEvent request) {
        if (request == null || request.getHeaders() == null) {
            return Optional.empty();
        }
        return request.getHeaders().entrySet().stream()
                .filter(header -> "origin".equalsIgnoreCase(header.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }
}
