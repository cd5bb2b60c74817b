package com.agentmitra.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.testing.RouteDeclarations;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routes the reports API function declares are the ones template.yaml wires to it and openapi.yaml describes. */
class ReportsRoutesTest {

    private final List<String> declared = new ReportsRoutes(
            new Api(new TenantDirectory(null), new Idempotency(null, null)), null, null, null, null, null, Clock.systemUTC())
            .describe();

    @Test
    void theRoutesAreExactlyTheFunctionsApiEventsInTemplateYaml() {
        assertThat(declared).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("ReportsApiFunction"));
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
