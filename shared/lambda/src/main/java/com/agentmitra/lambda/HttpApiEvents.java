package com.agentmitra.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API events (payload format 2.0) rewritten as REST API events (1.0), field by field as AWS
 * documents the two formats: {@code requestContext.http.method} is the method, {@code routeKey}'s path part the
 * resource ({@code $default} leaves it empty: the router then matches the path), {@code rawPath} the path, the raw
 * query string the multi-value query parameters (2.0 joins repeated values with commas, which would hide a parameter
 * given twice), {@code cookies} the Cookie header, a Lambda authorizer's {@code authorizer.lambda} context the 1.0
 * {@code authorizer} map, {@code http.sourceIp} the caller's address.
 */
final class HttpApiEvents {

    private HttpApiEvents() {}

    /** A cheap look at the bytes before parsing: only an event that names a 2.0 version is read as JSON. */
    static boolean mayBeHttpApi(byte[] event) {
        String head = new String(event, 0, Math.min(event.length, 4096), StandardCharsets.UTF_8);
        return head.contains("\"2.0\"") && new String(event, StandardCharsets.UTF_8).contains("\"routeKey\"");
    }

    static boolean isHttpApi(JsonNode event) {
        return event.isObject() && "2.0".equals(event.path("version").asText())
                && event.hasNonNull("routeKey") && event.path("requestContext").has("http");
    }

    static ObjectNode toRestApi(JsonNode event) {
        ObjectNode rest = Json.mapper().createObjectNode();
        JsonNode context = event.path("requestContext");
        JsonNode http = context.path("http");
        String routeKey = event.path("routeKey").asText();
        int space = routeKey.indexOf(' ');
        String resource = space > 0 ? routeKey.substring(space + 1) : null;
        String method = http.path("method").asText(space > 0 ? routeKey.substring(0, space) : "GET");
        String path = event.path("rawPath").asText(http.path("path").asText("/"));

        rest.put("version", "1.0");
        if (resource != null) {
            rest.put("resource", resource);
        } else {
            rest.putNull("resource");
        }
        rest.put("path", path);
        rest.put("httpMethod", method);

        ObjectNode headers = rest.putObject("headers");
        ObjectNode multiHeaders = rest.putObject("multiValueHeaders");
        event.path("headers").properties().forEach(header -> {
            headers.put(header.getKey(), header.getValue().asText());
            multiHeaders.putArray(header.getKey()).add(header.getValue().asText());
        });
        if (event.path("cookies").isArray() && !event.path("cookies").isEmpty()) {
            StringBuilder cookie = new StringBuilder();
            event.path("cookies").forEach(c -> cookie.append(cookie.isEmpty() ? "" : "; ").append(c.asText()));
            headers.put("Cookie", cookie.toString());
            multiHeaders.putArray("Cookie").add(cookie.toString());
        }

        Map<String, List<String>> query = parseQuery(event.path("rawQueryString").asText(""));
        if (query.isEmpty()) {
            rest.putNull("queryStringParameters");
            rest.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = rest.putObject("queryStringParameters");
            ObjectNode multi = rest.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }
        rest.set("pathParameters", event.hasNonNull("pathParameters") ? event.get("pathParameters") : null);
        rest.set("stageVariables", event.hasNonNull("stageVariables") ? event.get("stageVariables") : null);

        ObjectNode restContext = rest.putObject("requestContext");
        restContext.put("resourcePath", resource);
        restContext.put("httpMethod", method);
        restContext.put("path", http.path("path").asText(path));
        copy(context, restContext, "accountId", "apiId", "domainName", "domainPrefix", "requestId", "stage");
        restContext.put("protocol", http.path("protocol").asText("HTTP/1.1"));
        if (context.has("timeEpoch")) {
            restContext.put("requestTimeEpoch", context.path("timeEpoch").asLong());
        }
        ObjectNode identity = restContext.putObject("identity");
        identity.put("sourceIp", http.path("sourceIp").asText(null));
        identity.put("userAgent", http.path("userAgent").asText(null));
        JsonNode authorizer = context.path("authorizer");
        if (authorizer.has("lambda")) {
            restContext.set("authorizer", authorizer.get("lambda"));
        }

        rest.set("body", event.hasNonNull("body") ? event.get("body") : null);
        rest.put("isBase64Encoded", event.path("isBase64Encoded").asBoolean(false));
        return rest;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.hasNonNull(field)) {
                to.set(field, from.get(field));
            }
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
