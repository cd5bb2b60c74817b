package com.agentmitra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Environment variables, read the way Lambda sets them from {@code template.yaml}.
 *
 * <p>The local stack runs every function in one JVM, so it can give a function its own variables while that
 * function starts ({@link #with(Map, Supplier)}); configuration records are read once at cold start, so that scope
 * is enough. Anywhere else this is {@link System#getenv(String)}.
 */
public final class Env {

    private static final InheritableThreadLocal<Map<String, String>> SCOPED = new InheritableThreadLocal<>();

    private Env() {}

    /** The variable's value, or empty when it is unset or blank. */
    public static Optional<String> get(String name) {
        Map<String, String> scoped = SCOPED.get();
        String value = scoped != null && scoped.containsKey(name) ? scoped.get(name) : System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** Runs {@code work} (typically a function's start-up) with these variables in front of the process's own. */
    public static <T> T with(Map<String, String> variables, Supplier<T> work) {
        Map<String, String> previous = SCOPED.get();
        SCOPED.set(Map.copyOf(variables));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }

    /** A reader that collects every missing required variable, so one error names them all. */
    public static Reader reader() {
        return new Reader();
    }

    /** Reads variables for one configuration record; {@link #validate()} fails naming everything missing or bad. */
    public static final class Reader {
        private final List<String> problems = new ArrayList<>();

        private Reader() {}

        public String required(String name) {
            Optional<String> value = get(name);
            if (value.isEmpty()) {
                problems.add(name + " is not set");
                return "";
            }
            return value.get();
        }

        public Optional<String> optional(String name) {
            return get(name);
        }

        public String optional(String name, String fallback) {
            return get(name).orElse(fallback);
        }

        public int optionalInt(String name, int fallback) {
            Optional<String> value = get(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.get());
            } catch (NumberFormatException e) {
                problems.add(name + " must be a whole number");
                return fallback;
            }
        }

        public boolean flag(String name) {
            return get(name).map(Boolean::parseBoolean).orElse(false);
        }

        /** Records a problem found while combining variables. */
        public void problem(String message) {
            problems.add(message);
        }

        /** Fails at cold start, naming every missing or malformed variable at once. */
        public void validate() {
            if (!problems.isEmpty()) {
                throw new IllegalStateException("configuration incomplete: " + String.join("; ", problems));
            }
        }
    }
}
