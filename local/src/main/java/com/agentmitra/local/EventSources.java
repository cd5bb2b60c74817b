package com.agentmitra.local;

import com.agentmitra.lambda.Json;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The template's non-HTTP event sources, wired on this machine: SQS queues are polled as Lambda polls them
 * ({@link SqsPoller}: the event's batch size, batching window and concurrency, partial batch failures, batch
 * deletes), new S3 objects under a notification's prefix become {@code ObjectCreated} events, and schedules fire on demand.
 */
final class EventSources implements AutoCloseable {

    private final SamTemplate template;
    private final Map<String, String> queueUrls;
    private final BiFunction<String, String, String> invoke;
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
    private final List<String> wired = new ArrayList<>();
    private final List<SqsPoller> pollers = new ArrayList<>();

    EventSources(SamTemplate template, Map<String, String> queueUrls, BiFunction<String, String, String> invoke) {
        this.template = template;
        this.queueUrls = queueUrls;
        this.invoke = invoke;
    }

    /** Starts polling every SQS and S3 source of the template; answers what was wired. */
    List<String> start() {
        for (SamTemplate.Function function : template.functions()) {
            for (SamTemplate.Event event : function.eventsOfType("SQS")) {
                SqsPoller.Source source = SqsPoller.Source.of(template, function, event);
                String url = queueUrls.get(source.queueId());
                if (url == null || !source.enabled()) {
                    wired.add(source.describe() + (url == null ? ": no such queue, not polled" : ": disabled"));
                    continue;
                }
                pollers.add(new SqsPoller(source, url, LocalValues.queueName(template, source.queueId()),
                        LocalServices::sqs, invoke).start());
                wired.add(source.describe());
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
        pollers.forEach(SqsPoller::close);
        workers.shutdownNow();
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
