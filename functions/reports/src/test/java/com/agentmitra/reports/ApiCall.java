package com.agentmitra.reports;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** An API Gateway (REST, payload v1) event for one route of the reports API, aimed at a caller, and its answer. */
final class ApiCall {

    private final ObjectNode event = Json.mapper().createObjectNode();

    private ApiCall(String method, String resource, String path) {
        event.put("resource", resource).put("path", path).put("httpMethod", method).put("isBase64Encoded", false);
        event.putObject("headers").put("Accept", "application/json");
        event.putObject("pathParameters");
        event.putObject("queryStringParameters");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", resource).put("httpMethod", method).put("stage", "test")
                .put("requestId", UUID.randomUUID().toString());
        context.putObject("identity").put("sourceIp", "127.0.0.1");
    }

    static ApiCall get(String resource) {
        return new ApiCall("GET", resource, resource);
    }

    static ApiCall get(String resource, UUID id) {
        ApiCall call = new ApiCall("GET", resource, resource.replace("{id}", id.toString()));
        ((ObjectNode) call.event.path("pathParameters")).put("id", id.toString());
        return call;
    }

    static ApiCall send(String method, String resource, Object body) {
        ApiCall call = new ApiCall(method, resource, resource);
        ((ObjectNode) call.event.path("headers")).put("Content-Type", "application/json");
        call.event.put("body", body instanceof String text ? text : Json.write(body));
        return call;
    }

    ApiCall pathId(String id) {
        event.put("path", event.path("resource").asText().replace("{id}", id));
        ((ObjectNode) event.path("pathParameters")).put("id", id);
        return this;
    }

    ApiCall as(Map<String, Object> claims) {
        ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return this;
    }

    ApiCall query(String name, Object value) {
        ((ObjectNode) event.path("queryStringParameters")).put(name, String.valueOf(value));
        return this;
    }

    ApiCall header(String name, String value) {
        ((ObjectNode) event.path("headers")).put(name, value);
        return this;
    }

    Answer send(InProcessFunction function) {
        try {
            JsonNode response = Json.mapper().readTree(function.invoke(event.toString()));
            String body = response.path("body").asText(null);
            return new Answer(response.path("statusCode").asInt(), body == null ? null : Json.mapper().readTree(body),
                    response.path("headers").path("Content-Type").asText(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text}: the body as written (a JsonNode would normalise 250.00 to 2.5E+2). */
    record Answer(int status, JsonNode body, String contentType, String text) {
        /** The field names of the problem's errors, for 400s. */
        java.util.List<String> fields() {
            java.util.List<String> fields = new java.util.ArrayList<>();
            body.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            return fields;
        }
    }
}
