package com.agentmitra.admin;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An API Gateway (REST, payload v1) event for one admin route, as the authorizer would hand it on, and its answer. */
final class AdminCall {

    private final ObjectNode event = Json.mapper().createObjectNode();
    private final Map<String, String> query = new LinkedHashMap<>();

    private AdminCall(String method, String resource, String path) {
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", method);
        event.putObject("headers").put("Content-Type", "application/json").put("Accept", "application/json");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", resource);
        context.put("httpMethod", method);
        context.put("requestId", UUID.randomUUID().toString());
        context.putObject("identity").put("sourceIp", "127.0.0.1");
        event.put("isBase64Encoded", false);
    }

    /** {@code resource} with {@code {id}} replaced by {@code id} when given. */
    static AdminCall to(String method, String resource, Object id) {
        AdminCall call = new AdminCall(method, resource,
                id == null ? resource : resource.replace("{id}", id.toString()));
        if (id != null) {
            call.event.putObject("pathParameters").put("id", id.toString());
        }
        return call;
    }

    static AdminCall to(String method, String resource) {
        return to(method, resource, null);
    }

    /** Fills the path parameter {@code name} (path and pathParameters) with {@code value}. */
    AdminCall path(String name, String value) {
        event.put("path", event.path("path").asText().replace("{" + name + "}", value));
        ObjectNode parameters = event.has("pathParameters") ? (ObjectNode) event.get("pathParameters")
                : event.putObject("pathParameters");
        parameters.put(name, value);
        return this;
    }

    AdminCall as(Map<String, Object> claims) {
        ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return this;
    }

    AdminCall body(Object body) {
        event.put("body", body instanceof String text ? text : Json.write(body));
        return this;
    }

    AdminCall query(String name, Object value) {
        query.put(name, String.valueOf(value));
        event.set("queryStringParameters", Json.mapper().valueToTree(query));
        return this;
    }

    Answer send(InProcessFunction function) {
        try {
            JsonNode response = Json.mapper().readTree(function.invoke(event.toString()));
            String body = response.path("body").asText(null);
            return new Answer(response.path("statusCode").asInt(), body == null ? null : Json.mapper().readTree(body),
                    body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, JsonNode body, String text) {
        UUID id() {
            return UUID.fromString(body.path("id").asText());
        }
    }
}
