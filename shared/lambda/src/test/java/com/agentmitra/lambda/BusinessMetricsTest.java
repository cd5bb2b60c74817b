package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BusinessMetricsTest {

    enum ExampleMetric { OtpSent, RemindersQueued, PoliciesLapsed, RunMilliseconds }

    /** The EMF documents written on stdout while {@code recording} runs. */
    static List<JsonNode> documents(Consumer<BusinessMetrics> recording) {
        return PrintedMetrics.printedBy(() -> recording.accept(BusinessMetrics.forInvocation()));
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
            JsonNode lic = PrintedMetrics.forTenant(written, "LIC");
            JsonNode star = PrintedMetrics.forTenant(written, "STAR");
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
            JsonNode all = PrintedMetrics.forTenant(written, "all");
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
