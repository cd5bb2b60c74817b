package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One SQS event source of the template, polled as Lambda's SQS poller does: as many consumers as the function may
 * run at once ({@code ScalingConfig.MaximumConcurrency}, the function's {@code ReservedConcurrentExecutions}, the
 * lower of the two; five, Lambda's starting number of pollers, when neither is set), each gathering up to
 * {@code BatchSize} messages (within {@code MaximumBatchingWindowInSeconds} and Lambda's 6 MB payload) with long
 * polls and no pause, one invocation per batch, and the handled messages deleted with {@code DeleteMessageBatch}.
 * With {@code FunctionResponseTypes: [ReportBatchItemFailures]} only the messages the function names in
 * {@code batchItemFailures} stay on the queue; an answer naming a message that is not in the batch (or naming none
 * by its id) fails the whole batch, as in Lambda. Without it, the answer is not read: a batch is handled when the
 * function returns. A batch whose invocation throws stays whole. What stays comes back after the queue's
 * visibility timeout (set on the local queue from the template, {@link LocalServices}) and, past the redrive
 * policy's {@code maxReceiveCount}, goes to the dead-letter queue.
 */
final class SqsPoller implements AutoCloseable {

    /** Lambda's invocation payload limit: a batch stops growing before its bodies could exceed it. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    /** SQS's largest message. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** A long poll's wait: short enough that {@link #close} is quick, long enough not to spin on an empty queue. */
    private static final int WAIT_SECONDS = 2;
    /** Lambda's pollers when nothing limits the function. */
    static final int DEFAULT_CONCURRENCY = 5;

    /** What the template says about one SQS event of one function. */
    record Source(String functionId, String queueId, int batchSize, Duration batchingWindow, int concurrency,
            int visibilityTimeoutSeconds, boolean reportBatchItemFailures, boolean enabled) {

        static Source of(SamTemplate template, SamTemplate.Function function, SamTemplate.Event event) {
            Map<String, Object> properties = event.properties();
            String queue = SqsPoller.queueId(properties.get("Queue"));
            int batch = number(properties.get("BatchSize")).orElse(10);
            int window = number(properties.get("MaximumBatchingWindowInSeconds")).orElse(0);
            Integer maximum = number(SamTemplate.map(properties.get("ScalingConfig")).get("MaximumConcurrency"))
                    .orElse(null);
            Integer reserved = number(template.resourceProperties(function.logicalId())
                    .get("ReservedConcurrentExecutions")).orElse(null);
            int concurrency = maximum == null && reserved == null ? DEFAULT_CONCURRENCY
                    : Math.min(maximum == null ? Integer.MAX_VALUE : maximum, reserved == null ? Integer.MAX_VALUE : reserved);
            int visibility = number(template.resourceProperties(queue).get("VisibilityTimeout")).orElse(30);
            boolean report = properties.get("FunctionResponseTypes") instanceof List<?> types
                    && types.stream().anyMatch(type -> "ReportBatchItemFailures".equals(String.valueOf(type)));
            boolean enabled = !"false".equalsIgnoreCase(String.valueOf(properties.getOrDefault("Enabled", "true")));
            return new Source(function.logicalId(), queue, Math.max(1, batch), Duration.ofSeconds(Math.max(0, window)),
                    Math.max(0, concurrency), visibility, report, enabled);
        }

        /** How {@code local/run} lists it. */
        String describe() {
            return "SQS " + queueId + " -> " + functionId + " (batches of " + batchSize
                    + (batchingWindow.isZero() ? "" : " within " + batchingWindow.toSeconds() + " s") + ", "
                    + concurrency + (concurrency == 1 ? " consumer" : " consumers") + ", visibility "
                    + visibilityTimeoutSeconds + " s" + (reportBatchItemFailures ? ", partial batch failures" : "")
                    + ")";
        }

        private static java.util.Optional<Integer> number(Object value) {
            if (value instanceof Number number) {
                return java.util.Optional.of(number.intValue());
            }
            if (value instanceof String text && text.strip().matches("\\d{1,9}")) {
                return java.util.Optional.of(Integer.parseInt(text.strip()));
            }
            return java.util.Optional.empty(); // absent, or an intrinsic the local stack does not resolve here
        }
    }

    private final Source source;
    private final String queueUrl;
    private final String queueArn;
    private final Supplier<SqsClient> clients;
    private final BiFunction<String, String, String> invoke;
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean stopped;

    SqsPoller(Source source, String queueUrl, String queueName, Supplier<SqsClient> clients,
            BiFunction<String, String, String> invoke) {
        this.source = source;
        this.queueUrl = queueUrl;
        this.queueArn = "arn:aws:sqs:" + LocalValues.REGION + ":" + LocalValues.ACCOUNT + ":" + queueName;
        this.clients = clients;
        this.invoke = invoke;
    }

    /** Starts the source's consumers (none when it is disabled or its concurrency is 0). */
    SqsPoller start() {
        int count = source.enabled() ? source.concurrency() : 0;
        for (int i = 1; i <= count; i++) {
            Thread consumer = Thread.ofPlatform().daemon().name("sqs-" + source.queueId() + "-" + i).unstarted(this::consume);
            consumers.add(consumer);
            consumer.start();
        }
        return this;
    }

    @Override
    public void close() {
        stopped = true;
        consumers.forEach(Thread::interrupt);
    }

    private void consume() {
        try (SqsClient sqs = clients.get()) {
            while (!stopped) {
                try {
                    List<Message> batch = gather(sqs);
                    if (!batch.isEmpty()) {
                        handle(sqs, batch);
                    }
                } catch (RuntimeException e) {
                    if (stopped) {
                        return;
                    }
                    // what was received stays on the queue and comes back after its visibility timeout
                    System.err.println("[local] polling " + source.queueId() + " for " + source.functionId()
                            + " failed: " + e);
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    /** Up to a batch: one long poll, then more within the batching window while the batch and payload allow. */
    private List<Message> gather(SqsClient sqs) {
        List<Message> batch = new ArrayList<>(receive(sqs, Math.min(10, source.batchSize()), WAIT_SECONDS));
        if (batch.isEmpty() || source.batchingWindow().isZero()) {
            return batch;
        }
        long deadline = System.nanoTime() + source.batchingWindow().toNanos();
        long bytes = batch.stream().mapToLong(message -> message.body().length()).sum();
        while (!stopped && batch.size() < source.batchSize()) {
            long left = deadline - System.nanoTime();
            int wanted = Math.min(10, source.batchSize() - batch.size());
            if (left <= 0 || bytes + (long) wanted * MAX_MESSAGE_BYTES > MAX_PAYLOAD_BYTES) {
                break;
            }
            // SQS waits whole seconds: a window's last fraction is spent on one short poll
            int wait = (int) Math.min(20, Math.max(0, Duration.ofNanos(left).toSeconds()));
            List<Message> more = receive(sqs, wanted, wait);
            batch.addAll(more);
            bytes += more.stream().mapToLong(message -> message.body().length()).sum();
            if (more.isEmpty() && wait == 0) {
                try {
                    Thread.sleep(Math.max(1, Math.min(50, Duration.ofNanos(left).toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return batch;
    }

    private List<Message> receive(SqsClient sqs, int count, int waitSeconds) {
        return sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(count)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void handle(SqsClient sqs, List<Message> batch) {
        String output;
        try {
            output = invoke.apply(source.functionId(), Json.write(Map.of("Records", records(batch))));
        } catch (RuntimeException e) {
            // the whole batch stays on the queue and comes back after its visibility timeout, as in Lambda
            System.err.println("[local] " + source.functionId() + " failed on a batch of " + batch.size() + " from "
                    + source.queueId() + ": " + e);
            return;
        }
        Set<String> failed = source.reportBatchItemFailures() ? failures(output, batch) : Set.of();
        List<Message> handled = batch.stream().filter(message -> !failed.contains(message.messageId())).toList();
        delete(sqs, handled);
    }

    /**
     * The messages the answer reports as failed. An answer that is not a JSON object (or null), or names an item
     * without an id or one not in the batch, fails them all, as Lambda treats an invalid partial-failure answer.
     */
    static Set<String> failures(String output, List<Message> batch) {
        Set<String> all = new HashSet<>();
        batch.forEach(message -> all.add(message.messageId()));
        JsonNode answer;
        try {
            answer = output == null || output.isBlank() ? null : Json.mapper().readTree(output);
        } catch (Exception e) {
            return all;
        }
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            return Set.of();
        }
        if (!answer.isObject()) {
            return all;
        }
        JsonNode items = answer.path("batchItemFailures");
        if (items.isMissingNode() || items.isNull()) {
            return Set.of();
        }
        if (!items.isArray()) {
            return all;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode item : items) {
            JsonNode id = item.path("itemIdentifier");
            if (!id.isTextual() || !all.contains(id.asText())) {
                return all;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    private void delete(SqsClient sqs, List<Message> handled) {
        for (int from = 0; from < handled.size(); from += 10) {
            List<Message> chunk = handled.subList(from, Math.min(handled.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl)
                    .entries(entries));
            // a message not deleted comes back after its visibility timeout and is handled again, as in Lambda
            response.failed().forEach(failure -> System.err.println("[local] deleting a handled message from "
                    + source.queueId() + " failed: " + failure.code() + " " + failure.message()));
        }
    }

    private List<Map<String, Object>> records(List<Message> batch) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message message : batch) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.put("attributes", attributes);
            Map<String, Object> messageAttributes = new LinkedHashMap<>();
            message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, Map.of(
                    "stringValue", String.valueOf(value.stringValue()), "dataType", value.dataType())));
            record.put("messageAttributes", messageAttributes);
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", LocalValues.REGION);
            records.add(record);
        }
        return records;
    }

    static String queueId(Object queue) {
        Map<String, Object> intrinsic = SamTemplate.map(queue);
        Object target = intrinsic.containsKey("Fn::GetAtt") ? intrinsic.get("Fn::GetAtt") : intrinsic.get("Ref");
        String path = target instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(target);
        return path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    }
}
