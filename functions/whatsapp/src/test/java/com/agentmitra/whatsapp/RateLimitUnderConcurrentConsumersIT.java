package com.agentmitra.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.messaging.WhatsappMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Four consumers (as four Lambda instances would) drain one queue against a fake API that answers 130429 beyond
 * 20 messages in any second: the shared PostgreSQL pacer, configured a little under the limit as in
 * {@code template.yaml} (there 78 of Meta's 80), keeps them under it, and every message goes out once.
 */
class RateLimitUnderConcurrentConsumersIT {

    private static final int LIMIT = 20;
    /** The configured rate: slots 1/19 s apart leave room for the scheduling jitter between slot and arrival. */
    private static final int PACED = 19;
    private static final int MESSAGES = 120;

    @Test
    void fourConsumersTogetherStayUnderTheNumbersThroughput() throws Exception {
        try (FakeGraphApi graph = new FakeGraphApi().limitedTo(LIMIT)) {
            SenderHarness harness = new SenderHarness(graph, PACED, 60);
            Set<String> recipients = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                WhatsappMessage message = SenderHarness.reminder(SenderHarness.anyRecipient());
                recipients.add(message.recipient());
                harness.enqueue(message);
            }
            ExecutorService consumers = Executors.newFixedThreadPool(4);
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SenderFunction function = harness.function(Clock.systemUTC());
                running.add(consumers.submit(() -> harness.drain(function, Duration.ofSeconds(60))));
            }
            for (Future<?> consumer : running) {
                consumer.get();
            }
            consumers.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(graph.throttled()).isZero();
            assertThat(graph.requests()).hasSize(MESSAGES);
            assertThat(graph.requests().stream().map(FakeGraphApi.Request::to).distinct().count())
                    .isEqualTo(recipients.size());
            // 120 sends at 19/s cannot take less than (120 - 1) / 19 s; being much slower would mean no concurrency
            assertThat(seconds).isBetween((MESSAGES - 1) / (double) PACED, 15.0);
        }
    }
}
