package com.agentmitra.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The API routes the repository declares outside the code, as {@code METHOD /path} strings, so each API module's
 * test can prove its router declares exactly the same: a function's {@code Api} events in {@code template.yaml} and
 * the operations of {@code openapi.yaml} (both at the repository root, found from the working directory up).
 */
public final class RouteDeclarations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private RouteDeclarations() {}

    /** The API events of one function in {@code template.yaml}. */
    public static Set<String> inTemplate(String functionLogicalId) {
        Map<String, Object> resources = map(CloudFormationYaml.read(repositoryFile("template.yaml")).get("Resources"));
        Map<String, Object> function = map(resources.get(functionLogicalId));
        if (function.isEmpty()) {
            throw new IllegalArgumentException("template.yaml has no resource " + functionLogicalId);
        }
        Set<String> routes = new LinkedHashSet<>();
        map(map(function.get("Properties")).get("Events")).values().forEach(event -> {
            Map<String, Object> declared = map(event);
            if ("Api".equals(declared.get("Type")) || "HttpApi".equals(declared.get("Type"))) {
                Map<String, Object> properties = map(declared.get("Properties"));
                routes.add(String.valueOf(properties.get("Method")).toUpperCase(Locale.ROOT) + " "
                        + properties.get("Path"));
            }
        });
        return routes;
    }

    /** Every operation of {@code openapi.yaml}. */
    public static Set<String> inOpenApi() {
        Set<String> routes = new LinkedHashSet<>();
        map(CloudFormationYaml.read(repositoryFile("openapi.yaml")).get("paths")).forEach((path, operations) ->
                map(operations).keySet().stream().filter(METHODS::contains)
                        .forEach(method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }

    static Path repositoryFile(String name) {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.exists(directory.resolve(name)) && Files.exists(directory.resolve("mvnw"))) {
                return directory.resolve(name);
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(name + " not found above " + Path.of("").toAbsolutePath());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), item));
            return copy;
        }
        return Map.of();
    }
}
