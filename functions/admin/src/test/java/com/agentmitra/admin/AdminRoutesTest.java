package com.agentmitra.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.testing.RouteDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routes the admin API function declares are the ones template.yaml wires to it and openapi.yaml describes. */
class AdminRoutesTest {

    private final List<String> declared = new AdminRoutes(
            new Api(new TenantDirectory(null), new Idempotency(null, null)),
            null, null, null, null, null, null, null).describe();

    @Test
    void theRoutesAreExactlyTheFunctionsApiEventsInTemplateYaml() {
        assertThat(declared).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("AdminFunction"));
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
