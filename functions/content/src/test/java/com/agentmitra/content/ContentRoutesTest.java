package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.testing.RouteDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routes the content function declares are the ones template.yaml wires to it and openapi.yaml describes. */
class ContentRoutesTest {

    private final List<String> declared = new ContentRoutes(
            new Api(new TenantDirectory(null), new Idempotency(null, null)), null).describe();

    @Test
    void theRoutesAreExactlyTheFunctionsApiEventsInTemplateYaml() {
        assertThat(declared).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("ContentFunction"));
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
