package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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

    @Test
    void theSenderIsPointedAtAnotherGraphApiByTheEnvironmentTheSandboxStayingTheDefault() {
        Map<String, String> overrides = LocalValues.whatsappOverrides(Map.of(
                "WHATSAPP_API_BASE_URL", "http://127.0.0.1:8088/", "WHATSAPP_TOKEN", "strict-fake-token",
                "WHATSAPP_PHONE_NUMBER_ID", " ", "WHATSAPP_BUSINESS_ACCOUNT_ID", "123456789012345"));
        LocalValues pointed = new LocalValues(template, Map.of(), Map.of("DB_URL", "jdbc:app"),
                Map.of("DB_URL", "jdbc:owner"), Map.of("AWS_REGION", "ap-south-1"), java.nio.file.Path.of("/stack/data"),
                LocalValues.PORTAL_DEV_ORIGIN, overrides);
        LocalValues sandbox = new LocalValues(template, Map.of(), Map.of("DB_URL", "jdbc:app"),
                Map.of("DB_URL", "jdbc:owner"), Map.of("AWS_REGION", "ap-south-1"), java.nio.file.Path.of("/stack/data"),
                LocalValues.PORTAL_DEV_ORIGIN, LocalValues.whatsappOverrides(Map.of("PATH", "/usr/bin")));

        Map<String, String> sender = pointed.environmentFor(template.function("WhatsappSenderFunction").orElseThrow());
        Map<String, String> health = pointed.environmentFor(template.function("HealthFunction").orElseThrow());

        assertThat(sender).containsEntry("WHATSAPP_API_BASE_URL", "http://127.0.0.1:8088/")
                .containsEntry("WHATSAPP_TOKEN", "strict-fake-token")
                .containsEntry("WHATSAPP_PHONE_NUMBER_ID", WhatsappSandbox.PHONE_NUMBER_ID);
        assertThat(pointed.environmentFor(template.function("WhatsappTemplateSyncFunction").orElseThrow()))
                .as("the template sync reads the pointed-at Graph API's business account")
                .containsEntry("WHATSAPP_API_BASE_URL", "http://127.0.0.1:8088/")
                .containsEntry("WHATSAPP_BUSINESS_ACCOUNT_ID", "123456789012345");
        assertThat(pointed.whatsappBaseUrl()).isEqualTo("http://127.0.0.1:8088/");
        assertThat(health).doesNotContainKeys("WHATSAPP_API_BASE_URL", "WHATSAPP_TOKEN");
        assertThat(sandbox.environmentFor(template.function("WhatsappSenderFunction").orElseThrow()))
                .containsEntry("WHATSAPP_API_BASE_URL", WhatsappSandbox.base(WhatsappSandbox.PORT))
                .containsEntry("WHATSAPP_TOKEN", WhatsappSandbox.TOKEN);
    }

    @Test
    void aGraphApiBaseUrlThatIsNotAPlainHttpUrlIsRefusedWithoutEchoingIt() {
        for (String bad : List.of("file:///etc/passwd", "graph.example", "http://user:secret-pass@graph.example",
                "https://graph.example/?access_token=secret-pass", "http://")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalValues.whatsappOverrides(
                    Map.of("WHATSAPP_API_BASE_URL", bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("WHATSAPP_API_BASE_URL").hasMessageNotContaining("secret-pass");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalValues.whatsappOverrides(
                Map.of("WHATSAPP_TOKEN", "t".repeat(2_049)))).hasMessageContaining("longer than");
    }

    @Test
    void everyFunctionGetsTheAllowedOriginsFromTheStackParameter() {
        LocalValues values = new LocalValues(template, Map.of(), Map.of("DB_URL", "jdbc:app"),
                Map.of("DB_URL", "jdbc:owner"), Map.of("AWS_REGION", "ap-south-1"), Path.of("/stack/data"),
                "http://localhost:5173,https://portal.example.com");

        assertThat(template.parameterDefaults()).as("deployed, no browser origin unless the stack names one")
                .containsEntry("AllowedOrigins", "");
        assertThat(template.functions()).hasSizeGreaterThan(5).allSatisfy(function -> {
            assertThat(function.environment()).containsEntry("ALLOWED_ORIGINS", Map.of("Ref", "AllowedOrigins"));
            assertThat(values.environmentFor(function))
                    .containsEntry("ALLOWED_ORIGINS", "http://localhost:5173,https://portal.example.com");
        });
    }

    @Test
    void theLocalStackAllowsThePortalsDevServerUnlessAllowedOriginsIsSet() {
        assertThat(LocalValues.allowedOrigins(Map.of())).isEqualTo("http://localhost:5173");
        assertThat(LocalValues.allowedOrigins(Map.of("ALLOWED_ORIGINS", " https://portal.example.com ")))
                .isEqualTo("https://portal.example.com");
        assertThat(LocalValues.allowedOrigins(Map.of("ALLOWED_ORIGINS", ""))).as("set and empty: none").isEmpty();
    }

    @Test
    void theLocalPreflightServesTheTemplatesCors() {
        ApiGatewayServer.Cors cors = ApiGatewayServer.Cors.of(template, "http://localhost:5173, https://portal.example.com");

        assertThat(cors.origins()).containsExactlyInAnyOrder("http://localhost:5173", "https://portal.example.com");
        assertThat(cors.allowMethods()).contains("GET,POST,PUT,PATCH,DELETE,OPTIONS");
        assertThat(cors.allowHeaders()).contains("Authorization,Content-Type,If-Match,Idempotency-Key");
        assertThat(cors.maxAge()).contains("600");
        assertThat(ApiGatewayServer.Cors.of(template, "").origins()).isEmpty();
    }

    @Test
    void theImportsBucketLetsAnAllowedOriginPutThePresignedUpload() {
        Map<String, Object> corsIf = SamTemplate.map(template.resourceProperties("ImportsBucket").get("CorsConfiguration"));
        List<?> branches = (List<?>) corsIf.get("Fn::If");

        assertThat(branches).hasSize(3).first().isEqualTo("BrowserOriginsAllowed");
        assertThat(branches.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
        List<?> rules = (List<?>) SamTemplate.map(branches.get(1)).get("CorsRules");
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = SamTemplate.map(rules.get(0));
        assertThat(rule.get("AllowedMethods")).isEqualTo(List.of("PUT"));
        assertThat(rule.get("AllowedOrigins")).isEqualTo(Map.of("Fn::Split", List.of(",", Map.of("Ref", "AllowedOrigins"))));
        assertThat(rule.get("AllowedHeaders")).isEqualTo(List.of("Content-Type"));
    }
}
