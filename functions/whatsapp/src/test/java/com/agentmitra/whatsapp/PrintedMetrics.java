package com.agentmitra.whatsapp;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The business metrics the functions print on stdout (embedded metric format), as tests read them. */
final class PrintedMetrics {

    private PrintedMetrics() {}

    /** Runs {@code action} and answers what it printed on stdout (the embedded-metric-format lines among it). */
    static String stdoutOf(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The sum of {@code name} over every metrics document in {@code stdout}. */
    static double metric(String stdout, String name) {
        return stdout.lines().filter(line -> line.contains("\"_aws\"") && line.contains("\"" + name + "\""))
                .mapToDouble(line -> json(line).path(name).asDouble()).sum();
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }
}
