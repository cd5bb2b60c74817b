package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The embedded-metric-format documents an action prints on stdout, as CloudWatch would read them. */
final class PrintedMetrics {

    private PrintedMetrics() {}

    static List<JsonNode> printedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(text -> text.contains("\"_aws\""))
                .map(PrintedMetrics::json)
                .toList();
    }

    /** The one document dimensioned {@code Tenant=<tenant>}. */
    static JsonNode forTenant(List<JsonNode> documents, String tenant) {
        List<JsonNode> found = documents.stream().filter(d -> d.path("Tenant").asText().equals(tenant)).toList();
        assertThat(found).as("documents dimensioned Tenant=" + tenant).hasSize(1);
        return found.get(0);
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
