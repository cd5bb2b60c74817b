package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.testing.RouteDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routes the auth function declares are the ones template.yaml wires to it and openapi.yaml describes. */
class AuthRoutesTest {

    private final List<String> declared = new AuthRoutes(
            new Api(new TenantDirectory(null)),
            null, null, null, null, null, null, null, null).describe();

    @Test
    void theRoutesAreExactlyTheFunctionsApiEventsInTemplateYaml() {
        assertThat(declared).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("AuthFunction"));
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
