package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The local API behaves like API Gateway in front of a REQUEST authorizer, with the template's CORS. */
class ApiGatewayServerTest {

    private static final String PORTAL = "http://localhost:5173";
    private static final ApiGatewayServer.Cors CORS = new ApiGatewayServer.Cors(Set.of(PORTAL),
            Optional.of("GET,POST,PUT,PATCH,DELETE,OPTIONS"),
            Optional.of("Authorization,Content-Type,If-Match,Idempotency-Key"), Optional.of("600"));

    private final AtomicReference<String> lastRouteEvent = new AtomicReference<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private ApiGatewayServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ApiRoute.Authorizer authorizer = new ApiRoute.Authorizer("AccessTokenAuthorizer", "Authorizer", List.of("Authorization"));
        List<ApiRoute> routes = List.of(
                new ApiRoute("GET", "/health", "Health"),
                new ApiRoute("GET", "/policies/{id}", "Policies", Optional.of(authorizer)));
        server = ApiGatewayServer.start(0, routes, CORS, (function, event) -> {
            invocations.incrementAndGet();
            return switch (function) {
                case "Authorizer" -> authorize(event);
                default -> {
                    lastRouteEvent.set(event);
                    yield Json.write(Map.of("statusCode", 200, "headers", Map.of("Content-Type", "application/json"),
                            "body", "{\"ok\":true}"));
                }
            };
        }, null);
    }

    private static String authorize(String event) {
        String header;
        try {
            header = Json.mapper().readTree(event).path("headers").path("Authorization").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return switch (header) {
            case "Bearer good" -> Json.write(Map.of("principalId", "user-1",
                    "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                            "Effect", "Allow", "Action", "execute-api:Invoke", "Resource", "*"))),
                    "context", Map.of("userId", "user-1", "role", "junior_agent")));
            case "Bearer denied" -> Json.write(Map.of("principalId", "user-2",
                    "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                            "Effect", "Deny", "Action", "execute-api:Invoke", "Resource", "*")))));
            default -> throw new IllegalStateException("Unauthorized");
        };
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a browser on {@code origin} sends before a GET with a bearer token. */
    private HttpResponse<String> preflight(String path, String origin) throws Exception {
        return send("OPTIONS", path, Map.of("Origin", origin, "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "authorization"));
    }

    @Test
    void anOpenRouteNeedsNoToken() throws Exception {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aProtectedRouteWithoutTheHeaderIs401AndReachesNoFunction() throws Exception {
        assertThat(get("/policies/7", null).statusCode()).isEqualTo(401);
        assertThat(lastRouteEvent.get()).isNull();
    }

    @Test
    void aTokenTheAuthorizerRejectsIs401() throws Exception {
        assertThat(get("/policies/7", "Bearer forged").statusCode()).isEqualTo(401);
        assertThat(lastRouteEvent.get()).isNull();
    }

    @Test
    void anExplicitDenyIs403() throws Exception {
        assertThat(get("/policies/7", "Bearer denied").statusCode()).isEqualTo(403);
    }

    @Test
    void anAllowedRequestCarriesTheAuthorizerContextToTheRoute() throws Exception {
        HttpResponse<String> response = get("/policies/7", "Bearer good");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = Json.mapper().readTree(lastRouteEvent.get());
        assertThat(event.path("requestContext").path("authorizer").path("userId").asText()).isEqualTo("user-1");
        assertThat(event.path("pathParameters").path("id").asText()).isEqualTo("7");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405() throws Exception {
        assertThat(get("/nowhere", null).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Nested
    class Preflight {

        @Test
        void fromAnAllowedOriginTheGatewayAnswersWithTheTemplatesCorsAndCallsNoFunction() throws Exception {
            HttpResponse<String> response = preflight("/policies/7", PORTAL);

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                    .contains("GET,POST,PUT,PATCH,DELETE,OPTIONS");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                    .contains("Authorization,Content-Type,If-Match,Idempotency-Key");
            assertThat(response.headers().firstValue("Access-Control-Max-Age")).contains("600");
            assertThat(response.headers().firstValue("Vary")).contains("Origin");
            assertThat(invocations.get()).as("neither the authorizer nor the route's function runs").isZero();
        }

        @Test
        void fromAnotherOriginIsRefusedWithoutAnyCorsHeader() throws Exception {
            HttpResponse<String> response = preflight("/policies/7", "https://elsewhere.example");
            HttpResponse<String> otherPort = preflight("/policies/7", "http://localhost:5174");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control"));
            assertThat(otherPort.statusCode()).as("an origin is allowed exactly, port included").isEqualTo(403);
            assertThat(invocations.get()).isZero();
        }

        @Test
        void anOptionsWithoutOriginIsNoPreflightAndOnlyLearnsTheMethods() throws Exception {
            HttpResponse<String> response = send("OPTIONS", "/policies/7", Map.of());

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Allow")).contains("GET,POST,PUT,PATCH,DELETE,OPTIONS");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(invocations.get()).isZero();
        }

        @Test
        void onAPathWithoutARouteIsStill404() throws Exception {
            assertThat(preflight("/nowhere", PORTAL).statusCode()).isEqualTo(404);
        }

        @Test
        void withNoOriginAllowedEveryPreflightIsRefused() throws Exception {
            try (ApiGatewayServer closed = ApiGatewayServer.start(0, List.of(new ApiRoute("GET", "/health", "Health")),
                    (function, event) -> "{}", null)) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + closed.port() + "/health"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", PORTAL).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(403);
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
        }
    }

    @Nested
    class GatewayAnswers {

        @Test
        void theAuthorizersRefusalNamesAnAllowedOriginSoThePortalCanReadIt() throws Exception {
            HttpResponse<String> missing = send("GET", "/policies/7", Map.of("Origin", PORTAL));
            HttpResponse<String> forged = send("GET", "/policies/7", Map.of("Origin", PORTAL, "Authorization", "Bearer forged"));
            HttpResponse<String> denied = send("GET", "/policies/7", Map.of("Origin", PORTAL, "Authorization", "Bearer denied"));

            assertThat(List.of(missing.statusCode(), forged.statusCode(), denied.statusCode())).containsExactly(401, 401, 403);
            for (HttpResponse<String> response : List.of(missing, forged, denied)) {
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL);
                assertThat(response.headers().firstValue("Vary")).contains("Origin");
            }
        }

        @Test
        void anotherOriginGetsTheRefusalWithoutTheHeader() throws Exception {
            HttpResponse<String> response = send("GET", "/policies/7", Map.of("Origin", "https://elsewhere.example"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void aFunctionsAnswerIsTheFunctionsOwnTheGatewayAddsNothing() throws Exception {
            HttpResponse<String> response = send("GET", "/health", Map.of("Origin", PORTAL));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("answers from functions carry CORS from the functions' router, as in AWS").isEmpty();
        }
    }
}
