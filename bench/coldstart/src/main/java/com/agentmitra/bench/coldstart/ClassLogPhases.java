package com.agentmitra.bench.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cold start's time goes, phase by phase, read from a class-load log written with uptime decorations by one
 * benchmark run ({@code bench/coldstart/run 1 --only HealthFunction --java-options "... -Xlog:class+load:file=
 * bench/coldstart/target/runs/classes-%p.log:uptime"}). Needs the JDK alone, so it runs from its source:
 * {@code java bench/coldstart/src/main/java/com/agentmitra/bench/coldstart/ClassLogPhases.java <log>...}.
 *
 * <p>Each phase ends where a class that only its end loads is loaded first (milliseconds since the JVM started, and
 * the classes loaded in the phase, by library):
 * <ol>
 * <li>JVM start: until {@link Probe} is loaded;</li>
 * <li>the handler class and Log4j 2: {@code FunctionInvoker}'s static logger configures Log4j (plugins, the XML
 * configuration, the JSON template layout), then its constructor finds {@code MAIN_CLASS}; until
 * {@code SpringApplication} is loaded;</li>
 * <li>Spring Boot: the application, its listeners, the environment and its property sources, the context; until
 * the first class of ours after the main class (the module's initializer starts);</li>
 * <li>the module's initializer (pools, clients, services, routes, function registrations); until Spring Boot's
 * {@code ConfigurationWarningsApplicationContextInitializer$Check} (the context's refresh starts);</li>
 * <li>the refresh: bean factory post-processors, Spring Cloud Function's catalog and the function's lookup; until the
 * probe builds the Lambda context (its first lambda class), right after the handler is constructed;</li>
 * <li>the first request until the first database connection is opened (the event read, Spring Cloud Function's
 * conversion, Powertools, routing, the transaction's start);</li>
 * <li>the connection, the queries and the answer; until the probe counts the classes
 * ({@code sun.management.ClassLoadingImpl}), right after the answer.</li>
 * </ol>
 * A function that opens no connection has no sixth boundary: its whole request is the sixth phase.
 */
public final class ClassLogPhases {

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\](?:\\[[^\\]]*\\])*\\s+(\\S+) source: (.*)$");

    private static final String[] PHASES = {
        "JVM start", "handler class + Log4j 2", "Spring Boot application", "module initializer",
        "context refresh + function lookup", "request until DB connection", "connection, queries, answer"};

    private static final String[][] LIBRARIES = {
        {"JDK", "java.", "javax.", "jdk.", "sun.", "com.sun."},
        {"Spring Boot", "org.springframework.boot."},
        {"Spring Cloud Function", "org.springframework.cloud."},
        {"Spring", "org.springframework."},
        {"Log4j", "org.apache.logging."},
        {"Powertools", "software.amazon.lambda.", "software.amazon.cloudwatchlogs."},
        {"AWS SDK", "software.amazon.awssdk."},
        {"Jackson", "com.fasterxml."},
        {"jOOQ", "org.jooq."},
        {"Hikari", "com.zaxxer."},
        {"PostgreSQL", "org.postgresql."},
        {"Reactor", "reactor.", "org.reactivestreams."},
        {"ours", "com.agentmitra."},
        {"Lambda events", "com.amazonaws."}};

    private ClassLogPhases() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java ClassLogPhases.java <class-load log with uptime decorations>...");
            System.exit(2);
        }
        for (String file : args) {
            System.out.println(describe(Path.of(file)));
        }
    }

    static String describe(Path log) throws IOException {
        List<double[]> times = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                times.add(new double[] {Double.parseDouble(matcher.group(1)) * 1000});
                names.add(matcher.group(2));
            }
        }
        int probe = first(names, 0, "com.agentmitra.bench.coldstart.Probe");
        int application = first(names, Math.max(probe, 0), "org.springframework.boot.SpringApplication");
        String main = null;
        for (int i = application - 1; i > probe && i >= 0 && main == null; i--) {
            if (names.get(i).startsWith("com.agentmitra.") && !names.get(i).startsWith("com.agentmitra.bench.")) {
                main = names.get(i);
            }
        }
        int initializer = -1;
        for (int i = Math.max(application, 0); i < names.size() && initializer < 0 && main != null; i++) {
            if (names.get(i).startsWith("com.agentmitra.") && !names.get(i).startsWith(main)
                    && !names.get(i).startsWith("com.agentmitra.bench.")) {
                initializer = i;
            }
        }
        int refresh = first(names, Math.max(initializer, 0),
                "org.springframework.boot.context.ConfigurationWarningsApplicationContextInitializer$Check");
        int constructed = firstPrefix(names, Math.max(refresh, 0), "com.agentmitra.bench.coldstart.Probe$$Lambda");
        int connection = first(names, Math.max(constructed, 0), "org.postgresql.core.v3.ConnectionFactoryImpl");
        int answered = first(names, Math.max(constructed, 0), "sun.management.ClassLoadingImpl");
        int[] ends = {probe, application, initializer, refresh, constructed, connection, answered};
        StringBuilder out = new StringBuilder();
        out.append(log.getFileName()).append(main == null ? "" : " (" + main + ")").append("\n\n");
        out.append("| phase | from ms | to ms | ms | classes | by library (most first) |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
        int from = 0;
        double fromMs = 0;
        for (int phase = 0; phase < PHASES.length; phase++) {
            int to = ends[phase];
            if (to < 0 || to < from) {
                out.append(String.format(Locale.ROOT, "| %s | – | – | – | – | not seen |%n", PHASES[phase]));
                continue;
            }
            double toMs = times.get(to)[0];
            Map<String, Integer> libraries = new LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                libraries.merge(library(names.get(i)), 1, Integer::sum);
            }
            StringBuilder by = new StringBuilder();
            libraries.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                    .forEach(entry -> by.append(by.isEmpty() ? "" : ", ").append(entry.getKey()).append(' ')
                            .append(entry.getValue()));
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %,d | %s |%n", PHASES[phase], fromMs,
                    toMs, toMs - fromMs, to - from, by));
            from = to;
            fromMs = toMs;
        }
        return out.toString();
    }

    private static int first(List<String> names, int from, String name) {
        for (int i = from; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstPrefix(List<String> names, int from, String prefix) {
        for (int i = from; i < names.size(); i++) {
            if (names.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static String library(String name) {
        for (String[] library : LIBRARIES) {
            for (int i = 1; i < library.length; i++) {
                if (name.startsWith(library[i])) {
                    return library[0];
                }
            }
        }
        return "other";
    }
}
