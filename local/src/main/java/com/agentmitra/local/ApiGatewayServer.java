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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Serves the template's API routes on loopback like {@code sam local start-api}: each HTTP request becomes an API
 * Gateway REST proxy event (payload v1) for the route's function, and the function's answer becomes the response.
 * Like API Gateway with the template's {@code Cors}, it answers {@code OPTIONS} preflights itself and puts the
 * allowed origin on the answers it gives without a function (401, 403, 404, 502).
 * {@code POST /_local/schedules/<FunctionLogicalId>} fires that function's schedule now.
 */
final class ApiGatewayServer implements AutoCloseable {

    private final HttpServer server;
    private final List<ApiRoute> routes;
    private final Cors cors;
    private final BiFunction<String, String, String> invoke;
    private final EventSources eventSources;

    private ApiGatewayServer(HttpServer server, List<ApiRoute> routes, Cors cors,
            BiFunction<String, String, String> invoke, EventSources eventSources) {
        this.server = server;
        this.routes = routes;
        this.cors = cors;
        this.invoke = invoke;
        this.eventSources = eventSources;
    }

    /**
     * The API's CORS as API Gateway serves it: the preflight's methods, headers and max age from the template's
     * {@code Cors}, for the browser origins this stack allows (the stack parameter {@code AllowedOrigins}; locally
     * {@code ALLOWED_ORIGINS}, see {@link LocalValues#allowedOrigins}). An origin is allowed only as written there,
     * exactly (scheme, host and port).
     */
    record Cors(Set<String> origins, Optional<String> allowMethods, Optional<String> allowHeaders,
            Optional<String> maxAge) {

        Cors {
            origins = Set.copyOf(origins);
        }

        /** No browser origin allowed: every preflight is refused. */
        static Cors none() {
            return new Cors(Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** The template API's {@code Cors} (the first {@code AWS::Serverless::Api} that has one) for these origins. */
        static Cors of(SamTemplate template, String allowedOrigins) {
            Map<String, Object> declared = template.resources().entrySet().stream()
                    .filter(resource -> "AWS::Serverless::Api".equals(resource.getValue().get("Type")))
                    .map(resource -> SamTemplate.map(template.resourceProperties(resource.getKey()).get("Cors")))
                    .filter(properties -> !properties.isEmpty())
                    .findFirst().orElse(Map.of());
            return new Cors(origins(allowedOrigins), literal(declared.get("AllowMethods")),
                    literal(declared.get("AllowHeaders")), literal(declared.get("MaxAge")));
        }

        /** A comma list of origins, as the functions read {@code ALLOWED_ORIGINS}. */
        static Set<String> origins(String list) {
            Set<String> origins = new LinkedHashSet<>();
            for (String origin : list.split(",")) {
                if (!origin.isBlank()) {
                    origins.add(origin.strip());
                }
            }
            return origins;
        }

        boolean allows(String origin) {
            return origins.contains(origin);
        }

        /** SAM writes these as API Gateway static values, {@code "'GET,POST'"}; an intrinsic has no local value. */
        private static Optional<String> literal(Object value) {
            if (!(value instanceof String) && !(value instanceof Number)) {
                return Optional.empty();
            }
            String stripped = String.valueOf(value).strip();
            if (stripped.length() >= 2 && stripped.startsWith("'") && stripped.endsWith("'")) {
                stripped = stripped.substring(1, stripped.length() - 1);
            }
            return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
        }
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

    /** The API with no browser origin allowed. */
    static ApiGatewayServer start(int port, List<ApiRoute> routes, BiFunction<String, String, String> invoke,
            EventSources eventSources) throws IOException {
        return start(port, routes, Cors.none(), invoke, eventSources);
    }

    static ApiGatewayServer start(int port, List<ApiRoute> routes, Cors cors, BiFunction<String, String, String> invoke,
            EventSources eventSources) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ApiGatewayServer gateway = new ApiGatewayServer(server, routes, cors, invoke, eventSources);
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
        // API Gateway's own answers (GatewayResponses in the template) name an allowed origin too, and say nosniff
        Optional<String> origin = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Origin"));
        Map<String, String> gatewayCors = origin.filter(cors::allows)
                .map(allowed -> Map.of("Access-Control-Allow-Origin", allowed, "Vary", "Origin",
                        "X-Content-Type-Options", "nosniff"))
                .orElse(Map.of("X-Content-Type-Options", "nosniff"));
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
            // SAM adds an OPTIONS method answering the preflight to every path that does not declare one
            if (method.equals("OPTIONS") && !matching.isEmpty()
                    && matching.stream().noneMatch(candidate -> candidate.method().equals("OPTIONS"))) {
                preflight(exchange, origin, matching);
                return;
            }
            Optional<ApiRoute> route = matching.stream().filter(candidate -> candidate.allows(method)).findFirst();
            if (route.isEmpty()) {
                int status = matching.isEmpty() ? 404 : 405;
                write(exchange, status, with(gatewayCors, "Content-Type", "application/problem+json"),
                        Json.write(Map.of("type", status == 404 ? "/problems/not-found" : "/problems/method-not-allowed",
                                "title", status == 404 ? "Not found" : "Method not allowed",
                                "status", status,
                                "detail", status == 404 ? "no route for " + path : method + " is not allowed here")));
                return;
            }
            Map<String, Object> event = event(exchange, route.get(), method, path);
            if (route.get().authorizer().isPresent()) {
                Optional<Map<String, Object>> context = authorize(route.get().authorizer().get(), event, exchange,
                        gatewayCors);
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
            write(exchange, 502, with(gatewayCors, "Content-Type", "application/json"),
                    "{\"message\":\"Internal server error\"}");
            System.err.println("[local] function failed: " + e);
        }
    }

    /**
     * What API Gateway does with a REQUEST authorizer: 401 when an identity header is missing (the authorizer is
     * not called) or when it fails with "Unauthorized", 403 on a Deny policy, 500 when it breaks; on Allow the
     * authorizer's context (plus principalId) reaches the route's function.
     */
    private Optional<Map<String, Object>> authorize(ApiRoute.Authorizer authorizer, Map<String, Object> event,
            HttpExchange exchange, Map<String, String> gatewayCors) throws IOException {
        Map<String, String> json = with(gatewayCors, "Content-Type", "application/json");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        for (String required : authorizer.identityHeaders()) {
            boolean present = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(required)
                    && !headers.get(name).isBlank());
            if (!present) {
                write(exchange, 401, json, "{\"message\":\"Unauthorized\"}");
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
                    write(exchange, 401, json, "{\"message\":\"Unauthorized\"}");
                    return Optional.empty();
                }
            }
            System.err.println("[local] authorizer " + authorizer.name() + " failed: " + e);
            write(exchange, 500, json, "{\"message\":null}");
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
            write(exchange, 403, json,
                    "{\"Message\":\"User is not authorized to access this resource with an explicit deny\"}");
            return Optional.empty();
        }
        Map<String, Object> context = new LinkedHashMap<>();
        policy.path("context").properties().forEach(entry -> context.put(entry.getKey(), entry.getValue().asText()));
        context.put("principalId", policy.path("principalId").asText());
        return Optional.of(context);
    }

