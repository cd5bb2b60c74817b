package com.agentmitra.bench.coldstart;

import com.agentmitra.local.BenchStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench/coldstart/run [RUNS] [--only|--except Id,Id] [--java-options "..."] [--class-log]}: every function of
 * {@code template.yaml}, each in a fresh JVM on exactly the class path of its Lambda zip (root + {@code lib/*}) plus
 * {@link Probe}, with its {@code local/run} environment against the local database and emulators (started here, or
 * joined when {@code local/run} is up), timed from JVM start to handler constructed to first answer to its sample event
 * ({@code bench/coldstart/events.properties}); beside the floor ({@link FloorHandler}). Prints the medians of RUNS
 * rounds (default 3) as a table; {@code --java-options} (repeatable) replaces template.yaml's JAVA_TOOL_OPTIONS,
 * one table per value. {@code --class-log} adds one untimed run per function with {@code -Xlog:class+load}
 * and lists, per zip, the {@code lib/} jars no function of that zip loads a class from. {@code --restore} adds one run
 * per function as a copy restored from a SnapStart snapshot ({@link Probe}'s {@code restore}: the hooks before the
 * snapshot, the {@code afterRestore} hooks, then the first request) and tells whether it answers as the cold start did.
 */
public final class ColdStartBench {

    private static final long RUN_TIMEOUT_SECONDS = 180;
    private static final String FLOOR = "floor";

    private final Path repository;
    private final Path work;
    private final String javaCommand;
    private final String javaToolOptions;

    private ColdStartBench(Path repository, String javaToolOptions) {
        this.repository = repository;
        this.work = repository.resolve("bench/coldstart/target");
        this.javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.javaToolOptions = javaToolOptions;
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        List<String> only = List.of();
        List<String> except = List.of();
        List<String> javaOptions = new ArrayList<>();
        boolean classLog = false;
        boolean restore = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = List.of(value(args, ++i, "--only").split(","));
                case "--except" -> except = List.of(value(args, ++i, "--except").split(","));
                case "--java-options" -> javaOptions.add(value(args, ++i, "--java-options"));
                case "--class-log" -> classLog = true;
                case "--restore" -> restore = true;
                default -> {
                    if (!args[i].matches("\\d{1,2}") || Integer.parseInt(args[i]) < 1) {
                        usage("RUNS must be a number from 1 to 99, not " + args[i]);
                    }
                    runs = Integer.parseInt(args[i]);
                }
            }
        }
        Path repository = Path.of(System.getProperty("agentmitra.repository", ".")).toAbsolutePath().normalize();
        List<BenchStack.Function> declared = BenchStack.functionsOf(repository);
        List<String> selected = selected(declared, only, except);
        Properties events = events(repository);
        List<String> problems = new ArrayList<>();
        for (BenchStack.Function function : declared) {
            if (!selected.contains(function.logicalId())) {
                continue;
            }
            if (!Files.isRegularFile(repository.resolve(function.codeUri()))) {
                problems.add(function.logicalId() + ": no zip at " + function.codeUri());
            }
            String event = events.getProperty(function.logicalId());
            if (event == null) {
                problems.add(function.logicalId() + ": no sample event in bench/coldstart/events.properties");
            } else if (!Files.isRegularFile(repository.resolve(event))) {
                problems.add(function.logicalId() + ": no event file " + event);
            }
        }
        for (String id : Stream.concat(only.stream(), except.stream()).toList()) {
            if (declared.stream().noneMatch(function -> function.logicalId().equals(id))) {
                problems.add(id + " (--only/--except): template.yaml has no such function");
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("bench/coldstart: cannot run:");
            problems.forEach(problem -> System.err.println("  " + problem));
            if (problems.stream().anyMatch(problem -> problem.contains("no zip"))) {
                System.err.println("Build the Lambda zips first: ./mvnw -B -DskipTests package");
            }
            System.exit(2);
        }
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("aws.disableEc2Metadata", "true");
        String load = loadAverage();
        try (BenchStack stack = BenchStack.start(repository, repository.resolve("bench/coldstart/target/data"))) {
            List<BenchStack.Function> functions = new ArrayList<>();
            for (BenchStack.Function function : stack.functions()) {
                if (selected.contains(function.logicalId())) {
                    functions.add(function);
                }
            }
            // template.yaml's Globals (every function has them), unless --java-options replaces them: each given
            // value is one table, on the same stack
            List<String> variants = javaOptions.isEmpty()
                    ? List.of(stack.functions().get(0).environment().getOrDefault("JAVA_TOOL_OPTIONS", ""))
                    : javaOptions;
            for (String options : variants) {
                new ColdStartBench(repository, options).run(stack, functions, events, runs, load, classLog, restore);
                load = loadAverage();
            }
        }
        System.exit(0);
    }

    /** The functions to measure: {@code --only}'s, else all; less {@code --except}'s. */
    private static List<String> selected(List<BenchStack.Function> declared, List<String> only, List<String> except) {
        return declared.stream().map(BenchStack.Function::logicalId)
                .filter(id -> only.isEmpty() || only.contains(id))
                .filter(id -> !except.contains(id))
                .toList();
    }

    private void run(BenchStack stack, List<BenchStack.Function> functions, Properties events, int runs, String loadBefore,
            boolean classLog, boolean restore) throws Exception {
        Path probe = ZipClassPath.classDirectory(work, "probe", List.of(Probe.class, Probe.HookStart.class, Probe.HookEnd.class));
        Path floorClasses = ZipClassPath.classDirectory(work, "floor",
                List.of(Probe.class, Probe.HookStart.class, Probe.HookEnd.class, FloorHandler.class));
        List<Path> floorJars = floorJars();
        String floorClassPath = join(Stream.concat(Stream.of(floorClasses), floorJars.stream()).toList());
        Map<String, String> floorEnvironment = new LinkedHashMap<>(stack.floorDatabase());
        floorEnvironment.put("AWS_LAMBDA_FUNCTION_NAME", "FloorFunction");
        Path floorEvent = repository.resolve(events.getProperty("HealthFunction", "events/platform/health.json"));

        // API events get the demo agent's real token and authorizer context, so a first request is served, not refused
        BenchStack.SignedIn agent = stack.signIn(
                Files.readString(repository.resolve(events.getProperty("AuthFunction"))),
                Files.readString(repository.resolve(events.getProperty("AuthorizerFunction"))));
        Map<String, Path> eventFiles = new LinkedHashMap<>();
        for (BenchStack.Function function : functions) {
            eventFiles.put(function.logicalId(),
                    signed(function.logicalId(), repository.resolve(events.getProperty(function.logicalId())), agent));
        }
        Map<String, String> classPaths = new LinkedHashMap<>();
        for (BenchStack.Function function : functions) {
            Path unpacked = ZipClassPath.unpack(work, repository.resolve(function.codeUri()));
            classPaths.put(function.logicalId(), join(ZipClassPath.of(unpacked, probe)));
        }
        System.err.println("bench/coldstart: " + runs + " rounds of " + (functions.size() + 1) + " cold starts ("
                + stack.report() + ")");
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= runs; round++) {
            results.computeIfAbsent(FLOOR, key -> new ArrayList<>()).add(
                    start(FLOOR, round, floorClassPath, FloorHandler.class.getName(), floorEvent, floorEnvironment,
                            List.of()));
            for (BenchStack.Function function : functions) {
                results.computeIfAbsent(function.logicalId(), key -> new ArrayList<>()).add(
                        start(function.logicalId(), round, classPaths.get(function.logicalId()),
                                handlerClass(function), eventFiles.get(function.logicalId()),
                                function.environment(), List.of()));
            }
            System.err.println("bench/coldstart: round " + round + " of " + runs + " done");
        }
        String table = table(functions, results, floorJars, runs, loadBefore);
        System.out.println(table);
        Files.writeString(work.resolve("coldstart.md"), table);
        if (classLog) {
            String unused = unusedJars(functions, classPaths, eventFiles);
            System.out.println(unused);
            Files.writeString(work.resolve("unused-jars.md"), unused);
        }
        if (restore) {
            String restored = restoredCopies(functions, eventFiles, results);
            System.out.println(restored);
            Files.writeString(work.resolve("restore.md"), restored);
        }
        // they carry a (local, short-lived) access token: not left behind
        for (Path file : eventFiles.values()) {
            Files.deleteIfExists(file);
        }
    }

    /** One cold start: a fresh JVM, the probe, the result file read back. */
    private Result start(String name, int round, String classPath, String handler, Path event,
            Map<String, String> environment, List<String> jvmArguments) throws IOException, InterruptedException {
        return start("invoke", name, round, classPath, handler, event, environment, jvmArguments);
    }

    /** A fresh JVM running the probe in {@code mode} ({@code invoke} or {@code restore}), the result file read back. */
    private Result start(String mode, String name, int round, String classPath, String handler, Path event,
            Map<String, String> environment, List<String> jvmArguments) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("runs"));
        Path resultFile = logs.resolve(name + "-" + round + ".properties");
        Path log = logs.resolve(name + "-" + round + ".log");
        Files.deleteIfExists(resultFile);
        List<String> command = new ArrayList<>(List.of(javaCommand));
        command.addAll(jvmArguments);
        command.addAll(List.of("-cp", classPath, Probe.class.getName(), mode, handler, event.toString(),
                resultFile.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("TZ", "UTC");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        long started = micros();
        Process process = builder.start();
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return Result.failed("timed out after " + RUN_TIMEOUT_SECONDS + " s (" + log + ")");
        }
        if (!Files.isRegularFile(resultFile)) {
            return Result.failed("exit " + process.exitValue() + ", no result (" + log + ")");
        }
        Properties values = new Properties();
        try (InputStream in = Files.newInputStream(resultFile)) {
            values.load(in);
        }
        if (values.containsKey("error") || !values.containsKey("responded")) {
            return Result.failed(values.getProperty("error", "no answer") + " (" + log + ")");
        }
        long constructed = Long.parseLong(values.getProperty("constructed"));
        long responded = Long.parseLong(values.getProperty("responded"));
        return new Result((constructed - started) / 1000, (responded - constructed) / 1000,
                Long.parseLong(values.getProperty("classes")), values.getProperty("status"), null, values);
    }

    /**
     * One run per function as a copy restored from its SnapStart snapshot: constructed, its {@code beforeCheckpoint}
     * hooks, its {@code afterRestore} hooks (through the CRaC stand-in, as PrimingIT), then its sample event: the
     * first request after the restore must be answered as the cold start's was.
     */
    private String restoredCopies(List<BenchStack.Function> functions, Map<String, Path> eventFiles,
            Map<String, List<Result>> coldStarts) throws IOException, InterruptedException, ClassNotFoundException {
        Path probe = ZipClassPath.classDirectory(work, "probe-crac", List.of(Probe.class, Probe.HookStart.class,
                Probe.HookEnd.class, com.agentmitra.bench.coldstart.crac.Core.class,
                Class.forName("com.agentmitra.bench.coldstart.crac.Core$Global"),
                com.agentmitra.bench.coldstart.crac.Context.class, com.agentmitra.bench.coldstart.crac.Resource.class,
                com.agentmitra.bench.coldstart.crac.CheckpointException.class,
                com.agentmitra.bench.coldstart.crac.RestoreException.class));
        StringBuilder out = new StringBuilder("Each function as a copy restored from a SnapStart snapshot (constructed,"
                + " beforeCheckpoint hooks, afterRestore hooks, then its sample event), on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "; load average " + loadAverage() + "\n\n");
        out.append("| function | resources restored | afterRestore ms | first answer after the restore |"
                + " cold start's answer | as expected |\n");
        out.append("| --- | ---: | ---: | --- | --- | --- |\n");
        for (BenchStack.Function function : functions) {
            Path unpacked = ZipClassPath.unpack(work, repository.resolve(function.codeUri()));
            Result restored = start("restore", function.logicalId() + "-restore", 0,
                    join(ZipClassPath.of(unpacked, probe)), handlerClass(function),
                    eventFiles.get(function.logicalId()), function.environment(),
                    List.of("-Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac"));
            String cold = Median.of(coldStarts.get(function.logicalId())).answer();
            if (restored.failure() != null) {
                out.append(String.format(Locale.ROOT, "| %s | – | – | failed: %s | %s | no |%n", function.logicalId(),
                        restored.failure(), cold));
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s |%n", function.logicalId(),
                    restored.values().getProperty("restored"),
                    Long.parseLong(restored.values().getProperty("restoreMicros")) / 1000.0, restored.answer(), cold,
                    cold.equals(restored.answer()) ? "yes" : "no"));
        }
        return out.toString();
    }

    private String table(List<BenchStack.Function> functions, Map<String, List<Result>> results, List<Path> floorJars,
            int runs, String loadBefore) {
        StringBuilder out = new StringBuilder();
        out.append("Cold starts on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", median of ").append(runs).append(runs == 1 ? " run" : " runs")
                .append("; java ").append(System.getProperty("java.version"))
                .append("; JAVA_TOOL_OPTIONS=\"").append(javaToolOptions).append("\"")
                .append("; load average ").append(loadBefore).append(" before, ").append(loadAverage()).append(" after")
                .append(" (").append(Runtime.getRuntime().availableProcessors()).append(" CPUs)\n\n");
        out.append("| function | init ms | first invoke ms | total ms | × floor | zip MiB | classes loaded | answer |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        Median floor = Median.of(results.get(FLOOR));
        double floorMiB = floorJars.stream().mapToLong(ColdStartBench::size).sum() / 1048576.0;
        row(out, "floor (Jackson, one JDBC connection, one query)", floor, floor, floorMiB);
        for (BenchStack.Function function : functions) {
            row(out, function.logicalId(), Median.of(results.get(function.logicalId())), floor,
                    size(repository.resolve(function.codeUri())) / 1048576.0);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Median median, Median floor, double mib) {
        if (median.total < 0) {
            out.append(String.format(Locale.ROOT, "| %s | – | – | – | – | %.1f | – | %s |%n", name, mib, median.answer));
            return;
        }
        String ratio = floor.total > 0 ? String.format(Locale.ROOT, "%.1f", (double) median.total / floor.total) : "–";
        out.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s | %.1f | %,d | %s |%n", name, median.init,
                median.first, median.total, ratio, mib, median.classes, median.answer));
    }

    /**
     * One untimed run per function with {@code -Xlog:class+load}; per zip, the {@code lib/} jars that none of its
     * functions loaded a class from, largest first: what the zip carries for nothing.
     */
    private String unusedJars(List<BenchStack.Function> functions, Map<String, String> classPaths,
            Map<String, Path> eventFiles)
            throws IOException, InterruptedException {
        Map<String, Map<String, Long>> loadedPerZip = new TreeMap<>();
        for (BenchStack.Function function : functions) {
            Path log = work.resolve("runs").resolve(function.logicalId() + "-classes.log");
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            start(function.logicalId() + "-classlog", 0, classPaths.get(function.logicalId()), handlerClass(function),
                    eventFiles.get(function.logicalId()), function.environment(),
                    List.of("-Xlog:class+load=info:file=" + log));
            Map<String, Long> loaded = loadedPerZip.computeIfAbsent(function.codeUri(), key -> new TreeMap<>());
            try (Stream<String> lines = Files.lines(log)) {
                lines.forEach(line -> {
                    int at = line.indexOf(" source: ");
                    if (at > 0) {
                        String source = line.substring(at + 9).strip();
                        int slash = source.lastIndexOf('/');
                        if (source.endsWith(".jar")) {
                            loaded.merge(source.substring(slash + 1), 1L, Long::sum);
                        }
                    }
                });
            }
        }
        StringBuilder out = new StringBuilder("Jars in each zip's lib/ that no function of the zip loads a class from"
                + " (construction and first answer to its sample event), largest first\n\n");
        out.append("| zip | unused jars | unused MiB | of zip MiB (unpacked lib/) | largest unused |\n");
        out.append("| --- | ---: | ---: | ---: | --- |\n");
        for (Map.Entry<String, Map<String, Long>> zip : loadedPerZip.entrySet()) {
            Path lib = ZipClassPath.unpack(work, repository.resolve(zip.getKey())).resolve("lib");
            List<Path> jars;
            try (Stream<Path> list = Files.list(lib)) {
                jars = list.filter(path -> path.toString().endsWith(".jar")).toList();
            }
            List<Path> unused = jars.stream().filter(jar -> !zip.getValue().containsKey(jar.getFileName().toString()))
                    .sorted(Comparator.comparingLong(ColdStartBench::size).reversed()).toList();
            long unusedBytes = unused.stream().mapToLong(ColdStartBench::size).sum();
            long allBytes = jars.stream().mapToLong(ColdStartBench::size).sum();
            StringBuilder largest = new StringBuilder();
            unused.stream().limit(12).forEach(jar -> largest.append(largest.isEmpty() ? "" : ", ")
                    .append(jar.getFileName()).append(String.format(Locale.ROOT, " (%.1f)", size(jar) / 1048576.0)));
            out.append(String.format(Locale.ROOT, "| %s | %d of %d | %.1f | %.1f | %s |%n",
                    Path.of(zip.getKey()).getFileName(), unused.size(), jars.size(), unusedBytes / 1048576.0,
                    allBytes / 1048576.0, largest));
        }
        return out.toString();
    }

    /**
     * The function's event with the demo agent's identity: {@code <access token>} placeholders replaced by the token
     * (the authorizer's event), and {@code requestContext.authorizer} by the authorizer's context (API events).
     */
    private Path signed(String function, Path event, BenchStack.SignedIn agent) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String text = Files.readString(event).replace("<access token>", agent.accessToken());
        com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(text);
        if (tree.path("requestContext").has("authorizer")
                && tree.path("requestContext") instanceof com.fasterxml.jackson.databind.node.ObjectNode context) {
            context.set("authorizer", mapper.valueToTree(agent.context()));
        }
        Path file = Files.createDirectories(work.resolve("events")).resolve(function + ".json");
        Files.write(file, mapper.writeValueAsBytes(tree));
        return file;
    }

    private static String handlerClass(BenchStack.Function function) {
        String handler = function.handler();
        return handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    }

    /** Jackson (databind, core, annotations), the PostgreSQL driver and aws-lambda-java-core: the floor's class path. */
    private static List<Path> floorJars() {
        return Stream.of(com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                        com.fasterxml.jackson.annotation.JsonProperty.class, org.postgresql.Driver.class,
                        com.amazonaws.services.lambda.runtime.RequestStreamHandler.class)
                .map(type -> {
                    try {
                        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static Properties events(Path repository) throws IOException {
        Properties events = new Properties();
        try (InputStream in = Files.newInputStream(repository.resolve("bench/coldstart/events.properties"))) {
            events.load(in);
        }
        return events;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String join(List<Path> paths) {
        return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println("bench/coldstart: " + problem);
        System.err.println("usage: bench/coldstart/run [RUNS] [--only|--except FunctionId,...] [--java-options \"...\"]"
                + " [--class-log] [--restore]");
        System.exit(2);
    }

    /** One cold start's figures (ms), or why it failed. */
    record Result(long init, long first, long classes, String answer, String failure, Properties values) {
        static Result failed(String why) {
            return new Result(-1, -1, -1, null, why, new Properties());
        }
    }

    /** The medians of a function's runs; the answers seen (e.g. {@code 200}); failures named. */
    record Median(long init, long first, long total, long classes, String answer) {
        static Median of(List<Result> results) {
            List<Result> good = results.stream().filter(result -> result.failure() == null).toList();
            if (good.isEmpty()) {
                return new Median(-1, -1, -1, -1, "failed: " + results.get(0).failure());
            }
            String answers = String.join(", ", good.stream().map(Result::answer).distinct().toList());
            if (good.size() < results.size()) {
                answers += "; " + (results.size() - good.size()) + " failed: "
                        + results.stream().filter(result -> result.failure() != null).findFirst().orElseThrow().failure();
            }
            return new Median(median(good.stream().map(Result::init).toList()),
                    median(good.stream().map(Result::first).toList()),
                    median(good.stream().map(result -> result.init() + result.first()).toList()),
                    median(good.stream().map(Result::classes).toList()), answers);
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }
}
