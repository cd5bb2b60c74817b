package com.agentmitra.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.agentmitra.local.BenchStack;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * SnapStart priming without a network, for every function of {@code template.yaml}, each in a fresh JVM on exactly
 * its Lambda zip's class path: every endpoint the function has (database, SQS and every queue URL, S3, any other AWS
 * service, the WhatsApp Graph API) is a local socket that records each connection; the handler is constructed (the
 * init phase) and CRaC's {@code beforeCheckpoint} runs every registered hook as SnapStart does before its snapshot.
 * Asserted: no connection while constructing or priming, no hook failed, and each hook loaded the classes of the work
 * it claims (jOOQ rendering, Jackson writing, the JOSE and EC classes, ...), read from {@code -Xlog:class+load}
 * between two marker classes. Then every {@code afterRestore} hook runs as in a copy restored from the snapshot:
 * asserted, every resource restored, no connection opened by them (the first request opens its own), no restore hook
 * failed. Needs the Lambda zips ({@code ./mvnw -B -DskipTests package}).
 */
class PrimingIT {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path WORK = REPOSITORY.resolve("bench/coldstart/target/priming");

    /**
     * What each function's hooks claim to warm, as class-name prefixes of which each must have at least one class
     * loaded by the hooks (first loaded there, not while constructing). A function of the template missing from both
     * maps fails {@link #everyFunctionIsClassified()}: a new function says what its priming does.
     */
    private static final String RENDERS = "org.jooq.impl.DefaultRenderContext";
    private static final String WRITES_JSON = "com.fasterxml.jackson.databind.ser.";
    /** The SQS client, built lazily by the first message sent or by priming: first loaded by the hooks. */
    private static final String SQS_CLIENT = "software.amazon.awssdk.services.sqs.DefaultSqsClient";
    private static final String S3_PRESIGNER = "software.amazon.awssdk.services.s3.internal.signing.DefaultS3Presigner";

    private static final Map<String, List<String>> PRIMES = new TreeMap<>(Map.ofEntries(
            // Json.write(Health.up(..)) and renderForTenant(selectOne)
            Map.entry("HealthFunction", List.of(RENDERS)),
            // Json.write(routes.describe()), the public JWKS, one password hash comparison, the SQS client
            Map.entry("AuthFunction", List.of(WRITES_JSON, SQS_CLIENT)),
            // one token signed and verified with a throw-away key, renderForTenant(selectOne)
            Map.entry("AuthorizerFunction", List.of("com.nimbusds.jose.crypto.", RENDERS)),
            // Json.write(routes.describe()) and a page query of the first request's kind rendered
            Map.entry("PoliciesFunction", List.of(WRITES_JSON, RENDERS)),
            // and the SQS client (replies) and the S3 presigner (media links)
            Map.entry("ConversationsFunction", List.of(WRITES_JSON, RENDERS, SQS_CLIENT, S3_PRESIGNER)),
            Map.entry("ExcelImportApiFunction", List.of(WRITES_JSON, RENDERS)),
            // renderForTenant(...), and where the function sends, the SQS client it builds on first use
            Map.entry("CallbacksApiFunction", List.of(RENDERS, SQS_CLIENT)),
            Map.entry("CallbackSweeperFunction", List.of(RENDERS, SQS_CLIENT)),
            Map.entry("ReportsApiFunction", List.of(RENDERS, SQS_CLIENT, S3_PRESIGNER)),
            Map.entry("ReportWriterFunction", List.of(RENDERS)),
            Map.entry("ReportSweeperFunction", List.of(RENDERS)),
            Map.entry("AdminFunction", List.of(RENDERS)),
            Map.entry("LicenceExpiryFunction", List.of(RENDERS)),
            Map.entry("ArchivalFunction", List.of(RENDERS)),
            Map.entry("MetricsFunction", List.of(RENDERS)),
            Map.entry("RemindersFunction", List.of(RENDERS)),
            Map.entry("ExcelImportUploadFunction", List.of(RENDERS)),
            // functions/content (issue 18), as its hooks are on 2026-12-07: Json.write(routes.describe())
            Map.entry("ContentFunction", List.of(WRITES_JSON)),
            // issue 19's daily template sync: a listing page of Meta's parsed (Jackson's tree reader, our page types)
            Map.entry("WhatsappTemplateSyncFunction", List.of(
                    "com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer",
                    "com.agentmitra.whatsapp.MetaTemplateList$"))));

    /**
     * Functions whose hooks warm nothing of their own today (an empty prime, only the pool emptied before the
     * snapshot) or that register none: still asserted to connect nowhere and to fail no hook.
     */
    private static final Set<String> PRIMES_NOTHING = Set.of("WhatsappSenderFunction", "WhatsappWebhookFunction",
            "WhatsappInboundFunction", "MigrateFunction", "ContentUploadCheckFunction", "ContentRollupFunction");

