package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.lambda.Json;
import com.agentmitra.testing.Events;
import com.agentmitra.testing.Fixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one policies function dispatches on API Gateway's resource and method. */
class RoutingIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    @Test
    void anUnknownResourceIs404AndAnUnknownMethodIs405() {
        Fixtures.Agent agent = fixtures.agent().create();

        BookApi.Response unknown = api.call("GET", "/nowhere", "/nowhere").as(agent).send();
        BookApi.Response wrongMethod = api.call("DELETE", "/policies/{id}", "/policies/x").id("x").as(agent).send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
    }

    @Test
    void everyRouteNeedsACaller() {
        for (String[] route : new String[][] {{"GET", "/policies"}, {"POST", "/policies"}, {"GET", "/policyholders"},
                {"POST", "/policyholders"}, {"GET", "/agents/me/dashboard"}}) {
            assertThat(api.call(route[0], route[1], route[1]).anonymous().body("{}").send().status())
                    .as(route[0] + " " + route[1]).isEqualTo(401);
        }
    }

    @Test
    void aBodyThatIsNotJsonIsA400() {
        BookApi.Response response = api.call("POST", "/policies", "/policies").as(fixtures.agent().create())
                .body("{not json").send();

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void aListParameterGivenTwiceMeansBothValuesAndASingleOneGivenTwiceIsA400() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID customer = fixtures.policyholder().of(agent).create();
        UUID active = fixtures.policy().of(agent, customer).create();
        UUID lapsed = fixtures.policy().of(agent, customer).status(PolicyStatusEnum.lapsed).create();

        BookApi.Response both = api.call("GET", "/policies", "/policies").as(agent)
                .queryRepeated("status", "active", "lapsed").send();
        BookApi.Response twiceSorted = api.call("GET", "/policies", "/policies").as(agent)
                .queryRepeated("sort", "newest", "policyNumber").send();

        assertThat(both.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        both.body().path("items").forEach(item -> ids.add(item.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(active.toString(), lapsed.toString());
        assertThat(twiceSorted.status()).isEqualTo(400);
        assertThat(twiceSorted.body().path("errors").get(0).path("field").asText()).isEqualTo("sort");
    }

    @Test
    void aForgedOrStaleCursorIsA400OnEveryListNeverA500() {
        Fixtures.Agent agent = fixtures.agent().create();
        String forged = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("newest|yesterday|nobody".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        BookApi.Response holders = api.call("GET", "/policyholders", "/policyholders").as(agent)
                .query("cursor", forged).send();
        BookApi.Response policies = api.call("GET", "/policies", "/policies").as(agent)
                .query("cursor", forged).send();

        assertThat(holders.status()).isEqualTo(400);
        assertThat(holders.body().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
        assertThat(policies.status()).isEqualTo(400);
    }

    @Test
    void anHttpApiPayload2EventIsServedLikeTheRestApiOne() {
        Fixtures.Agent agent = fixtures.agent().create();
        UUID customer = fixtures.policyholder().of(agent).create();
        UUID policy = fixtures.policy().of(agent, customer).create();
        ObjectNode event = (ObjectNode) read(Events.json("policies/http-api-list-policies.json"));
        ((ObjectNode) event.path("requestContext").path("authorizer")).set("lambda",
                Json.mapper().valueToTree(agent.claims()));

        BookApi.Response response = api.raw(event.toString());

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().path("items").get(0).path("id").asText()).isEqualTo(policy.toString());
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
