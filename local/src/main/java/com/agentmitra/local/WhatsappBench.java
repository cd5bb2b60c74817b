package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code local/bench-whatsapp}: the WhatsApp sender's benchmark through {@code local/run} (issue 21), not an
 * in-process stub. Starts {@link StrictGraphApi} on {@value StrictGraphApi#PORT} (80 messages/s, pair rate, faults
 * on request), starts the local stack as {@code local/run} does ({@link LocalRun} in a JVM of its own, on the
 * classpath the script built) with {@code WHATSAPP_API_BASE_URL} pointing at it (its output in
 * {@code local/target/bench-whatsapp-run.log}), and runs three scenarios of N template messages (default 10,000,
 * each to its own number) put on the local {@code whatsapp-outbound} queue, drained by the stack's own SQS poller
 * (the template's batch size, window, five consumers, visibility) into the real sender:
 * <ol>
 * <li>clean: the rate at steady state (the middle 80 % of the sends) against the 80/s limit: at least 97 %, no
 * 130429;</li>
 * <li>10 % of answers lost (accepted, connection closed): no message sent twice, none lost; the lost ones are
 * settled afterwards by signed status webhooks through the local API, matched by our
 * {@code biz_opaque_callback_data};</li>
 * <li>20 % of requests answered 503 (131000, not accepted): every message accepted exactly once.</li>
 * </ol>
 * Each scenario ends when the queue is empty (every queue message acknowledged: sent, or unknown and settled or
 * left, never resent). Prints the figures and exits 1 if a target is missed. Stops {@code local/run} at the end.
 */
public final class WhatsappBench {

    private static final String APP_SECRET = WhatsappSandbox.APP_SECRET;
    private static final double TARGET_SHARE = 0.97;

    /** The sender's backoff for transient errors (RedeliveryDelay: 15 s doubling) over 9 retries (maxReceiveCount 10). */
    private static final Duration RETRY_LADDER = Duration.ofSeconds(15L * ((1 << 9) - 1));

    private record Scenario(String name, double lost, double errors) {
        String describe() {
            return lost > 0 ? Math.round(lost * 100) + " % of answers lost"
                    : errors > 0 ? Math.round(errors * 100) + " % 5xx" : name;
        }
    }

    private record Result(String name, int messages, double steadyRate, double overallRate, long throttled,
            long pairRefused, long serverErrors, long duplicates, long lost, long lostAnswers,
            Map<String, Long> rows, double seconds) {}

    private WhatsappBench() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        if (messages < 100 || messages > 100_000) {
            throw new IllegalArgumentException("messages: between 100 and 100,000");
        }
        List<Scenario> all = List.of(new Scenario("clean", 0, 0), new Scenario("lost", 0.10, 0),
                new Scenario("5xx", 0, 0.20));
        // the scenarios to run: all three, or those named (local/bench-whatsapp 10000 clean)
        List<String> named = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        for (String name : named) {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("scenario " + name + ": one of clean, lost, 5xx");
            }
        }
        Path root = Path.of(System.getProperty("agentmitra.repository", ".")).toAbsolutePath().normalize();
        for (int port : new int[] {LocalRun.API_PORT, LocalServices.POSTGRES_PORT, LocalServices.SQS_PORT,
                StrictGraphApi.PORT}) {
            if (listening(port)) {
                // joining another stack would poll its queues and skew both: refuse instead
                System.err.println("port " + port + " is in use: another local stack (local/run, an end-to-end test,"
                        + " a benchmark) is running; stop it first");
                System.exit(2);
            }
        }
        List<Result> results = new ArrayList<>();
        try (StrictGraphApi graph = StrictGraphApi.start(StrictGraphApi.PORT)) {
            Process stack = startStack(root, graph);
            try {
                String run = Long.toString(System.currentTimeMillis(), 36);
                for (int index = 0; index < all.size(); index++) {
                    if (named.isEmpty() || named.contains(all.get(index).name())) {
                        results.add(run(graph, all.get(index), messages, run + "-" + index, index));
                    }
                }
            } finally {
                stack.destroy();
                if (!stack.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    stack.destroyForcibly();
                }
            }
        }
        boolean met = report(results);
        System.exit(met ? 0 : 1);
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process startStack(Path root, StrictGraphApi graph) throws Exception {
        Path log = root.resolve("local/target/bench-whatsapp-run.log");
        Files.createDirectories(log.getParent());
        // what local/run runs (its main, LocalRun, in its own JVM), on the classpath local/bench-whatsapp built
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Dagentmitra.repository=" + root, "-cp",
                System.getProperty("java.class.path"), LocalRun.class.getName())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WHATSAPP_API_BASE_URL", graph.base());
        builder.environment().put("WHATSAPP_TOKEN", "bench-token");
        System.out.println("starting the local stack (local/run) against the strict Graph API " + graph.base() + " (log: " + log + ")");
        Process stack = builder.start();
        long until = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < until) {
            if (!stack.isAlive()) {
                throw new IllegalStateException("local/run stopped; see " + log);
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Agent Mitra local stack is up")) {
                return stack;
            }
            Thread.sleep(1000);
        }
        stack.destroy();
        throw new IllegalStateException("local/run did not come up within 15 minutes; see " + log);
    }

    private static Result run(StrictGraphApi graph, Scenario scenario, int messages, String run, int index)
            throws Exception {
        graph.reset(80, scenario.lost(), scenario.errors());
        System.out.printf("%n%s: %,d messages, Graph API limit 80/s%n", scenario.describe(), messages);
        long started = System.nanoTime();
        try (SqsClient sqs = LocalServices.sqs()) {
            String queue = sqs.getQueueUrl(r -> r.queueName("WhatsappOutboundQueue")).queueUrl();
            // queued by four threads, as other functions would fill the queue from elsewhere: the sooner it is full,
            // the less of the steady state shares the machine with the queueing
            ExecutorService queueing = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int first = 0; first < messages; first += 10) {
                int from = first;
                int to = Math.min(messages, first + 10);
                sent.add(queueing.submit(() -> {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        // each to its own number: the pair rate never holds one back
                        String recipient = "+91" + (70 + index) + String.format("%08d", i);
                        WhatsappMessage message = WhatsappMessage.template("bench:" + run + ":" + i, "LIC", recipient,
                                WhatsappMessage.REMINDER, new WhatsappMessage.Template("premium_due_reminder", "en",
                                        List.of("Bench " + i, "12 Dec 2026", "₹12,450.00", "BENCH" + i)), Instant.now());
                        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                                .messageBody(Json.write(message)).build());
                    }
                    sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(entries));
                    return null;
                }));
            }
            for (Future<?> batch : sent) {
                batch.get();
            }
            queueing.shutdown();
            System.out.printf("queued in %.1f s%n", (System.nanoTime() - started) / 1e9);
            // long enough for the sends plus the whole retry ladder of the sender (15 s doubling, for as many
            // receives as the queue allows before its dead-letter queue): a message that met 5xx several times in a
            // row is still on its way, not lost
            long until = System.nanoTime() + Duration.ofSeconds(messages / 40 + 600).plus(RETRY_LADDER).toNanos();
            long lastReport = System.nanoTime();
            while (System.nanoTime() < until) {
                Thread.sleep(2000);
                long left = queueDepth(sqs, queue);
                if (System.nanoTime() - lastReport > 15 * 1_000_000_000L) {
                    System.out.printf("  %,d accepted, %,d queue messages left%n", graph.accepted().size(), left);
                    lastReport = System.nanoTime();
                }
                if (left == 0 && graph.accepted().size() >= messages) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<StrictGraphApi.Accepted> accepted = graph.accepted();
        Map<String, Long> perReference = new HashMap<>();
        accepted.forEach(a -> perReference.merge(a.reference(), 1L, Long::sum));
        long duplicates;
        List<StrictGraphApi.Accepted> lostAnswers = accepted.stream().filter(StrictGraphApi.Accepted::answerLost)
                .toList();
        if (!lostAnswers.isEmpty()) {
            settle(lostAnswers);
        }
        Map<String, Long> rows = rows(run);
        // this run's messages by our reference: sent twice, or never accepted (the fake may also have taken messages
        // the stack sent on its own, which are not this run's)
        java.util.Set<String> ours = references(run);
        duplicates = ours.stream().mapToLong(ref -> Math.max(0, perReference.getOrDefault(ref, 0L) - 1)).sum();
        long lost = messages - ours.size() + ours.stream().filter(ref -> !perReference.containsKey(ref)).count();
        return new Result(scenario.describe(), messages, steadyRate(accepted), overallRate(accepted), graph.throttled(),
                graph.pairRefused(), graph.serverErrors(), duplicates, lost, lostAnswers.size(), rows, seconds);
    }

    private static long queueDepth(SqsClient sqs, String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Sends per second over the middle 80 % of the accepted sends (ramp-up and the tail left out). */
    private static double steadyRate(List<StrictGraphApi.Accepted> accepted) {
        if (accepted.size() < 10) {
            return 0;
        }
        List<Long> times = accepted.stream().map(StrictGraphApi.Accepted::atNanos).sorted().toList();
        int from = times.size() / 10;
        int to = times.size() - times.size() / 10 - 1;
        return (to - from) / ((times.get(to) - times.get(from)) / 1e9);
    }

    private static double overallRate(List<StrictGraphApi.Accepted> accepted) {
        if (accepted.size() < 2) {
            return 0;
        }
        List<Long> times = accepted.stream().map(StrictGraphApi.Accepted::atNanos).sorted().toList();
        return (times.size() - 1) / ((times.getLast() - times.getFirst()) / 1e9);
    }

    /**
     * What Meta does for a message whose answer was lost: a status webhook for its wamid carrying our
     * {@code biz_opaque_callback_data}, signed with the local app secret, through the local API (100 statuses per
     * notification); then waits for the inbound consumer to apply them.
     */
    private static void settle(List<StrictGraphApi.Accepted> lostAnswers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long timestamp = Instant.now().getEpochSecond();
        for (int from = 0; from < lostAnswers.size(); from += 100) {
            StringBuilder statuses = new StringBuilder();
            for (StrictGraphApi.Accepted a : lostAnswers.subList(from, Math.min(from + 100, lostAnswers.size()))) {
                if (!statuses.isEmpty()) {
                    statuses.append(',');
                }
                statuses.append("{\"id\":\"").append(a.wamid()).append("\",\"status\":\"sent\",\"timestamp\":\"")
                        .append(timestamp).append("\",\"recipient_id\":\"919000000000\",\"biz_opaque_callback_data\":\"")
                        .append(a.reference()).append("\"}");
            }
            String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"100000000000002\",\"changes\":"
                    + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                    + "{\"display_phone_number\":\"919000000000\",\"phone_number_id\":\"" + WhatsappSandbox.PHONE_NUMBER_ID
                    + "\"},\"statuses\":[" + statuses + "]}}]}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(ApiGatewayServer.base(LocalRun.API_PORT) + "/webhooks/whatsapp"))
                    .header("Content-Type", "application/json").header("X-Hub-Signature-256", "sha256=" + sign(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the webhook answered " + response.statusCode());
            }
        }
        try (SqsClient sqs = LocalServices.sqs()) {
            String inbound = sqs.getQueueUrl(r -> r.queueName("WhatsappInboundQueue")).queueUrl();
            long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < until && queueDepth(sqs, inbound) > 0) {
                Thread.sleep(1000);
            }
        }
        System.out.printf("%,d lost answers settled by signed status webhooks (our biz_opaque_callback_data)%n",
                lostAnswers.size());
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Our {@code biz_opaque_callback_data} of every outbox row of this run. */
    private static java.util.Set<String> references(String run) throws SQLException {
        java.util.Set<String> references = new java.util.HashSet<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalServices.POSTGRES_PORT + "/postgres", "postgres", "postgres");
                PreparedStatement statement = connection.prepareStatement("select 'LIC:' || message_id"
                        + " from lic_schema.whatsapp_messages where idempotency_key like ?")) {
            statement.setString(1, "bench:" + run + ":%");
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    references.add(result.getString(1));
                }
            }
        }
        return references;
    }

    /** The outbox rows of this run by send status, read from the local database. */
    private static Map<String, Long> rows(String run) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + LocalServices.POSTGRES_PORT + "/postgres", "postgres", "postgres");
                PreparedStatement statement = connection.prepareStatement("select send_status::text, count(*)"
                        + " from lic_schema.whatsapp_messages where idempotency_key like ? group by 1")) {
            statement.setString(1, "bench:" + run + ":%");
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return rows;
    }

    private static boolean report(List<Result> results) throws IOException {
        boolean met = true;
        System.out.println();
        for (Result r : results) {
            System.out.printf("%s: %,d messages in %.1f s; steady state %.2f msg/s = %.1f %% of 80/s (first to last"
                            + " send %.2f msg/s); 130429: %d, 131056: %d, 5xx answered: %d; accepted twice: %d; never"
                            + " accepted: %d; answers lost: %d; rows %s%n",
                    r.name(), r.messages(), r.seconds(), r.steadyRate(), 100 * r.steadyRate() / 80, r.overallRate(),
                    r.throttled(), r.pairRefused(), r.serverErrors(), r.duplicates(), r.lost(), r.lostAnswers(),
                    r.rows());
            long accepted = r.rows().getOrDefault("accepted", 0L);
            boolean ok = r.duplicates() == 0 && r.lost() == 0 && r.pairRefused() == 0 && accepted == r.messages();
            if (r.name().equals("clean")) {
                ok &= r.throttled() == 0 && r.steadyRate() >= TARGET_SHARE * 80;
            }
            System.out.println("  " + (ok ? "targets met" : "TARGET MISSED"));
            met &= ok;
        }
        return met;
    }
}
