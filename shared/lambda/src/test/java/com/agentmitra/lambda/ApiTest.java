package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ApiTest {

    record NewThing(String name, BigDecimal premium) {
        NewThing {
            Violations violations = new Violations().require("name", name);
            if (premium != null && premium.signum() <= 0) {
                violations.add("premium", "must be more than 0");
            }
            violations.throwIfAny();
        }
    }

    private static APIGatewayProxyResponseEvent post(String body, Api.OpenHandler handler) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/things").withBody(body)
                .withHeaders(Map.of("Content-Type", "application/json"));
        return Api.respond(event, "req-1", handler);
    }

    private static APIGatewayProxyRequestEvent postOf(String body, boolean base64) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/things").withBody(body)
                .withIsBase64Encoded(base64);
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) throws Exception {
        return Json.mapper().readTree(response.getBody());
    }

    @Nested
    class BadInput {

        @Test
        void aBodyOverTheUsualLimitIs413BeforeAnyHandlerRuns() throws Exception {
            boolean[] handled = new boolean[1];
            Api.ApiFunction route = Api.withoutCallers().open(request -> {
                handled[0] = true;
                return ApiResponse.ok(Map.of());
            });

            APIGatewayProxyResponseEvent response = route.apply(org.springframework.messaging.support.MessageBuilder
                    .withPayload(postOf("x".repeat(ApiRequest.MAX_BODY_BYTES + 1), false)).build());

            assertThat(response.getStatusCode()).isEqualTo(413);
            assertThat(json(response).path("detail").asText()).isEqualTo("the body is larger than 1 MB");
            assertThat(handled[0]).isFalse();
        }

        @Test
        void aRouteMayAllowALargerBodyAndStillRefusesOneByteMore() throws Exception {
            int limit = 3 * 1024 * 1024;
            Api.ApiFunction route = Api.withoutCallers().open(limit,
                    request -> ApiResponse.ok(Map.of("bytes", request.body().orElse("").length())));
            byte[] exactly = "y".repeat(limit).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] oneMore = "y".repeat(limit + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);

            APIGatewayProxyResponseEvent fits = route.apply(org.springframework.messaging.support.MessageBuilder
                    .withPayload(postOf(java.util.Base64.getEncoder().encodeToString(exactly), true)).build());
            APIGatewayProxyResponseEvent over = route.apply(org.springframework.messaging.support.MessageBuilder
                    .withPayload(postOf(java.util.Base64.getEncoder().encodeToString(oneMore), true)).build());

            assertThat(fits.getStatusCode()).isEqualTo(200);
            assertThat(json(fits).path("bytes").asInt()).isEqualTo(limit);
            assertThat(over.getStatusCode()).isEqualTo(413);
            assertThat(json(over).path("detail").asText()).isEqualTo("the body is larger than 3 MB");
        }

        @Test
        void malformedJsonIsA400ProblemNotA500() throws Exception {
            APIGatewayProxyResponseEvent response = post("{\"name\": ", request -> ApiResponse.ok(request.body(NewThing.class)));

            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
            assertThat(json(response).path("type").asText()).isEqualTo("/problems/invalid-input");
            assertThat(json(response).path("detail").asText()).isEqualTo("the body is not valid JSON");
        }

        @Test
        void everyInvalidFieldIsNamedOnce() throws Exception {
            APIGatewayProxyResponseEvent response = post("{\"name\":\"\",\"premium\":-5}",
                    request -> ApiResponse.ok(request.body(NewThing.class)));

            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(json(response).path("errors").findValuesAsText("field")).containsExactly("name", "premium");
            assertThat(json(response).path("detail").asText()).isEqualTo("2 fields need attention");
        }

        @Test
        void aWrongTypeNamesTheFieldAndTheExpectedType() throws Exception {
            APIGatewayProxyResponseEvent response = post("{\"name\":\"x\",\"premium\":\"lots\"}",
                    request -> ApiResponse.ok(request.body(NewThing.class)));

            assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("premium");
            assertThat(json(response).path("errors").get(0).path("message").asText()).isEqualTo("must be a number");
        }

        @Test
        void anUnknownFieldIsRejectedRatherThanIgnored() throws Exception {
            APIGatewayProxyResponseEvent response = post("{\"name\":\"x\",\"premum\":5}",
                    request -> ApiResponse.ok(request.body(NewThing.class)));

            assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("premum");
        }

        @Test
        void moneyIsReadAsAnExactDecimal() {
            APIGatewayProxyResponseEvent response = post("{\"name\":\"x\",\"premium\":12345.67}",
                    request -> ApiResponse.ok(request.body(NewThing.class).premium().toPlainString()));

            assertThat(response.getBody()).isEqualTo("\"12345.67\"");
        }
    }

    @Nested
    class Surprises {

        @Test
        void anUnexpectedErrorIsA500ThatRevealsNothing() throws Exception {
            APIGatewayProxyResponseEvent response = post("{}", request -> {
                throw new IllegalStateException("connection to db-secret-host:5432 with password hunter2 failed");
            });

            assertThat(response.getStatusCode()).isEqualTo(500);
            assertThat(response.getBody()).doesNotContain("hunter2").doesNotContain("db-secret-host");
            assertThat(json(response).path("requestId").asText()).isEqualTo("req-1");
        }

        @Test
        void aDeadlockIsARetryable503NotA500() {
            APIGatewayProxyResponseEvent response = post("{}", request -> {
                throw new org.jooq.exception.DataAccessException("deadlock detected",
                        new java.sql.SQLException("deadlock detected", "40P01"));
            });

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsKey("Retry-After");
        }

        /** A check violation as PostgreSQL reports it: severity, SQL state, message and the constraint's name. */
        private org.jooq.exception.DataAccessException checkViolation(String constraint) {
            return new org.jooq.exception.DataAccessException("SQL [insert ...]; ERROR: agent 7f0c is not approved",
                    new org.postgresql.util.PSQLException(new org.postgresql.util.ServerErrorMessage(
                            "SERROR\0C23514\0Magent 7f0c is not approved (pending_approval)\0n" + constraint + "\0")));
        }

        @Test
        void aNamedRuleOfTheDatabaseIsA409ThatSaysWhyWhicheverRouteReachedIt() throws Exception {
            APIGatewayProxyResponseEvent response = post("{}", request -> {
                throw checkViolation("agent_not_approved");
            });

            assertThat(response.getStatusCode()).isEqualTo(409);
            assertThat(json(response).path("detail").asText()).contains("not approved")
                    .doesNotContain("7f0c").doesNotContain("pending_approval");
        }

        @Test
        void anyOtherCheckViolationStaysAnInternalErrorAndItsMessageIsNotShown() {
            APIGatewayProxyResponseEvent response = post("{}", request -> {
                throw checkViolation("policies_premium_positive");
            });

            assertThat(response.getStatusCode()).isEqualTo(500);
            assertThat(response.getBody()).doesNotContain("7f0c").doesNotContain("not approved");
        }

        @Test
        void aRouteThatNeedsACallerAnswers401WithoutClaims() {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/x");

            APIGatewayProxyResponseEvent response = Api.respond(event, "req-2", request -> {
                request.claims().orElseThrow(() -> new ApiProblem.Unauthorized("sign in to use this route"));
                return ApiResponse.noContent();
            });

            assertThat(response.getStatusCode()).isEqualTo(401);
        }
    }

    @Test
    void rateLimitsSayWhenToComeBack() {
        APIGatewayProxyResponseEvent response = post("{}", request -> {
            throw new ApiProblem.TooManyRequests("too many codes asked for", 27);
        });

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "27");
    }
}
