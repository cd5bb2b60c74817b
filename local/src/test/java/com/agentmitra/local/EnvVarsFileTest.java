package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local/invoke --env-vars FILE}: SAM's file format, SAM's rule (only variables the function has), bounded. */
class EnvVarsFileTest {

    private static final Set<String> SENDER = Set.of("WHATSAPP_API_BASE_URL", "WHATSAPP_TOKEN", "LOG_LEVEL");

    @Test
    void theFunctionsOwnObjectWinsOverParametersAndUnknownNamesAreLeftOut() {
        EnvVarsFile file = EnvVarsFile.parse("""
                {"Parameters": {"LOG_LEVEL": "DEBUG", "WHATSAPP_API_BASE_URL": "http://everyone"},
                 "WhatsappSenderFunction": {"WHATSAPP_API_BASE_URL": "http://127.0.0.1:8088", "NOT_DECLARED": 1},
                 "OtherFunction": {"WHATSAPP_TOKEN": "other"}}""");
        List<String> ignored = new ArrayList<>();

        Map<String, String> overrides = file.overridesFor("WhatsappSenderFunction", SENDER, ignored);

        assertThat(overrides).containsExactlyInAnyOrderEntriesOf(Map.of("LOG_LEVEL", "DEBUG",
                "WHATSAPP_API_BASE_URL", "http://127.0.0.1:8088"));
        assertThat(ignored).containsExactly("NOT_DECLARED");
        assertThat(file.overridesFor("HealthFunction", Set.of("LOG_LEVEL"), new ArrayList<>()))
                .containsExactly(Map.entry("LOG_LEVEL", "DEBUG"));
    }

    @Test
    void theInvokedFunctionsEnvironmentIsChangedOnlyWhereItHasTheVariable() {
        EnvVarsFile file = EnvVarsFile.parse("""
                {"WhatsappSenderFunction": {"WHATSAPP_TOKEN": "another-token", "MADE_UP": "x"}}""");
        Map<String, String> environment = new LinkedHashMap<>(Map.of("WHATSAPP_TOKEN", "local-sandbox-token",
                "WHATSAPP_API_BASE_URL", "http://127.0.0.1:9393"));

        Map<String, String> result = LocalInvoke.apply(file, "WhatsappSenderFunction", environment);

        assertThat(result).containsEntry("WHATSAPP_TOKEN", "another-token")
                .containsEntry("WHATSAPP_API_BASE_URL", "http://127.0.0.1:9393").doesNotContainKey("MADE_UP");
    }

    @Test
    void scalarsAreTakenAsText() {
        EnvVarsFile file = EnvVarsFile.parse("{\"F\": {\"A\": 5, \"B\": true, \"C\": \"x\"}}");

        assertThat(file.overridesFor("F", Set.of("A", "B", "C"), new ArrayList<>()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("A", "5", "B", "true", "C", "x"));
    }

    @Test
    void whatIsNotSamsFormatIsRefusedWithTheReasonAndNoValue() {
        assertThatThrownBy(() -> EnvVarsFile.parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EnvVarsFile.parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"F\": \"secret-value\"}"))
                .hasMessageContaining("\"F\" must be an object").hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"F\": {\"TOKEN\": {\"nested\": \"secret-value\"}}}"))
                .hasMessageContaining("F.TOKEN must be a string").hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"F\": {\"TOKEN\": null}}")).hasMessageContaining("F.TOKEN");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"F\": {\"BAD NAME\": \"x\"}}")).hasMessageContaining("name");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"../F\": {}}")).hasMessageContaining("logical id");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"F\": {\"V\": \"" + "s".repeat(EnvVarsFile.MAX_VALUE_CHARS + 1)
                + "\"}}")).hasMessageContaining("F.V is longer than").hasMessageNotContaining("sss");
    }

    @Test
    void theFileAndItsVariablesAreBounded(@TempDir Path directory) throws Exception {
        Path large = directory.resolve("large.json");
        Files.writeString(large, "{\"F\": {\"V\": \"" + "x".repeat(EnvVarsFile.MAX_FILE_BYTES) + "\"}}");
        StringBuilder many = new StringBuilder("{\"F\": {");
        for (int i = 0; i <= EnvVarsFile.MAX_VARIABLES; i++) {
            many.append(i == 0 ? "" : ",").append("\"V").append(i).append("\": 1");
        }
        many.append("}}");

        assertThatThrownBy(() -> EnvVarsFile.read(large)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> EnvVarsFile.parse(many.toString())).hasMessageContaining("more than 1000 variables");
        assertThatThrownBy(() -> EnvVarsFile.read(directory.resolve("missing.json"))).hasMessageContaining("cannot read");
    }
}
