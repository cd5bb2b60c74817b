package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Calls the policies function through the real Spring Cloud Function handler, with API Gateway events built from
 * the sample events in {@code events/policies/} and the authorizer context of a chosen caller.
 */
final class BookApi {

    private static InProcessFunction function;

    final TestDatabase db = TestDatabase.get();
    final Fixtures fixtures = new Fixtures(db);

    BookApi() {
        synchronized (BookApi.class) {
            if (function == null) {
                function = InProcessFunction.start("PoliciesFunction", PoliciesFunctions.class.getName(),
                        PoliciesFunctions.FUNCTION, db.appEnvironment());
            }
        }
    }

    /** The claims of a signed-in user who is not an agent (policyholder, provider admin). */
    record User(Tenant tenant, UUID userId, Role role) {
        Map<String, Object> claims() {
            return new AuthorizerClaims(tenant.id(), tenant.code(), userId, role, Optional.empty(), Optional.empty())
                    .toContext();
        }
    }

    User providerAdmin(Tenant tenant) {
        return user(tenant, Role.INSURANCE_PROVIDER_ADMIN);
    }

    /** A policyholder who signed in, linked to {@code policyholderId}. */
    User policyholderLogin(Tenant tenant, UUID policyholderId) {
        User user = user(tenant, Role.POLICYHOLDER);
        db.ownerDsl(tenant).update(POLICYHOLDERS).set(POLICYHOLDERS.USER_ID, user.userId())
                .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(policyholderId)).execute();
        return user;
    }

    private User user(Tenant tenant, Role role) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID id = db.ownerDsl(tenant).insertInto(USERS)
                .set(USERS.USERNAME, "user" + suffix)
                .set(USERS.EMAIL, "user" + suffix + "@example.test")
                .set(USERS.FIRST_NAME, "Test")
                .set(USERS.ROLE, UserRoleEnum.valueOf(role.sqlName()))
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
        return new User(tenant, id, role);
    }

    Call call(String method, String resource, String path) {
        return new Call(method, resource, path);
    }

    /** A sample event as it is, with only the caller replaced. */
    Response sample(String sample, Map<String, Object> claims) {
        ObjectNode event = (ObjectNode) read(Events.json("policies/" + sample));
        ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
        return invoke(event);
    }

    final class Call {
        private final ObjectNode event;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, java.util.List<String>> repeated = new LinkedHashMap<>();

        private Call(String method, String resource, String path) {
            event = (ObjectNode) read(Events.json("policies/get-policy.json"));
            event.put("httpMethod", method.toUpperCase(Locale.ROOT));
            event.put("resource", resource);
            event.put("path", path);
            event.putNull("pathParameters");
            event.putNull("body");
            ((ObjectNode) event.path("headers")).remove("If-Match");
        }

        Call id(Object id) {
            event.putObject("pathParameters").put("id", id.toString());
            return this;
        }

        Call as(Fixtures.Agent agent) {
            return claims(agent.claims());
        }

        Call as(User user) {
            return claims(user.claims());
        }

        Call claims(Map<String, Object> claims) {
            ((ObjectNode) event.path("requestContext")).set("authorizer", Json.mapper().valueToTree(claims));
            return this;
        }

        Call anonymous() {
            ((ObjectNode) event.path("requestContext")).remove("authorizer");
            return this;
        }

        Call query(String name, Object value) {
            query.put(name, value.toString());
            return this;
        }

        /** A parameter given several times ({@code ?status=a&status=b}), as API Gateway's multi-value map has it. */
        Call queryRepeated(String name, String... values) {
            repeated.put(name, java.util.List.of(values));
            query.put(name, values[values.length - 1]);
            return this;
        }

        Call ifMatch(String etag) {
            ((ObjectNode) event.path("headers")).put("If-Match", etag);
            return this;
        }

        Call body(Object body) {
            event.put("body", body instanceof String text ? text : Json.write(body));
            ((ObjectNode) event.path("headers")).put("Content-Type", "application/json");
            return this;
        }

        Response send() {
            event.set("queryStringParameters", query.isEmpty() ? null : Json.mapper().valueToTree(query));
            if (repeated.isEmpty()) {
                event.putNull("multiValueQueryStringParameters");
            } else {
                Map<String, java.util.List<String>> multi = new LinkedHashMap<>();
                query.forEach((name, value) -> multi.put(name, java.util.List.of(value)));
                multi.putAll(repeated);
                event.set("multiValueQueryStringParameters", Json.mapper().valueToTree(multi));
            }
            event.putNull("multiValueHeaders");
            return invoke(event);
        }
    }

    /** Any event JSON (an HTTP API payload 2.0 event, say) through the real handler. */
    Response raw(String eventJson) {
        return invoke(read(eventJson));
    }

    record Response(int status, JsonNode headers, JsonNode body, String raw) {
        String etag() {
            return headers.path("ETag").asText();
        }

        String text(String field) {
            return body.path(field).asText();
        }
    }

    private static Response invoke(JsonNode event) {
        JsonNode response = read(function.invoke(Json.write(event)));
        String raw = response.path("body").asText("");
        return new Response(response.path("statusCode").asInt(), response.path("headers"),
                raw.isEmpty() ? Json.mapper().createObjectNode() : read(raw), raw);
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
