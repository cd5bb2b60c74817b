package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BusinessMetricsTest {

    enum ExampleMetric { OtpSent }

    @Test
    void aCountIsWrittenAsEmbeddedMetricFormatWithTheTenantDimension() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            BusinessMetrics metrics = BusinessMetrics.forInvocation();
            metrics.count(ExampleMetric.OtpSent, "LIC", 3);
            metrics.flush();
        } finally {
            System.setOut(original);
        }

        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(text -> text.contains("\"_aws\"")).findFirst().orElseThrow();
        JsonNode emf = Json.mapper().readTree(line);
        assertThat(emf.path("OtpSent").asDouble()).isEqualTo(3.0);
        assertThat(emf.path("Tenant").asText()).isEqualTo("LIC");
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("AgentMitra");
    }

    @Test
    void nothingRecordedWritesNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            BusinessMetrics.forInvocation().flush();
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("_aws");
    }
}
