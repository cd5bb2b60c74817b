package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * Serves the template's API routes on loopback like {@code sam local start-api}: each HTTP request becomes an API
 * Gateway REST proxy event (payload v1) for the route's function, and the function's answer becomes the response.
 * {@code POST /_local/schedules/<FunctionLogicalId>} fires that function's schedule now.
 */
final class ApiGatewayServer implements AutoCloseable {

    private final HttpServer server;
    private final List<ApiRoute> routes;
    private final BiFunction<String, String, String> invoke;
    private final EventSources eventSources;

    private ApiGatewayServer(HttpServer server, List<ApiRoute> routes, BiFunction<String, String, String> invoke,
            EventSources eventSources) {
        this.server = server;
        this.routes = routes;
        this.invoke = invoke;
        this.eventSources = eventSources;
    }

    /** Routes of the template, most specific first, each with the authorizer API Gateway would apply. */
    static List<ApiRoute> routes(SamTemplate template) {
        List<ApiRoute> routes = new ArrayList<>();
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.eventsOfType("Api")) {
                String api = String.valueOf(SamTemplate.map(event.properties().get("RestApiId")).getOrDefault("Ref", "Api"));
                routes.add(new ApiRoute(String.valueOf(event.properties().get("Method")),
                        String.valueOf(event.properties().get("Path")), function.logicalId(),
                        authorizer(template, api, SamTemplate.map(event.properties().get("Auth")))));
            }
        }
        routes.sort(Comparator.comparingInt(ApiRoute::specificity).reversed());
        return List.copyOf(routes);
    }

    /** The route's authorizer: its own {@code Auth.Authorizer}, else the API's default; {@code NONE} opens it. */
    private static Optional<ApiRoute.Authorizer> authorizer(SamTemplate template, String apiId, Map<String, Object> routeAuth) {
        Map<String, Object> apiAuth = SamTemplate.map(template.resourceProperties(apiId).get("Auth"));
        Object named = routeAuth.containsKey("Authorizer") ? routeAuth.get("Authorizer") : apiAuth.get("DefaultAuthorizer");
        if (named == null || "NONE".equals(named)) {
            return Optional.empty();
        }
        Map<String, Object> definition = SamTemplate.map(SamTemplate.map(apiAuth.get("Authorizers")).get(String.valueOf(named)));
        Object arn = SamTemplate.map(definition.get("FunctionArn")).get("Fn::GetAtt");
        String path = arn instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(arn);
        String functionId = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        List<String> headers = new ArrayList<>();
        Object identityHeaders = SamTemplate.map(definition.get("Identity")).get("Headers");
        if (identityHeaders instanceof List<?> list) {
            list.forEach(header -> headers.add(String.valueOf(header)));
        }
        return Optional.of(new ApiRoute.Authorizer(String.valueOf(named), functionId, List.copyOf(headers)));
    }

    static ApiGatewayServer start(int port, List<ApiRoute> routes, BiFunction<String, String, String> invoke,
            EventSources eventSources) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ApiGatewayServer gateway = new ApiGatewayServer(server, routes, invoke, eventSources);
        server.createContext("/", gateway::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return gateway;
    }

    List<ApiRoute> routes() {
        return routes;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/_local/schedules/") && method.equals("POST")) {
                String function = path.substring("/_local/schedules/".length());
                eventSources.fireSchedule(function);
                write(exchange, 202, Map.of("Content-Type", "application/json"),
                        "{\"fired\":\"" + function + "\"}");
                return;
            }
            List<ApiRoute> matching = routes.stream().filter(route -> route.match(path).isPresent()).toList();
            Optional<ApiRoute> route = matching.stream().filter(candidate -> candidate.allows(method)).findFirst();
            if (route.isEmpty()) {
                int status = matching.isEmpty() ? 404 : 405;
                write(exchange, status, Map.of("Content-Type", "application/problem+json"),
                        Json.write(Map.of("type", status == 404 ? "/problems/not-found" : "/problems/method-not-allowed",
                                "title", status == 404 ? "Not found" : "Method not allowed",
                                "status", status,
                                "detail", status == 404 ? "no route for " + path : method + " is not allowed here")));
                return;
            }
            Map<String, Object> event = event(exchange, route.get(), method, path);
            if (route.get().authorizer().isPresent()) {
                Optional<Map<String, Object>> context = authorize(route.get().authorizer().get(), event, exchange);
                if (context.isEmpty()) {
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
                requestContext.put("authorizer", context.get());
            }
            String output = invoke.apply(route.get().functionId(), Json.write(event));
            JsonNode response = Json.mapper().readTree(output);
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asText()));
            String body = response.path("body").isNull() ? "" : response.path("body").asText("");
            byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(body)
                    : body.getBytes(StandardCharsets.UTF_8);
            write(exchange, response.path("statusCode").asInt(502), headers, bytes);
        } catch (RuntimeException e) {
            // what API Gateway answers when the integration fails
            write(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal server error\"}");
            System.err.println("[local] function failed: " + e);
        }
    }

    /**
     * What API Gateway does with a REQUEST authorizer: 401 when an identity header is missing (the authorizer is
     * not called) or when it fails with "Unauthorized", 403 on a Deny policy, 500 when it breaks; on Allow the
     * authorizer's context (plus principalId) reaches the route's function.
     */
    private Optional<Map<String, Object>> authorize(ApiRoute.Authorizer authorizer, Map<String, Object> event,
            HttpExchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        for (String required : authorizer.identityHeaders()) {
            boolean present = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(required)
                    && !headers.get(name).isBlank());
            if (!present) {
                write(exchange, 401, Map.of("Content-Type", "application/json"), "{\"message\":\"Unauthorized\"}");
                return Optional.empty();
            }
        }
        Map<String, Object> request = new LinkedHashMap<>(event);
        request.remove("body");
        request.remove("isBase64Encoded");
        request.put("type", "REQUEST");
        request.put("methodArn", "arn:aws:execute-api:" + LocalValues.REGION + ":" + LocalValues.ACCOUNT
                + ":local/local/" + event.get("httpMethod") + event.get("path"));
        String output;
        try {
            output = invoke.apply(authorizer.functionId(), Json.write(request));
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if ("Unauthorized".equals(cause.getMessage())) {
                    write(exchange, 401, Map.of("Content-Type", "application/json"), "{\"message\":\"Unauthorized\"}");
                    return Optional.empty();
                }
            }
            System.err.println("[local] authorizer " + authorizer.name() + " failed: " + e);
            write(exchange, 500, Map.of("Content-Type", "application/json"), "{\"message\":null}");
            return Optional.empty();
        }
        JsonNode policy = Json.mapper().readTree(output);
        boolean allowed = false;
        for (JsonNode statement : policy.path("policyDocument").path("Statement")) {
            if ("Deny".equals(statement.path("Effect").asText())) {
                allowed = false;
                break;
            }
            allowed |= "Allow".equals(statement.path("Effect").asText());
        }
        if (!allowed) {
            write(exchange, 403, Map.of("Content-Type", "application/json"),
                    "{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}");
            return Optional.empty();
        }
        Map<String, Object> context = new LinkedHashMap<>();
        policy.path("context").properties().forEach(entry -> context.put(entry.getKey(), entry.getValue().asText()));
        context.put("principalId", policy.path("principalId").asText());
        return Optional.of(context);
    }

    private static Map<String, Object> event(HttpExchange exchange, ApiRoute route, String method, String path)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.getFirst());
            multiHeaders.put(name, values);
        });
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.put(name, value);
                multiQuery.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean text = isText(headers);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        identity.put("userAgent", headers.getOrDefault("User-Agent", ""));
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("resourcePath", route.pathTemplate());
        requestContext.put("httpMethod", method);
        requestContext.put("path", path);
        requestContext.put("stage", "local");
        requestContext.put("requestId", UUID.randomUUID().toString());
        requestContext.put("requestTimeEpoch", Instant.now().toEpochMilli());
        requestContext.put("accountId", LocalValues.ACCOUNT);
        requestContext.put("apiId", "local");
        requestContext.put("protocol", exchange.getProtocol());
        requestContext.put("identity", identity);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", route.pathTemplate());
        event.put("path", path);
        event.put("httpMethod", method);
        event.put("headers", headers);
        event.put("multiValueHeaders", multiHeaders);
        event.put("queryStringParameters", query.isEmpty() ? null : query);
        event.put("multiValueQueryStringParameters", multiQuery.isEmpty() ? null : multiQuery);
        event.put("pathParameters", route.match(path).filter(parameters -> !parameters.isEmpty()).orElse(null));
        event.put("stageVariables", null);
        event.put("requestContext", requestContext);
        event.put("body", body.length == 0 ? null
                : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static boolean isText(Map<String, String> headers) {
        String type = headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse("application/json").toLowerCase(Locale.ROOT);
        return type.contains("json") || type.startsWith("text/") || type.contains("x-www-form-urlencoded");
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        write(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static URI base(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
