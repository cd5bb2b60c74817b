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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local API behaves like API Gateway in front of a REQUEST authorizer. */
class ApiGatewayServerTest {

    private final AtomicReference<String> lastRouteEvent = new AtomicReference<>();
    private ApiGatewayServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ApiRoute.Authorizer authorizer = new ApiRoute.Authorizer("AccessTokenAuthorizer", "Authorizer", List.of("Authorization"));
        List<ApiRoute> routes = List.of(
                new ApiRoute("GET", "/health", "Health"),
                new ApiRoute("GET", "/policies/{id}", "Policies", Optional.of(authorizer)));
        server = ApiGatewayServer.start(0, routes, (function, event) -> switch (function) {
            case "Authorizer" -> authorize(event);
            default -> {
                lastRouteEvent.set(event);
                yield Json.write(Map.of("statusCode", 200, "headers", Map.of("Content-Type", "application/json"),
                        "body", "{\"ok\":true}"));
            }
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
}
