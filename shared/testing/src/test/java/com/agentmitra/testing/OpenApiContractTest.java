package com.agentmitra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.testing.OpenApiContract.Exchange;
import com.agentmitra.testing.OpenApiContract.HttpRequest;
import com.agentmitra.testing.OpenApiContract.HttpResponse;
import com.agentmitra.testing.OpenApiContract.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract check catches, on the repository's own openapi.yaml: no function runs here. */
class OpenApiContractTest {

    private static final OpenApiContract contract = OpenApiContract.ofRepository();
    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    private static HttpResponse answer(int status, String contentType, String body) {
        return new HttpResponse(status, Map.of("Content-Type", contentType), Optional.ofNullable(body));
    }

    private static List<String> keys(List<Violation> violations) {
        return violations.stream().map(Violation::key).toList();
    }

    private static final HttpRequest HEALTH = HttpRequest.of("GET", "/health");
    private static final String HEALTHY = "{\"status\":\"ok\",\"database\":\"up\",\"schemaVersion\":\"62\"}";

    @Nested
    class Answers {

        @Test
        void aDocumentedAnswerConforms() {
            assertThat(contract.violations(new Exchange(HEALTH, answer(200, JSON, HEALTHY)))).isEmpty();
        }

        @Test
        void aStatusTheOperationDoesNotDocumentIsAViolation() {
            List<Violation> violations = contract.violations(new Exchange(HEALTH, answer(202, JSON, HEALTHY)));

            assertThat(keys(violations)).containsExactly("validation.response.status.unknown");
        }

        @Test
        void aRenamedFieldIsAViolationEvenWhereTheSchemaDoesNotRequireIt() {
            String renamed = "{\"status\":\"ok\",\"database\":\"up\",\"schemaVersion\":\"62\",\"uptime\":3}";

            List<Violation> violations = contract.violations(new Exchange(HEALTH, answer(200, JSON, renamed)));

            assertThat(violations).hasSize(1);
            assertThat(violations.getFirst().message()).contains("uptime");
        }

        @Test
        void aBodyOffItsSchemaIsAViolation() {
            String wrong = "{\"status\":\"degraded\",\"database\":\"up\"}";

            List<Violation> violations = contract.violations(new Exchange(HEALTH, answer(200, JSON, wrong)));

            assertThat(violations).hasSize(2);
            assertThat(violations).extracting(Violation::message)
                    .anyMatch(message -> message.contains("schemaVersion"))
                    .anyMatch(message -> message.contains("degraded") || message.contains("enum"));
        }

        @Test
        void anErrorAnswerMustBeAProblem() {
            List<Violation> violations = contract.violations(new Exchange(HEALTH,
                    answer(503, JSON, "{\"error\":\"database down\"}")));

            assertThat(keys(violations)).contains("validation.response.contentType.notAllowed",
                    "contract.problem.contentType", "contract.problem.schema");
        }

        @Test
        void aProblemAnswerOfADocumentedStatusConforms() {
            String problem = "{\"type\":\"/problems/unavailable\",\"title\":\"Unavailable\",\"status\":503,"
                    + "\"requestId\":\"r-1\"}";

            assertThat(contract.violations(new Exchange(HEALTH, answer(503, PROBLEM, problem)))).isEmpty();
        }
    }

    @Nested
    class Requests {

        private final HttpRequest login = HttpRequest.of("POST", "/auth/login");
        private final HttpResponse unauthorized = answer(401, PROBLEM,
                "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401}");

        @Test
        void aRequestBodyOffTheSchemaIsAViolation() {
            HttpRequest request = login.jsonBody("{\"tenant\":\"LIC\",\"identifier\":\"demo.agent\",\"totp\":\"12\"}");

            List<Violation> violations = contract.violations(new Exchange(request, unauthorized));

            assertThat(violations).extracting(Violation::message)
                    .anyMatch(message -> message.contains("password"))
                    .anyMatch(message -> message.contains("totp"));
        }

