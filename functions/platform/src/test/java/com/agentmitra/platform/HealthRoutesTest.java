package com.agentmitra.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.Api;
import com.agentmitra.testing.RouteDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health function's route is the one template.yaml wires to it and openapi.yaml describes. */
class HealthRoutesTest {

    private final List<String> declared = PlatformFunctions.healthRoutes(Api.withoutCallers(), null).describe();

    @Test
    void theRouteIsExactlyTheFunctionsApiEventInTemplateYaml() {
        assertThat(declared).containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("HealthFunction"));
    }

    @Test
    void openApiDescribesTheRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
