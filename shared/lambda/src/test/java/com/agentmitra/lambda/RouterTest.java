package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

class RouterTest {

    private static Api.ApiFunction answer(String what) {
        return message -> new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(what
                + (message.getPayload().getPathParameters() == null ? ""
                        : " " + message.getPayload().getPathParameters()));
    }

    private final Router router = new Router()
            .route("GET", "/callbacks", answer("list"))
            .route("POST", "/callbacks", answer("create"))
            .route("GET", "/callbacks/summary", answer("summary"))
            .route("GET", "/callbacks/{id}", answer("one"));

    private static APIGatewayProxyResponseEvent send(Router router, String method, String resource, String path,
            Map<String, String> headers) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod(method)
                .withResource(resource).withPath(path).withHeaders(headers);
        return router.function().apply(MessageBuilder.withPayload(event).build());
    }

    @Test
    void dispatchesOnApiGatewaysResourceAndMethod() {
        assertThat(send(router, "POST", "/callbacks", "/callbacks", Map.of()).getBody()).isEqualTo("create");
        assertThat(send(router, "GET", "/callbacks/{id}", "/callbacks/abc", Map.of()).getBody()).startsWith("one");
    }

    @Test
    void anEventWithoutAResourceIsMatchedOnItsPathLiteralsFirst() {
        assertThat(send(router, "GET", null, "/callbacks/summary", Map.of()).getBody()).isEqualTo("summary");
        assertThat(send(router, "GET", null, "/callbacks/3f2a", Map.of()).getBody()).isEqualTo("one {id=3f2a}");
    }

    @Test
    void anUnknownPathIs404AndAnUnknownMethodIs405NamingTheAllowedOnes() {
        APIGatewayProxyResponseEvent missing = send(router, "GET", null, "/nowhere", Map.of());
        APIGatewayProxyResponseEvent wrongMethod = send(router, "DELETE", "/callbacks", "/callbacks", Map.of());

        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(wrongMethod.getStatusCode()).isEqualTo(405);
        assertThat(wrongMethod.getHeaders()).containsEntry("Allow", "GET, POST");
    }

    @Test
    void everyAnswerTellsBrowsersNotToSniffItsType() {
        assertThat(send(router, "GET", "/callbacks", "/callbacks", Map.of()).getHeaders())
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(send(router, "GET", null, "/nowhere", Map.of()).getHeaders())
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(send(router, "DELETE", "/callbacks", "/callbacks", Map.of()).getHeaders())
                .containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    void describesEveryRouteOnceInDeclarationOrder() {
        assertThat(router.describe()).containsExactly("GET /callbacks", "POST /callbacks", "GET /callbacks/summary",
                "GET /callbacks/{id}");
    }

    @Test
    void answersCarryCorsHeadersOnlyForAnAllowedOrigin() {
        Router cors = com.agentmitra.config.Env.with(Map.of("ALLOWED_ORIGINS", "http://localhost:5173, https://portal.example.in"),
                () -> new Router().route("GET", "/me", answer("me")));

        APIGatewayProxyResponseEvent allowed = send(cors, "GET", "/me", "/me", Map.of("origin", "http://localhost:5173"));
        APIGatewayProxyResponseEvent other = send(cors, "GET", "/me", "/me", Map.of("Origin", "https://evil.example"));
        APIGatewayProxyResponseEvent missing = send(cors, "GET", null, "/nowhere",
                Map.of("Origin", "https://portal.example.in"));

        assertThat(allowed.getHeaders()).containsEntry("Access-Control-Allow-Origin", "http://localhost:5173")
                .containsEntry("Vary", "Origin");
        assertThat(other.getHeaders() == null ? Map.of() : other.getHeaders())
                .doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(missing.getHeaders()).as("errors too, so the portal can read the problem")
                .containsEntry("Access-Control-Allow-Origin", "https://portal.example.in");
    }
}
