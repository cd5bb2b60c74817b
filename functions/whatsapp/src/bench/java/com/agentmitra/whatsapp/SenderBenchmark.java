package com.agentmitra.whatsapp;

import static com.agentmitra.data.jooq.tenant.Tables.WHATSAPP_MESSAGES;

import com.agentmitra.config.Env;
import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.jooq.shared.enums.WhatsappSendStatusEnum;
import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import com.zaxxer.hikari.HikariDataSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sender throughput on this machine: N messages (default 10,000) queued on the in-process SQS, drained by as many
 * consumers as the template's reserved concurrency (5, each a {@link SenderFunction} taking batches of 10 with its own
 * pool of 2 connections, like a Lambda instance) against a fake Graph API over HTTP that answers 130429 beyond 80 messages in any second, the
 * pacer configured as in {@code template.yaml} (78/s). Prints the achieved rate, rate-limit errors provoked,
 * duplicates and the busiest second, and fails (exit 1) when a target is missed: rate at least 95 % of 80/s, no
 * 130429, every message sent exactly once.
 *
 * <p>Run: see functions/whatsapp/README.md, "Benchmark".
 */
public final class SenderBenchmark {

    private static final int LIMIT = 80;
    private static final int PACED = 78;
    private static final int CONSUMERS = 5;

    private SenderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        PrintStream report = System.out;
        // the functions print one metrics line per batch on stdout, as in Lambda: not part of the report
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        int exit;
        try (FakeGraphApi graph = new FakeGraphApi().limitedTo(LIMIT)) {
            SenderHarness harness = new SenderHarness(graph, PACED, 300);
            String run = UUID.randomUUID().toString().substring(0, 8);
            long queueing = System.nanoTime();
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                // one recipient per message: the pair rate (one per 6 s to a number) is not what is measured here
                String recipient = "+9197%08d".formatted(i);
                WhatsappMessage reminder = WhatsappMessage.template("bench:" + run + ":" + i, "LIC", recipient,
                        WhatsappMessage.REMINDER, new WhatsappMessage.Template("premium_due_reminder", "en",
                                List.of("Ravi", "12-Dec-2025", "₹12,450", "TEST-" + i)), Instant.now());
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i % 10))
                        .messageBody(Json.write(reminder)).build());
                if (batch.size() == 10 || i == messages - 1) {
                    List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                    harness.sqs.sendMessageBatch(r -> r.queueUrl(harness.queueUrl).entries(entries));
                    batch.clear();
                }
            }
            report.printf("queued %,d messages in %.1f s (not counted)%n", messages,
                    (System.nanoTime() - queueing) / 1e9);

            ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS);
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            List<HikariDataSource> pools = new ArrayList<>();
            for (int i = 0; i < CONSUMERS; i++) {
                // like a Lambda instance: its own pool of DB_POOL_SIZE = 2 connections
                HikariDataSource pool = ConnectionPool.create(Env.with(harness.db.appEnvironment(),
                        DatabaseConfig::fromEnvironment));
                pools.add(pool);
                SenderFunction function = harness.function(Clock.systemUTC(), new Database(pool));
                running.add(consumers.submit(() -> harness.drain(function, Duration.ofMinutes(10))));
            }
            for (Future<?> consumer : running) {
                consumer.get();
            }
            consumers.shutdown();
            pools.forEach(HikariDataSource::close);

            List<FakeGraphApi.Request> requests = graph.requests();
            long accepted = requests.size() - graph.throttled();
            long first = requests.stream().mapToLong(FakeGraphApi.Request::atNanos).min().orElse(started);
            long last = requests.stream().mapToLong(FakeGraphApi.Request::atNanos).max().orElse(started);
            double wall = (last - started) / 1e9;
            double rate = accepted / wall;
            double steady = requests.size() > 1 ? (requests.size() - 1) / ((last - first) / 1e9) : 0;
            long distinct = requests.stream().map(FakeGraphApi.Request::to).distinct().count();
            int duplicates = (int) (requests.size() - graph.throttled() - distinct);
            int busiest = busiestSecond(requests);
            int acceptedRows = harness.db.ownerDsl(harness.lic()).fetchCount(WHATSAPP_MESSAGES,
                    WHATSAPP_MESSAGES.IDEMPOTENCY_KEY.startsWith("bench:" + run + ":"),
                    WHATSAPP_MESSAGES.SEND_STATUS.eq(WhatsappSendStatusEnum.accepted),
                    WHATSAPP_MESSAGES.ATTEMPT_COUNT.eq(1));

            report.printf("consumers %d (batches of 10), pacer %d/s, fake Graph API limit %d/s%n", CONSUMERS, PACED,
                    LIMIT);
            report.printf("sent %,d in %.1f s: %.2f msg/s = %.1f %% of the limit (first to last send: %.2f msg/s)%n",
                    accepted, wall, rate, 100 * rate / LIMIT, steady);
            report.printf("rate-limit errors (130429) provoked: %d; busiest second: %d requests%n", graph.throttled(),
                    busiest);
            report.printf("duplicates: %d; rows accepted on the first attempt: %,d of %,d%n", duplicates,
                    acceptedRows, messages);
            boolean met = rate >= 0.95 * LIMIT && graph.throttled() == 0 && duplicates == 0 && distinct == messages
                    && acceptedRows == messages;
            report.println(met ? "targets met" : "TARGETS MISSED");
            exit = met ? 0 : 1;
        } finally {
            System.setOut(report);
        }
        System.exit(exit);
    }

    /** The most requests that arrived within any one second (a sliding window over arrival times). */
    private static int busiestSecond(List<FakeGraphApi.Request> requests) {
        long[] times = requests.stream().mapToLong(FakeGraphApi.Request::atNanos).sorted().toArray();
        int most = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= 1_000_000_000L) {
                start++;
            }
            most = Math.max(most, end - start + 1);
        }
        return most;
    }
}
