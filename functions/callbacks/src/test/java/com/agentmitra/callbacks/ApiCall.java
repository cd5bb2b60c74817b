package com.agentmitra.callbacks;

import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/** A sample event of {@code events/callbacks/}, re-aimed at a caller, a callback or a body, and its answer. */
final class ApiCall {

    private final ObjectNode event;

    private ApiCall(ObjectNode event) {
        this.event = event;
    }

    static ApiCall sample(String name) {
        try {
            return new ApiCall((ObjectNode) Json.mapper().readTree(Events.json("callbacks/" + name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ApiCall as(Map<String, Object> claims) {
        ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return this;
    }

    /** Replaces the sample's id in the path (and path parameters) with {@code id}. */
    ApiCall on(UUID id) {
        String path = event.path("path").asText().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                id.toString());
        event.put("path", path);
        ((ObjectNode) event.path("pathParameters")).put("id", id.toString());
        return this;
    }

    ApiCall body(Object body) {
        event.put("body", body instanceof String text ? text : Json.write(body));
        return this;
    }

    ApiCall header(String name, String value) {
        if (!event.path("headers").isObject()) {
            event.putObject("headers");
        }
        ((ObjectNode) event.path("headers")).put(name, value);
        event.remove("multiValueHeaders");
        return this;
    }

    ApiCall query(String name, String value) {
        if (!event.path("queryStringParameters").isObject()) {
            event.putObject("queryStringParameters");
        }
        ((ObjectNode) event.path("queryStringParameters")).put(name, value);
        event.remove("multiValueQueryStringParameters");
        return this;
    }

    Answer send(InProcessFunction function) {
        try {
            JsonNode response = Json.mapper().readTree(function.invoke(event.toString()));
            String body = response.path("body").asText(null);
            return new Answer(response.path("statusCode").asInt(), body == null ? null : Json.mapper().readTree(body),
                    response.path("headers").path("Content-Type").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, JsonNode body, String contentType) {
        UUID id() {
            return UUID.fromString(body.path("id").asText());
        }
    }
}
