package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.RouteDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook's routes are the ones template.yaml wires to it and openapi.yaml describes. */
class WebhookRoutesTest {

    private final List<String> declared = new WebhookFunction(null, null, null, null, null).describe();

    @Test
    void theRoutesAreExactlyTheFunctionsApiEventsInTemplateYaml() {
        assertThat(declared).containsExactlyInAnyOrderElementsOf(RouteDeclarations.inTemplate("WhatsappWebhookFunction"));
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertThat(RouteDeclarations.inOpenApi()).containsAll(declared);
    }
}