    /**
     * Functions whose restore hooks do not renew a connection pool: {@code MigrateFunction} registers no hook (its pool
     * holds nothing at the snapshot); {@code PoliciesFunction}'s registration in functions/policies has no restore hook
     * yet (bench/coldstart/README.md, "SnapStart"). Every other function's restore logs
     * {@code ConnectionPool.RESTORED}.
     */
    private static final Set<String> RESTORES_NO_POOL = Set.of("MigrateFunction");

    /** Functions that register no {@code SnapStartPriming} hook at all. */
    private static final Set<String> NO_HOOKS = Set.of("MigrateFunction");

    private static final Map<String, Recorder> RECORDERS = new LinkedHashMap<>();
    private static Path probe;

    @BeforeAll
    static void startRecorders() throws IOException, ClassNotFoundException {
        for (String name : List.of("database", "sqs", "s3", "other AWS", "WhatsApp")) {
            RECORDERS.put(name, new Recorder(name));
        }
        probe = ZipClassPath.classDirectory(WORK, "probe", List.of(Probe.class, Probe.HookStart.class,
                Probe.HookEnd.class, com.agentmitra.bench.coldstart.crac.Core.class,
                Class.forName("com.agentmitra.bench.coldstart.crac.Core$Global"),
                com.agentmitra.bench.coldstart.crac.Context.class, com.agentmitra.bench.coldstart.crac.Resource.class,
                com.agentmitra.bench.coldstart.crac.CheckpointException.class,
                com.agentmitra.bench.coldstart.crac.RestoreException.class));
    }

    @AfterAll
    static void stopRecorders() {
        RECORDERS.values().forEach(Recorder::close);
    }

    @Test
    void everyFunctionIsClassified() {
        List<String> functions = BenchStack.functionsOf(REPOSITORY).stream().map(BenchStack.Function::logicalId).toList();
        assertThat(functions).isNotEmpty();
        assertThat(functions).allSatisfy(id -> assertThat(PRIMES.containsKey(id) || PRIMES_NOTHING.contains(id))
                .as("%s: say in PrimingIT what its SnapStart hooks warm (PRIMES) or that they warm nothing", id)
                .isTrue());
    }

    /** The recorders catch what the assertions below count: a JDBC connection attempt to the database endpoint. */
    @Test
    void aJdbcConnectionAttemptIsRecorded() {
        Recorder database = RECORDERS.get("database");
        database.clear();
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "nobody");
        login.setProperty("connectTimeout", "2");
        login.setProperty("socketTimeout", "2");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres?sslmode=disable", login).close())
                .isInstanceOf(java.sql.SQLException.class);
        long deadline = System.currentTimeMillis() + 2_000;
        while (database.accepted().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(database.accepted()).hasSize(1);
    }

    @TestFactory
    Stream<DynamicTest> primingOpensNoConnectionAndRunsTheClaimedWork() {
        List<BenchStack.Function> functions = BenchStack.functionsAt(REPOSITORY, WORK.resolve("data"),
                RECORDERS.get("database").port(), RECORDERS.get("sqs").port(), RECORDERS.get("s3").port(),
                RECORDERS.get("other AWS").port(), RECORDERS.get("WhatsApp").port());
        return functions.stream().map(function -> DynamicTest.dynamicTest(function.logicalId(), () -> prime(function)));
    }

