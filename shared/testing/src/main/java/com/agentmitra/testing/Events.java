package com.agentmitra.testing;

import com.agentmitra.lambda.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Sample events from the repository's {@code events/} folder (on the test classpath under {@code events/}): the
 * same files {@code local/invoke} is given.
 */
public final class Events {

    private Events() {}

    /** The raw JSON of {@code events/<path>}, e.g. {@code platform/health.json}. */
    public static String json(String path) {
        try (InputStream in = Events.class.getClassLoader().getResourceAsStream("events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event events/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T load(String path, Class<T> type) {
        try {
            return Json.mapper().readValue(json(path), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
