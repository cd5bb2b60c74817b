package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.Json;
import com.agentmitra.testing.InProcessAws;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack's SQS poller against the in-process SQS (ElasticMQ) the stack itself uses: Lambda's batch size,
 * batching window, concurrency, partial batch failures and batch deletes, and what the template says about them.
 */
class SqsPollerTest {

    private static final InProcessAws AWS = InProcessAws.shared();
    private final SqsClient sqs = AwsClients.sqsAt(AWS.sqsEndpoint(), LocalValues.REGION);
    private final List<SqsPoller> pollers = new ArrayList<>();

    @AfterEach
    void stop() {
        pollers.forEach(SqsPoller::close);
        sqs.close();
    }

    @Test
    void theSendersSourceIsReadFromTheTemplateAsLambdaReadsIt() {
        SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));
        SamTemplate.Function sender = template.function("WhatsappSenderFunction").orElseThrow();

        SqsPoller.Source source = SqsPoller.Source.of(template, sender, sender.eventsOfType("SQS").get(0));

        assertThat(source).isEqualTo(new SqsPoller.Source("WhatsappSenderFunction", "WhatsappOutboundQueue", 10,
                Duration.ofSeconds(1), 5, 180, true, true));
        assertThat(LocalServices.queueAttributes(template, "WhatsappOutboundQueue"))
                .containsEntry("VisibilityTimeout", "180");
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.eventsOfType("SQS")) {
                SqsPoller.Source each = SqsPoller.Source.of(template, function, event);
                assertThat(each.concurrency()).as(function.logicalId()).isBetween(1, 5);
                assertThat(each.visibilityTimeoutSeconds()).as(function.logicalId()).isEqualTo(
                        Integer.parseInt(LocalServices.queueAttributes(template, each.queueId())
                                .getOrDefault("VisibilityTimeout", "30")));
            }
        }
    }

    @Test
    void theLowerOfMaximumConcurrencyAndReservedConcurrencyLimitsTheConsumers() {
        SamTemplate template = SamTemplate.read(Path.of("..", "template.yaml"));
        SamTemplate.Function sender = template.function("WhatsappSenderFunction").orElseThrow();
        SamTemplate.Event event = sender.eventsOfType("SQS").get(0);
        Map<String, Object> higher = new java.util.LinkedHashMap<>(event.properties());
        higher.put("ScalingConfig", Map.of("MaximumConcurrency", 8));
        Map<String, Object> lower = new java.util.LinkedHashMap<>(event.properties());
        lower.put("ScalingConfig", Map.of("MaximumConcurrency", 2));

        // the sender reserves 5 concurrent executions: a higher maximum cannot run more
        assertThat(SqsPoller.Source.of(template, sender, new SamTemplate.Event("E", "SQS", higher)).concurrency())
                .isEqualTo(5);
        assertThat(SqsPoller.Source.of(template, sender, new SamTemplate.Event("E", "SQS", lower)).concurrency())
                .isEqualTo(2);
        SamTemplate.Function unreserved = new SamTemplate.Function("NotInTheTemplate", sender.handler(),
                sender.environment(), List.of());
        assertThat(SqsPoller.Source.of(template, unreserved, new SamTemplate.Event("E", "SQS", higher)).concurrency())
                .isEqualTo(8);
    }

    @Test
    void runsAsManyConsumersAsItsConcurrencyAndNoMore() {
        String url = queue(30);
        send(url, 60, index -> "m" + index);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, Integer> handled = new ConcurrentHashMap<>();

        start(source(10, 0, 3, true), url, (function, event) -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            bodies(event).forEach(body -> handled.merge(body, 1, Integer::sum));
            sleep(150);
            inFlight.decrementAndGet();
            return "{}";
        });

        await(() -> handled.size() == 60 && depth(url) == 0);
        assertThat(most.get()).isEqualTo(3);
        assertThat(handled.values()).containsOnly(1);
    }

    @Test
    void aBatchHoldsAtMostTheBatchSizeAndFillsUpWithinTheBatchingWindow() {
        String small = queue(30);
        send(small, 10, index -> "s" + index);
        List<Integer> smallBatches = Collections.synchronizedList(new ArrayList<>());
        start(source(4, 0, 1, true), small, (function, event) -> {
            smallBatches.add(bodies(event).size());
            return "{}";
        });
        await(() -> smallBatches.stream().mapToInt(Integer::intValue).sum() == 10);
        assertThat(smallBatches).allSatisfy(size -> assertThat(size).isBetween(1, 4));

        // more than SQS hands out at once (10): gathered over several receives within the window, one invocation
        String large = queue(30);
        send(large, 25, index -> "l" + index);
        List<Integer> largeBatches = Collections.synchronizedList(new ArrayList<>());
        start(source(25, 2, 1, true), large, (function, event) -> {
            largeBatches.add(bodies(event).size());
            return "{}";
        });
        await(() -> largeBatches.stream().mapToInt(Integer::intValue).sum() == 25);
        assertThat(largeBatches).containsExactly(25);
    }

    @Test
    void handledMessagesAreDeletedTenAtATimeNeverOneByOne() {
        String url = queue(30);
        send(url, 30, index -> "d" + index);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger invocations = new AtomicInteger();
        SqsPoller poller = new SqsPoller(source(10, 0, 1, true), url, "q", () -> counting(calls),
                (function, event) -> {
                    invocations.incrementAndGet();
                    return "{\"batchItemFailures\":[]}";
                });
        pollers.add(poller.start());

        await(() -> depth(url) == 0 && count(calls, "deleteMessageBatch") == invocations.get());
        assertThat(count(calls, "deleteMessage")).isZero();
        assertThat(count(calls, "deleteMessageBatch")).isEqualTo(invocations.get()).isBetween(3, 30);
    }

    @Test
    void onlyTheReportedFailureStaysAndComesBackAfterTheVisibilityTimeout() {
        String url = queue(1);
        send(url, 9, index -> index == 4 ? "bad" : "good" + index);
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        List<String> badReceiveCounts = Collections.synchronizedList(new ArrayList<>());

        start(source(10, 0, 1, true), url, (function, event) -> {
            List<String> failed = new ArrayList<>();
            for (JsonNode record : tree(event).path("Records")) {
                String body = record.path("body").asText();
                handled.merge(body, 1, Integer::sum);
                if (body.equals("bad")) {
                    badReceiveCounts.add(record.path("attributes").path("ApproximateReceiveCount").asText());
                    failed.add("{\"itemIdentifier\":\"" + record.path("messageId").asText() + "\"}");
                }
            }
            return "{\"batchItemFailures\":[" + String.join(",", failed) + "]}";
        });

        await(() -> badReceiveCounts.size() >= 2);
        assertThat(badReceiveCounts.subList(0, 2)).containsExactly("1", "2");
        handled.forEach((body, times) -> {
            if (!body.equals("bad")) {
                assertThat(times).as(body).isEqualTo(1);
            }
        });
        assertThat(handled).hasSize(9);
        assertThat(depth(url)).isEqualTo(1);
    }

    @Test
    void withoutReportBatchItemFailuresTheAnswerIsNotReadAndTheBatchIsDone() throws Exception {
        String url = queue(1);
        send(url, 5, index -> "m" + index);
        Map<String, Integer> handled = new ConcurrentHashMap<>();

        start(source(10, 0, 1, false), url, (function, event) -> {
            List<String> failed = new ArrayList<>();
            for (JsonNode record : tree(event).path("Records")) {
                handled.merge(record.path("body").asText(), 1, Integer::sum);
                failed.add("{\"itemIdentifier\":\"" + record.path("messageId").asText() + "\"}");
            }
            return "{\"batchItemFailures\":[" + String.join(",", failed) + "]}";
        });

        await(() -> handled.size() == 5 && depth(url) == 0);
        Thread.sleep(1_500); // past the visibility timeout: nothing comes back
        assertThat(handled.values()).containsOnly(1);
    }

    @Test
    void aBatchWhoseInvocationThrowsStaysWholeAndComesBack() {
        String url = queue(1);
        send(url, 3, index -> "m" + index);
        AtomicInteger calls = new AtomicInteger();
        Map<String, Integer> handled = new ConcurrentHashMap<>();

        start(source(10, 0, 1, true), url, (function, event) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the handler failed");
            }
            bodies(event).forEach(body -> handled.merge(body, 1, Integer::sum));
            return "";
        });

        await(() -> handled.size() == 3 && depth(url) == 0);
        assertThat(handled.values()).containsOnly(1);
    }

    @Test
    void anInvalidPartialFailureAnswerFailsTheWholeBatchAsInLambda() {
        List<Message> batch = List.of(Message.builder().messageId("a").build(), Message.builder().messageId("b").build());

        assertThat(SqsPoller.failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}", batch)).containsExactly("b");
        assertThat(SqsPoller.failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"elsewhere\"}]}", batch))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", batch))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("{\"batchItemFailures\":[{}]}", batch)).containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("{\"batchItemFailures\":\"a\"}", batch)).containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("not json", batch)).containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("[]", batch)).containsExactlyInAnyOrder("a", "b");
        assertThat(SqsPoller.failures("{\"batchItemFailures\":[]}", batch)).isEmpty();
        assertThat(SqsPoller.failures("{}", batch)).isEmpty();
        assertThat(SqsPoller.failures("null", batch)).isEmpty();
        assertThat(SqsPoller.failures("", batch)).isEmpty();
    }

    private static SqsPoller.Source source(int batch, int windowSeconds, int concurrency, boolean report) {
        return new SqsPoller.Source("TestFunction", "TestQueue", batch, Duration.ofSeconds(windowSeconds), concurrency,
                30, report, true);
    }

    private void start(SqsPoller.Source source, String url, BiFunction<String, String, String> function) {
        pollers.add(new SqsPoller(source, url, "q", () -> AwsClients.sqsAt(AWS.sqsEndpoint(), LocalValues.REGION),
                function).start());
    }

    private String queue(int visibilitySeconds) {
        return sqs.createQueue(request -> request.queueName("poller-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds))))
                .queueUrl();
    }

    private void send(String url, int count, java.util.function.IntFunction<String> body) {
        for (int i = 0; i < count; i++) {
            String text = body.apply(i);
            sqs.sendMessage(request -> request.queueUrl(url).messageBody(text));
        }
    }

    /** Messages on the queue, visible or in flight. */
    private int depth(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static JsonNode tree(String event) {
        try {
            return Json.mapper().readTree(event);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> bodies(String event) {
        List<String> bodies = new ArrayList<>();
        tree(event).path("Records").forEach(record -> bodies.add(record.path("body").asText()));
        return bodies;
    }

    /** A real client whose calls are counted by name. */
    private static SqsClient counting(Map<String, AtomicInteger> calls) {
        SqsClient real = AwsClients.sqsAt(AWS.sqsEndpoint(), LocalValues.REGION);
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int count(Map<String, AtomicInteger> calls, String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s");
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
