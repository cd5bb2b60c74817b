package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BusinessMetricsTest {

    enum ExampleMetric { OtpSent, RemindersQueued, PoliciesLapsed, RunMilliseconds }

    /** The EMF documents written on stdout while {@code recording} runs. */
    static List<JsonNode> documents(Consumer<BusinessMetrics> recording) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            recording.accept(BusinessMetrics.forInvocation());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(text -> text.contains("\"_aws\""))
                .map(BusinessMetricsTest::json)
                .toList();
    }

    static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> dimensionNames(JsonNode document) {
        JsonNode sets = document.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions");
        return StreamSupport.stream(sets.spliterator(), false)
                .flatMap(set -> StreamSupport.stream(set.spliterator(), false))
                .map(JsonNode::asText)
                .distinct()
                .toList();
    }

    @Test
    void aCountIsWrittenAsEmbeddedMetricFormatWithTheTenantDimension() {
        List<JsonNode> written = documents(metrics -> {
            metrics.count(ExampleMetric.OtpSent, "LIC", 3);
            metrics.flush();
        });

        assertThat(written).hasSize(1);
        JsonNode emf = written.get(0);
        assertThat(emf.path("OtpSent").asDouble()).isEqualTo(3.0);
        assertThat(emf.path("Tenant").asText()).isEqualTo("LIC");
        assertThat(dimensionNames(emf)).contains("Tenant");
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("AgentMitra");
    }

    @Test
    void nothingRecordedWritesNothing() {
        assertThat(documents(BusinessMetrics::flush)).isEmpty();
    }

    @Nested
    class ARunOverTwoTenants {

        @Test
        void eachTenantsNumbersAreWrittenUnderItsOwnTenantDimension() {
            List<JsonNode> written = documents(metrics -> {
                metrics.count(ExampleMetric.RemindersQueued, "LIC", 7);
                metrics.count(ExampleMetric.PoliciesLapsed, "LIC", 2);
                metrics.count(ExampleMetric.RemindersQueued, "STAR", 40);
                metrics.count(ExampleMetric.PoliciesLapsed, "STAR", 0);
                metrics.flush();
            });

            assertThat(written).hasSize(2);
            JsonNode lic = written.stream().filter(d -> d.path("Tenant").asText().equals("LIC")).findFirst().orElseThrow();
            JsonNode star = written.stream().filter(d -> d.path("Tenant").asText().equals("STAR")).findFirst().orElseThrow();
            assertThat(lic.path("RemindersQueued").asDouble()).isEqualTo(7.0);
            assertThat(lic.path("PoliciesLapsed").asDouble()).isEqualTo(2.0);
            assertThat(star.path("RemindersQueued").asDouble()).isEqualTo(40.0);
            assertThat(star.path("PoliciesLapsed").asDouble()).isEqualTo(0.0);
            assertThat(dimensionNames(lic)).contains("Tenant");
            assertThat(dimensionNames(star)).contains("Tenant");
        }

        @Test
        void aTenantWithoutNumbersOfItsOwnGetsNoneOfAnothers() {
            List<JsonNode> written = documents(metrics -> {
                metrics.count(ExampleMetric.RemindersQueued, "LIC", 7);
                metrics.milliseconds(ExampleMetric.RunMilliseconds, "all", 1200);
                metrics.flush();
            });

            assertThat(written).hasSize(2);
            JsonNode all = written.stream().filter(d -> d.path("Tenant").asText().equals("all")).findFirst().orElseThrow();
            assertThat(all.has("RemindersQueued")).isFalse();
            assertThat(all.path("RunMilliseconds").asDouble()).isEqualTo(1200.0);
        }
    }

    @Test
    void countsOfOneTenantAddUpToOneDataPoint() {
        List<JsonNode> written = documents(metrics -> {
            metrics.count(ExampleMetric.OtpSent, "LIC", 1);
            metrics.count(ExampleMetric.OtpSent, "LIC", 1);
            metrics.count(ExampleMetric.OtpSent, "LIC", 1);
            metrics.flush();
        });

        assertThat(written).hasSize(1);
        assertThat(written.get(0).path("OtpSent").isNumber()).isTrue();
        assertThat(written.get(0).path("OtpSent").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aFlushStartsAfresh() {
        List<JsonNode> written = documents(metrics -> {
            metrics.count(ExampleMetric.OtpSent, "LIC", 1);
            metrics.flush();
            metrics.flush();
        });

        assertThat(written).hasSize(1);
    }
}
