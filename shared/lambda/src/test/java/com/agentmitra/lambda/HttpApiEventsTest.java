package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** HTTP API (payload 2.0) events become the REST API (1.0) events the functions read. */
class HttpApiEventsTest {

    private static final String EVENT = """
            {"version": "2.0", "routeKey": "GET /policies", "rawPath": "/policies",
             "rawQueryString": "status=active&status=lapsed&q=asha%20k",
             "cookies": ["a=1", "b=2"],
             "headers": {"authorization": "Bearer x", "origin": "http://localhost:5173"},
             "queryStringParameters": {"status": "active,lapsed", "q": "asha k"},
             "requestContext": {"accountId": "000000000000", "apiId": "api", "requestId": "req-2",
               "authorizer": {"lambda": {"tenant": "LIC", "role": "junior_agent"}},
               "http": {"method": "GET", "path": "/policies", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9",
                        "userAgent": "portal"},
               "routeKey": "GET /policies", "stage": "$default", "timeEpoch": 1764057600000},
             "isBase64Encoded": false}
            """;

    @Test
    void methodRouteQueryAuthorizerAndCallerComeAcross() throws Exception {
        JsonNode event = Json.mapper().readTree(EVENT);

        JsonNode rest = HttpApiEvents.toRestApi(event);

        assertThat(HttpApiEvents.isHttpApi(event)).isTrue();
        assertThat(rest.path("httpMethod").asText()).isEqualTo("GET");
        assertThat(rest.path("resource").asText()).isEqualTo("/policies");
        assertThat(rest.path("multiValueQueryStringParameters").path("status"))
                .extracting(JsonNode::asText).containsExactly("active", "lapsed");
        assertThat(rest.path("queryStringParameters").path("q").asText()).isEqualTo("asha k");
        assertThat(rest.path("requestContext").path("authorizer").path("tenant").asText()).isEqualTo("LIC");
        assertThat(rest.path("requestContext").path("identity").path("sourceIp").asText()).isEqualTo("203.0.113.9");
        assertThat(rest.path("requestContext").path("requestId").asText()).isEqualTo("req-2");
        assertThat(rest.path("headers").path("Cookie").asText()).isEqualTo("a=1; b=2");
    }

    @Test
    void aDefaultRouteLeavesTheResourceToThePath() throws Exception {
        JsonNode event = Json.mapper().readTree(EVENT.replace("\"routeKey\": \"GET /policies\", \"rawPath\"",
                "\"routeKey\": \"$default\", \"rawPath\""));

        JsonNode rest = HttpApiEvents.toRestApi(event);

        assertThat(rest.path("resource").isNull()).isTrue();
        assertThat(rest.path("path").asText()).isEqualTo("/policies");
        assertThat(rest.path("httpMethod").asText()).isEqualTo("GET");
    }

    @Test
    void aRestApiEventIsNotTakenForAnHttpApiOne() throws Exception {
        JsonNode rest = Json.mapper().readTree("{\"resource\": \"/policies\", \"httpMethod\": \"GET\","
                + " \"path\": \"/policies\", \"requestContext\": {\"requestId\": \"r\"}}");

        assertThat(HttpApiEvents.isHttpApi(rest)).isFalse();
    }
}
