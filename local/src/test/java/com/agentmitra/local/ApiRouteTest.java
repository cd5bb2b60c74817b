package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRouteTest {

    @Test
    void aParameterMatchesOneSegment() {
        ApiRoute route = new ApiRoute("GET", "/policies/{id}", "PoliciesFunction");

        assertThat(route.match("/policies/7d9f")).contains(Map.of("id", "7d9f"));
        assertThat(route.match("/policies/7d9f/payments")).isEmpty();
        assertThat(route.match("/policies")).isEmpty();
    }

    @Test
    void aGreedyParameterTakesTheRestOfThePath() {
        ApiRoute route = new ApiRoute("ANY", "/files/{proxy+}", "Files");

        assertThat(route.match("/files/a/b/c.xlsx")).contains(Map.of("proxy", "a/b/c.xlsx"));
        assertThat(route.allows("DELETE")).isTrue();
    }

    @Test
    void literalRoutesOutrankParameterRoutes() {
        ApiRoute literal = new ApiRoute("GET", "/callbacks/summary", "Callbacks");
        ApiRoute parameter = new ApiRoute("GET", "/callbacks/{id}", "Callbacks");

        assertThat(literal.specificity()).isGreaterThan(parameter.specificity());
    }

    @Test
    void encodedParametersAreDecoded() {
        ApiRoute route = new ApiRoute("GET", "/search/{q}", "Search");

        assertThat(route.match("/search/Ram%20Kumar")).contains(Map.of("q", "Ram Kumar"));
    }
}
