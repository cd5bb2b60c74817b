package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
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
}