        @Test
        void aRequiredBodyThatIsMissingIsAViolation() {
            assertThat(keys(contract.violations(new Exchange(login, unauthorized))))
                    .contains("validation.request.body.missing");
        }

        @Test
        void aQueryParameterTheDocumentDoesNotNameIsAViolation() {
            HttpRequest request = HEALTH.queryParameter("verbose", "true");

            assertThat(keys(contract.violations(new Exchange(request, answer(200, JSON, HEALTHY)))))
                    .containsExactly("validation.request.parameter.query.unexpected");
        }

        @Test
        void aRouteTheDocumentDoesNotHaveIsAViolation() {
            HttpRequest request = HttpRequest.of("DELETE", "/policyholders");

            assertThat(keys(contract.violations(new Exchange(request, answer(204, JSON, null)))))
                    .containsExactly("contract.route.undocumented");
        }

        @Test
        void pathParameterNamesNeedNotMatchTheDocuments() {
            HttpRequest request = HttpRequest.of("GET", "/policies/{policyId}")
                    .pathParameter("policyId", "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
            String notFound = "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}";

            assertThat(contract.violations(new Exchange(request, answer(404, PROBLEM, notFound)))).isEmpty();
        }
    }

    @Nested
    class ApiGatewayEvents {

        @Test
        void aRestApiEventAndItsAnswerAreReadAsOneExchange() {
            String event = """
                    {"httpMethod":"GET","resource":"/health","path":"/health","headers":{"Accept":"application/json"},
                     "queryStringParameters":null,"multiValueQueryStringParameters":{"verbose":["true","false"]},
                     "pathParameters":null,"body":null,"isBase64Encoded":false}""";
            String response = """
                    {"statusCode":200,"headers":{"Content-Type":"application/json"},"body":%s}"""
                    .formatted(com.agentmitra.lambda.Json.write(HEALTHY));

            Exchange exchange = Exchange.fromApiGateway(event, response);

            assertThat(exchange.request().method()).isEqualTo("GET");
            assertThat(exchange.request().query()).containsEntry("verbose", List.of("true", "false"));
            assertThat(exchange.response().body()).contains(HEALTHY);
            assertThat(keys(contract.violations(exchange)))
                    .containsExactly("validation.request.parameter.query.unexpected");
        }

        @Test
        void anHttpApiEventIsReadFromItsRouteKeyAndRawQuery() {
            String event = """
                    {"version":"2.0","routeKey":"GET /policies/{id}","rawPath":"/policies/x",
                     "rawQueryString":"status=active&status=lapsed","headers":{},
                     "pathParameters":{"id":"1b4e28ba-2fa1-11d2-883f-0016d3cca427"},"isBase64Encoded":true,
                     "body":"e30="}""";

            HttpRequest request = Exchange.fromApiGateway(event, "{\"statusCode\":204}").request();

            assertThat(request.pathTemplate()).isEqualTo("/policies/{id}");
            assertThat(request.path()).isEqualTo("/policies/1b4e28ba-2fa1-11d2-883f-0016d3cca427");
            assertThat(request.query()).containsEntry("status", List.of("active", "lapsed"));
            assertThat(request.body()).contains("{}");
        }

        @Test
        void assertConformsNamesEveryViolation() {
            HttpRequest request = HEALTH.queryParameter("verbose", "1");

            assertThatThrownBy(() -> contract.assertConforms(new Exchange(request, answer(202, JSON, "{}"))))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("validation.request.parameter.query.unexpected")
                    .hasMessageContaining("validation.response.status.unknown");
        }
    }

    @Nested
    class Documents {

        @Test
        void aDocumentWithAKeyGivenTwiceIsRefused(@TempDir Path dir) throws IOException {
            Path document = dir.resolve("openapi.yaml");
            Files.writeString(document, """
                    openapi: 3.1.0
                    info: {title: t, version: "1"}
                    paths: {}
                    components:
                      schemas:
                        Tokens: {type: object}
                        Tokens: {type: string}
                    """);

            assertThatThrownBy(() -> OpenApiContract.of(document)).hasMessageContaining("Tokens");
        }
    }
}
