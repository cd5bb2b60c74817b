package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shapes of {@link EventShape}: what each accepts, and how an event of any other shape is described when it is
 * refused (by its kind and its top-level keys, never by its values).
 */
final class EventShapes {

    static final String SQS_BATCH = "a batch of SQS messages";
    static final String SCHEDULE = "an EventBridge \"Scheduled Event\" or a direct invocation";
    static final String CUSTOM_RESOURCE_OR_DIRECT = "a CloudFormation custom resource request or a direct invocation";
    static final String OBJECTS_CREATED =
            "S3 ObjectCreated notification records or an EventBridge \"Object Created\" event from aws.s3";

    private static final String SCHEDULED_EVENT = "Scheduled Event";

    private EventShapes() {}

    /** The kinds of event Lambda hands a function, told apart by their top-level keys. */
    enum Kind { DIRECT, RECORDS, EVENTBRIDGE, CUSTOM_RESOURCE, API_GATEWAY }

    record Seen(Kind kind, String description) {}

    static SQSEvent sqsBatch(SQSEvent event) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            // a schedule or a direct invocation converts to an SQSEvent without records
            throw new UnsupportedEventException("an event with no records", SQS_BATCH);
        }
        Set<String> foreign = new TreeSet<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            String source = record.getEventSource();
            if (record.getMessageId() == null || (source != null && !source.equals("aws:sqs"))) {
                foreign.add(source == null ? "no event source" : source);
            }
        }
        if (!foreign.isEmpty()) {
            throw new UnsupportedEventException(records(event.getRecords().size()) + " that are not SQS messages ("
                    + String.join(", ", foreign) + ")", SQS_BATCH);
        }
        return event;
    }

    static Map<String, Object> schedule(Map<String, Object> payload) {
        Map<String, Object> event = orEmpty(payload);
        Seen seen = seen(event);
        boolean scheduled = seen.kind() == Kind.EVENTBRIDGE && SCHEDULED_EVENT.equals(event.get("detail-type"));
        if (seen.kind() != Kind.DIRECT && !scheduled) {
            throw new UnsupportedEventException(seen.description(), SCHEDULE);
        }
        return event;
    }

    static Map<String, Object> customResourceOrDirect(Map<String, Object> payload) {
        Map<String, Object> event = orEmpty(payload);
        Seen seen = seen(event);
        if (seen.kind() != Kind.DIRECT && seen.kind() != Kind.CUSTOM_RESOURCE) {
            throw new UnsupportedEventException(seen.description(), CUSTOM_RESOURCE_OR_DIRECT);
        }
        return event;
    }

    static List<CreatedObject> objectsCreated(Map<String, Object> payload) {
        Map<String, Object> event = orEmpty(payload);
        Seen seen = seen(event);
        Optional<List<CreatedObject>> objects = switch (seen.kind()) {
            case RECORDS -> notificationRecords(event);
            case EVENTBRIDGE -> objectCreatedEvent(event);
            default -> Optional.empty();
        };
        return objects.orElseThrow(() -> new UnsupportedEventException(seen.description(), OBJECTS_CREATED));
    }

    /** Every record an {@code ObjectCreated:*} notification from S3 with a bucket and a key, or nothing. */
    private static Optional<List<CreatedObject>> notificationRecords(Map<String, Object> event) {
        if (!(event.get("Records") instanceof List<?> records) || records.isEmpty()) {
            return Optional.empty();
        }
        List<CreatedObject> objects = new ArrayList<>();
        for (Object record : records) {
            if (!(record instanceof Map<?, ?> r) || !"aws:s3".equals(r.get("eventSource"))
                    || !(r.get("eventName") instanceof String name) || !name.startsWith("ObjectCreated:")
                    || !(r.get("s3") instanceof Map<?, ?> s3)) {
                return Optional.empty();
            }
            Optional<CreatedObject> object = object(s3.get("bucket"), s3.get("object"), "eTag");
            if (object.isEmpty()) {
                return Optional.empty();
            }
            objects.add(object.get());
        }
        return Optional.of(List.copyOf(objects));
    }

    /** The object of an EventBridge {@code Object Created} event from {@code aws.s3}, or nothing. */
    private static Optional<List<CreatedObject>> objectCreatedEvent(Map<String, Object> event) {
        if (!"aws.s3".equals(event.get("source")) || !"Object Created".equals(event.get("detail-type"))
                || !(event.get("detail") instanceof Map<?, ?> detail)) {
            return Optional.empty();
        }
        return object(detail.get("bucket"), detail.get("object"), "etag").map(List::of);
    }

    private static Optional<CreatedObject> object(Object bucket, Object object, String eTagField) {
        if (!(bucket instanceof Map<?, ?> b) || !(b.get("name") instanceof String name) || name.isBlank()
                || !(object instanceof Map<?, ?> o) || !(o.get("key") instanceof String key) || key.isBlank()) {
            return Optional.empty();
        }
        long size = o.get("size") instanceof Number n ? n.longValue() : 0L;
        Optional<String> eTag = o.get(eTagField) instanceof String tag && !tag.isBlank()
                ? Optional.of(tag) : Optional.empty();
        return Optional.of(new CreatedObject(name, key, size, eTag));
    }

    /** What kind of event this is, in words for a log line. */
    static Seen seen(Map<String, ?> event) {
        if (event.containsKey("Records")) {
            if (!(event.get("Records") instanceof List<?> records) || records.isEmpty()) {
                return new Seen(Kind.RECORDS, "an event with no records");
            }
            Set<String> sources = new TreeSet<>();
            for (Object record : records) {
                Object source = record instanceof Map<?, ?> r
                        ? Optional.<Object>ofNullable(r.get("eventSource")).orElse(r.get("EventSource")) : null;
                sources.add(source == null ? "no event source" : source.toString());
            }
            return new Seen(Kind.RECORDS, records(records.size()) + " from " + String.join(", ", sources));
        }
        if (event.containsKey("httpMethod") || event.containsKey("routeKey") || event.containsKey("requestContext")) {
            return new Seen(Kind.API_GATEWAY, "an API Gateway request");
        }
        if (event.containsKey("detail-type") && event.containsKey("source")) {
            return new Seen(Kind.EVENTBRIDGE, "an EventBridge \"" + event.get("detail-type") + "\" event from "
                    + event.get("source"));
        }
        if (event.containsKey("RequestType")) {
            return new Seen(Kind.CUSTOM_RESOURCE, "a CloudFormation custom resource request");
        }
        return new Seen(Kind.DIRECT, event.isEmpty() ? "a direct invocation with an empty object"
                : "a direct invocation with the keys " + keys(event));
    }

    private static String records(int count) {
        return "a batch of " + count + (count == 1 ? " record" : " records");
    }

    private static String keys(Map<String, ?> event) {
        Set<String> keys = new LinkedHashSet<>();
        event.keySet().stream().sorted().limit(10).forEach(keys::add);
        return keys + (event.size() > keys.size() ? " and " + (event.size() - keys.size()) + " more" : "");
    }

    private static Map<String, Object> orEmpty(Map<String, Object> payload) {
        return payload == null ? Map.of() : payload;
    }
}