    /**
     * What API Gateway's mock integration answers to {@code OPTIONS}: for an allowed {@code Origin}, that origin with
     * the template's methods, headers and max age. A preflight from any other origin is refused (403, no CORS
     * header: the browser stops there); an {@code OPTIONS} without {@code Origin} is no preflight and only learns the
     * path's methods.
     */
    private void preflight(HttpExchange exchange, Optional<String> origin, List<ApiRoute> matching) throws IOException {
        String methods = cors.allowMethods().orElseGet(() -> String.join(",", Stream.concat(
                matching.stream().map(ApiRoute::method), Stream.of("OPTIONS")).distinct().sorted().toList()));
        if (origin.isEmpty()) {
            write(exchange, 204, Map.of("Allow", methods), new byte[0]);
            return;
        }
        if (!cors.allows(origin.get())) {
            System.err.println("[local] preflight from " + origin.get() + " refused: not in ALLOWED_ORIGINS "
                    + cors.origins());
            write(exchange, 403, Map.of("Content-Type", "application/json"),
                    Json.write(Map.of("message", "origin " + origin.get() + " is not allowed")));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin.get());
        headers.put("Access-Control-Allow-Methods", methods);
        cors.allowHeaders().ifPresent(allowed -> headers.put("Access-Control-Allow-Headers", allowed));
        cors.maxAge().ifPresent(seconds -> headers.put("Access-Control-Max-Age", seconds));
        headers.put("Vary", "Origin");
        write(exchange, 204, headers, new byte[0]);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
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