    private void prime(BenchStack.Function function) throws Exception {
        Path zip = REPOSITORY.resolve(function.codeUri());
        if (!Files.isRegularFile(zip)) {
            fail("%s: no zip at %s; build the Lambda zips first: ./mvnw -B -DskipTests package",
                    function.logicalId(), function.codeUri());
        }
        function.environment().forEach((name, value) -> {
            if (!name.equals("ALLOWED_ORIGINS")) { // browser origins, never called
                assertThat(value).as("%s: %s points at a recorder", function.logicalId(), name)
                        .doesNotContainPattern("https?://(?!127\\.0\\.0\\.1[:/])");
            }
        });
        Path runs = Files.createDirectories(WORK.resolve("runs"));
        Path classLog = runs.resolve(function.logicalId() + "-classes.log");
        Path output = runs.resolve(function.logicalId() + ".log");
        Path resultFile = runs.resolve(function.logicalId() + ".properties");
        Files.deleteIfExists(classLog);
        Files.deleteIfExists(resultFile);
        String handler = function.handler().contains("::")
                ? function.handler().substring(0, function.handler().indexOf("::")) : function.handler();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog,
                // org.crac registers the function's resources with the stand-in for a CRaC JDK
                "-Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac",
                "-cp", ColdStartBench.join(ZipClassPath.of(ZipClassPath.unpack(WORK, zip), probe)),
                Probe.class.getName(), "prime", handler, "-", resultFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("TZ", "UTC");
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        builder.environment().putAll(function.environment());
        RECORDERS.values().forEach(Recorder::clear);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("%s: did not finish priming within 120 s (%s)", function.logicalId(), output);
        }
        Properties result = new Properties();
        try (InputStream in = Files.newInputStream(resultFile)) {
            result.load(in);
        }
        assertThat(result.getProperty("error")).as("%s: the probe failed (%s)", function.logicalId(), output).isNull();
        int registered = Integer.parseInt(result.getProperty("registered"));
        assertThat(Integer.parseInt(result.getProperty("ran"))).as("%s: hooks run", function.logicalId())
                .isEqualTo(registered);
        // Spring's lifecycle processor registers one resource of its own in every function
        long primingHooks = List.of(result.getProperty("resources").split(",")).stream()
                .filter(name -> name.equals("com.agentmitra.lambda.SnapStartPriming")).count();
        if (NO_HOOKS.contains(function.logicalId())) {
            assertThat(primingHooks).as("%s: SnapStartPriming hooks registered", function.logicalId()).isZero();
        } else {
            assertThat(primingHooks).as("%s: SnapStartPriming hooks registered (with the CRaC stand-in) among %s",
                    function.logicalId(), result.getProperty("resources")).isPositive();
        }
        long hookStart = Long.parseLong(result.getProperty("hookStart"));
        long restoreStart = Long.parseLong(result.getProperty("restoreStart"));
        Map<String, List<Long>> construction = new TreeMap<>();
        Map<String, List<Long>> priming = new TreeMap<>();
        Map<String, List<Long>> restore = new TreeMap<>();
        RECORDERS.forEach((name, recorder) -> recorder.accepted().forEach(at ->
                (at < hookStart ? construction : at < restoreStart ? priming : restore)
                        .computeIfAbsent(name, key -> new ArrayList<>()).add(at)));
        assertThat(priming).as("%s: connections opened by its SnapStart hooks, per endpoint", function.logicalId())
                .isEmpty();
        assertThat(construction).as("%s: connections opened while constructing the handler, per endpoint",
                function.logicalId()).isEmpty();
        assertThat(restore).as("%s: connections opened by its afterRestore hooks, per endpoint (the first request"
                + " opens them)", function.logicalId()).isEmpty();
        String log = Files.readString(output);
        assertThat(log).as("%s: a hook failed (%s)", function.logicalId(), output)
                .doesNotContain("SnapStart priming failed");
        assertThat(log).as("%s: a restore hook failed (%s)", function.logicalId(), output)
                .doesNotContain("SnapStart restore hook failed");
        assertThat(Integer.parseInt(result.getProperty("restored"))).as("%s: resources restored", function.logicalId())
                .isEqualTo(registered);
        if (!RESTORES_NO_POOL.contains(function.logicalId())) {
            assertThat(log).as("%s: its restore renews its connection pool (ConnectionPool.afterRestore) (%s)",
                    function.logicalId(), output).contains(com.agentmitra.data.ConnectionPool.RESTORED);
        }

        List<String> hookClasses = classesLoadedByHooks(classLog);
        System.out.printf("%s: %d hooks (%s) loaded %d classes; afterRestore hooks took %.1f ms%n",
                function.logicalId(), registered, result.getProperty("resources"), hookClasses.size(),
                Long.parseLong(result.getProperty("restoreMicros")) / 1000.0);
        for (String prefix : PRIMES.getOrDefault(function.logicalId(), List.of())) {
            assertThat(hookClasses).as("%s: classes its hooks loaded, expected some %s*", function.logicalId(), prefix)
                    .anyMatch(name -> name.startsWith(prefix));
        }
    }

    /** The classes a class-load log shows between the probe's two marker classes. */
    private static List<String> classesLoadedByHooks(Path classLog) throws IOException {
        List<String> loaded = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(classLog)) {
            int tag = line.indexOf("[class,load] ");
            if (tag < 0) {
                continue;
            }
            String name = line.substring(tag + 13).split(" ", 2)[0];
            if (name.equals(Probe.HookStart.class.getName())) {
                inside = true;
            } else if (name.equals(Probe.HookEnd.class.getName())) {
                return loaded;
            } else if (inside) {
                loaded.add(name);
            }
        }
        throw new AssertionError("the class-load log " + classLog + " has no hook window: the hooks did not finish");
    }

    /** A loopback socket that accepts and records every connection (epoch microseconds), then closes it. */
    private static final class Recorder implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Long> accepted = new CopyOnWriteArrayList<>();

        Recorder(String name) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(this::accept, "recorder-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    accepted.add(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
                } catch (IOException e) {
                    // closed, or the client gave up: either way nothing more to record for it
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        List<Long> accepted() {
            return List.copyOf(accepted);
        }

        void clear() {
            accepted.clear();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
    }
}
