package com.agentmitra.local;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An API Gateway route from the template: method, path template ({@code /policies/{id}}, {@code {proxy+}}), the
 * function behind it, and the Lambda authorizer that guards it (none for open routes).
 */
record ApiRoute(String method, String pathTemplate, String functionId, Optional<Authorizer> authorizer) {

    ApiRoute {
        method = method.toUpperCase(Locale.ROOT);
    }

    ApiRoute(String method, String pathTemplate, String functionId) {
        this(method, pathTemplate, functionId, Optional.empty());
    }

    /** A REQUEST authorizer: its function and the headers that must be present before it is even called. */
    record Authorizer(String name, String functionId, java.util.List<String> identityHeaders) {}

    /** The path parameters if {@code path} matches this route's template. */
    Optional<Map<String, String>> match(String path) {
        String[] template = segments(pathTemplate);
        String[] actual = segments(path);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i >= actual.length) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 2),
                        String.join("/", java.util.Arrays.copyOfRange(actual, i, actual.length)));
                return Optional.of(parameters);
            }
            if (i >= actual.length) {
                return Optional.empty();
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                parameters.put(part.substring(1, part.length() - 1),
                        java.net.URLDecoder.decode(actual[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!part.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return template.length == actual.length ? Optional.of(parameters) : Optional.empty();
    }

    boolean allows(String requestMethod) {
        return method.equals("ANY") || method.equals(requestMethod.toUpperCase(Locale.ROOT));
    }

    /** Literal segments outrank parameters, so {@code /callbacks/summary} wins over {@code /callbacks/{id}}. */
    int specificity() {
        int score = 0;
        for (String part : segments(pathTemplate)) {
            score = score * 3 + (part.startsWith("{") ? (part.endsWith("+}") ? 0 : 1) : 2);
        }
        return score;
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
