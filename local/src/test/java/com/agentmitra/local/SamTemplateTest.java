package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local stack reads the real template.yaml: what it finds there is what it serves. */
class SamTemplateTest {

    private final SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));

    @Test
    void everyApiRouteOfTheTemplateIsServed() {
        assertThat(ApiGatewayServer.routes(template))
                .contains(new ApiRoute("GET", "/health", "HealthFunction"));
    }

    @Test
    void functionsKeepTheirSpringFunctionDefinitionAndGlobals() {
        SamTemplate.Function migrate = template.function("MigrateFunction").orElseThrow();

        assertThat(migrate.definition()).isEqualTo("migrate");
        assertThat(migrate.mainClass()).isEqualTo("com.agentmitra.platform.PlatformFunctions");
        assertThat(migrate.environment()).containsKey("POWERTOOLS_METRICS_NAMESPACE");
    }

    @Test
    void intrinsicsResolveToLocalValues() {
        LocalValues values = new LocalValues(template, Map.of(), Map.of("DB_URL", "jdbc:app"),
                Map.of("DB_URL", "jdbc:owner"), Map.of("AWS_REGION", "ap-south-1"), java.nio.file.Path.of("/stack/data"));

        Map<String, String> health = values.environmentFor(template.function("HealthFunction").orElseThrow());
        Map<String, String> migrate = values.environmentFor(template.function("MigrateFunction").orElseThrow());

        assertThat(health).containsEntry("DB_URL", "jdbc:app").containsEntry("STAGE", "dev").doesNotContainKey("DB_HOST")
                .containsEntry("DEV_AUTH_KEYS_FILE", "/stack/data/dev-auth-keys.json");
        assertThat(migrate).containsEntry("DB_URL", "jdbc:owner").doesNotContainKey("DB_SECRET_ID");
        assertThat(values.resolve(Map.of("Fn::Sub", "agent-mitra-${Stage}"))).isEqualTo("agent-mitra-dev");
    }

    @Test
    void theWhatsappFunctionsTalkToTheSandboxWithLocalSecrets() {
        LocalValues values = new LocalValues(template, Map.of(), Map.of("DB_URL", "jdbc:app"),
                Map.of("DB_URL", "jdbc:owner"), Map.of("AWS_REGION", "ap-south-1"), java.nio.file.Path.of("/stack/data"));

        Map<String, String> sender = values.environmentFor(template.function("WhatsappSenderFunction").orElseThrow());
        Map<String, String> webhook = values.environmentFor(template.function("WhatsappWebhookFunction").orElseThrow());

        assertThat(sender).containsEntry("WHATSAPP_API_BASE_URL", "http://127.0.0.1:" + WhatsappSandbox.PORT)
                .containsEntry("WHATSAPP_TOKEN", WhatsappSandbox.TOKEN).doesNotContainKey("WHATSAPP_TOKEN_SECRET_ID");
        assertThat(webhook).containsEntry("WHATSAPP_APP_SECRET", WhatsappSandbox.APP_SECRET)
                .doesNotContainKey("WHATSAPP_APP_SECRET_ID").doesNotContainKey("WHATSAPP_VERIFY_TOKEN_SECRET_ID");
    }
}
