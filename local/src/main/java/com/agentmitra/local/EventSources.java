package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The template's non-HTTP event sources, wired on this machine: SQS queues are polled and their messages handed to
 * the function as an SQS event (partial batch failures honoured: only the reported messages stay on the queue),
 * new S3 objects under a notification's prefix become {@code ObjectCreated} events, and schedules fire on demand.
 */
final class EventSources implements AutoCloseable {

    private final SamTemplate template;
    private final Map<String, String> queueUrls;
    private final BiFunction<String, String, String> invoke;
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
    private final List<String> wired = new ArrayList<>();

    EventSources(SamTemplate template, Map<String, String> queueUrls, BiFunction<String, String, String> invoke) {
        this.template = template;
        this.queueUrls = queueUrls;
        this.invoke = invoke;
    }

    /** Starts polling every SQS and S3 source of the template; answers what was wired. */
    List<String> start() {
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.eventsOfType("SQS")) {
                String queue = queueId(event.properties().get("Queue"));
                int batch = Integer.parseInt(String.valueOf(event.properties().getOrDefault("BatchSize", 10)));
                workers.scheduleWithFixedDelay(() -> pollQueue(function.logicalId(), queue, Math.min(batch, 10)),
                        0, 200, TimeUnit.MILLISECONDS);
                wired.add("SQS " + queue + " -> " + function.logicalId());
            }
            for (SamTemplate.Event event : function.eventsOfType("S3")) {
                String bucket = LocalValues.bucketName(String.valueOf(
                        SamTemplate.map(event.properties().get("Bucket")).getOrDefault("Ref", event.properties().get("Bucket"))));
                String prefix = prefix(event.properties());
                Set<String> seen = existing(bucket, prefix);
                workers.scheduleWithFixedDelay(() -> watchBucket(function.logicalId(), bucket, prefix, seen),
                        1, 1, TimeUnit.SECONDS);
                wired.add("S3 s3://" + bucket + "/" + prefix + " -> " + function.logicalId());
            }
            for (SamTemplate.Event event : function.events()) {
                if (event.type().startsWith("Schedule")) {
                    wired.add("Schedule " + event.name() + " -> " + function.logicalId()
                            + " (POST /_local/schedules/" + function.logicalId() + ")");
                }
            }
        }
        return List.copyOf(wired);
    }

    /** Fires the function's schedule now, as EventBridge would. */
    void fireSchedule(String functionId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", LocalValues.ACCOUNT);
        event.put("time", Instant.now().toString());
        event.put("region", LocalValues.REGION);
        event.put("resources", List.of("arn:aws:events:" + LocalValues.REGION + ":" + LocalValues.ACCOUNT
                + ":rule/" + functionId));
        event.put("detail", Map.of());
        workers.execute(() -> report(functionId, () -> invoke.apply(functionId, Json.write(event))));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void pollQueue(String functionId, String queueId, int batchSize) {
        String url = queueUrls.get(queueId);
        if (url == null) {
            return;
        }
        try (SqsClient sqs = LocalServices.sqs()) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(url)
                    .maxNumberOfMessages(batchSize)
                    .waitTimeSeconds(5)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                return;
            }
            String arn = "arn:aws:sqs:" + LocalValues.REGION + ":" + LocalValues.ACCOUNT + ":"
                    + LocalValues.queueName(template, queueId);
            List<Map<String, Object>> records = new ArrayList<>();
            for (Message message : messages) {
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
                record.put("eventSourceARN", arn);
                record.put("awsRegion", LocalValues.REGION);
                records.add(record);
            }
            String output = invoke.apply(functionId, Json.write(Map.of("Records", records)));
            Set<String> failed = new HashSet<>();
            JsonNode response = Json.mapper().readTree(output.isBlank() ? "{}" : output);
            response.path("batchItemFailures").forEach(item -> failed.add(item.path("itemIdentifier").asText()));
            for (Message message : messages) {
                if (!failed.contains(message.messageId())) {
                    sqs.deleteMessage(request -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
            }
        } catch (Exception e) {
            // the whole batch stays on the queue and comes back after its visibility timeout, as in Lambda
            System.err.println("[local] " + functionId + " failed on a batch from " + queueId + ": " + e);
        }
    }

    private void watchBucket(String functionId, String bucket, String prefix, Set<String> seen) {
        try (S3Client s3 = LocalServices.s3()) {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()) {
                String identity = object.key() + "@" + object.eTag();
                if (seen.add(identity)) {
                    Map<String, Object> record = Map.of(
                            "eventVersion", "2.1",
                            "eventSource", "aws:s3",
                            "awsRegion", LocalValues.REGION,
                            "eventTime", Instant.now().toString(),
                            "eventName", "ObjectCreated:Put",
                            "s3", Map.of(
                                    "s3SchemaVersion", "1.0",
                                    "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket),
                                    "object", Map.of(
                                            "key", java.net.URLEncoder.encode(object.key(), java.nio.charset.StandardCharsets.UTF_8)
                                                    .replace("%2F", "/"),
                                            "size", object.size(),
                                            "eTag", object.eTag().replace("\"", ""),
                                            "sequencer", Long.toHexString(System.nanoTime()))));
                    report(functionId, () -> invoke.apply(functionId, Json.write(Map.of("Records", List.of(record)))));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("[local] watching s3://" + bucket + "/" + prefix + " failed: " + e);
        }
    }

    private Set<String> existing(String bucket, String prefix) {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (S3Client s3 = LocalServices.s3()) {
            s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()
                    .forEach(object -> seen.add(object.key() + "@" + object.eTag()));
        } catch (RuntimeException e) {
            // a missing bucket has no objects yet
        }
        return seen;
    }

    private static String queueId(Object queue) {
        Map<String, Object> intrinsic = SamTemplate.map(queue);
        Object target = intrinsic.containsKey("Fn::GetAtt") ? intrinsic.get("Fn::GetAtt") : intrinsic.get("Ref");
        String path = target instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(target);
        return path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    }

    private static String prefix(Map<String, Object> properties) {
        Object rules = SamTemplate.map(SamTemplate.map(properties.get("Filter")).get("S3Key")).get("Rules");
        if (rules instanceof List<?> list) {
            for (Object rule : list) {
                Map<String, Object> value = SamTemplate.map(rule);
                if ("prefix".equalsIgnoreCase(String.valueOf(value.get("Name")))) {
                    return String.valueOf(value.get("Value"));
                }
            }
        }
        return "";
    }

    private static void report(String functionId, java.util.function.Supplier<String> call) {
        try {
            String output = call.get();
            System.out.println("[local] " + functionId + " -> " + (output.length() > 300 ? output.substring(0, 300) + "..." : output));
        } catch (RuntimeException e) {
            System.err.println("[local] " + functionId + " failed: " + e);
        }
    }
}
