package com.agentmitra.conversations;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** An API Gateway (REST, payload v1) event for one conversation route, as a caller, and its answer. */
final class ApiCall {

    private final ObjectNode event = Json.mapper().createObjectNode();

    private ApiCall(String method, String resource, String path) {
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", method);
        event.putObject("headers").put("Content-Type", "application/json");
        event.putObject("pathParameters");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", resource);
        context.put("httpMethod", method);
        context.put("requestId", UUID.randomUUID().toString());
        context.putObject("identity").put("sourceIp", "127.0.0.1");
        event.putNull("body");
        event.put("isBase64Encoded", false);
    }

    static ApiCall get(String resource) {
        return new ApiCall("GET", resource, resource);
    }

    static ApiCall to(String method, String resource) {
        return new ApiCall(method, resource, resource);
    }

    /** {@code resource} with {@code {id}} replaced by {@code id} in the path and the path parameters. */
    static ApiCall to(String method, String resource, UUID id) {
        ApiCall call = new ApiCall(method, resource, resource.replace("{id}", id.toString()));
        ((ObjectNode) call.event.path("pathParameters")).put("id", id.toString());
        return call;
    }

    ApiCall as(Map<String, Object> claims) {
        ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return this;
    }

    ApiCall body(Object body) {
        event.put("body", body instanceof String text ? text : Json.write(body));
        return this;
    }

    ApiCall header(String name, String value) {
        ((ObjectNode) event.path("headers")).put(name, value);
        return this;
    }

    ApiCall query(String name, String value) {
        if (!event.path("queryStringParameters").isObject()) {
            event.putObject("queryStringParameters");
        }
        ((ObjectNode) event.path("queryStringParameters")).put(name, value);
        return this;
    }

    Answer send(InProcessFunction function) {
        try {
            JsonNode response = Json.mapper().readTree(function.invoke(event.toString()));
            String body = response.path("body").asText(null);
            return new Answer(response.path("statusCode").asInt(), body == null ? null : Json.mapper().readTree(body),
                    response.path("headers").path("Content-Type").asText(), response.path("headers"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, JsonNode body, String contentType, JsonNode headers) {
        JsonNode items() {
            return body.path("items");
        }
    }
}
