package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;

/**
 * What a function takes as its event, and what it makes of it: {@link #read} answers the event the handler works
 * on, or throws {@link UnsupportedEventException} for any other shape. Every event function names its shape (see
 * {@link EventFunction}), so a trigger wired to the wrong function fails loudly instead of answering an empty
 * success.
 *
 * @param <I> the payload as Spring Cloud Function converts the event JSON
 * @param <E> the event the handler is given
 */
@FunctionalInterface
public interface EventShape<I, E> {

    E read(I payload);

    /** A batch of SQS messages (the SQS event source); a batch without records or with other records is refused. */
    static EventShape<SQSEvent, SQSEvent> sqsBatch() {
        return EventShapes::sqsBatch;
    }

    /**
     * A schedule: an EventBridge (or EventBridge Scheduler) {@code Scheduled Event}, or a direct invocation (a plain
     * JSON object, as {@code aws lambda invoke} or {@code local/invoke} send: {@code {}}, {@code {"date": ...}}).
     */
    static EventShape<Map<String, Object>, Map<String, Object>> schedule() {
        return EventShapes::schedule;
    }

    /** A CloudFormation custom resource request, or a direct invocation (a plain JSON object). */
    static EventShape<Map<String, Object>, Map<String, Object>> customResourceOrDirect() {
        return EventShapes::customResourceOrDirect;
    }

    /**
     * Objects created in S3, told either by S3 notification records ({@code ObjectCreated:*}) or by an EventBridge
     * {@code Object Created} event from {@code aws.s3} (a stack may route S3 through EventBridge): both become the
     * same {@link CreatedObject}s.
     */
    static EventShape<Map<String, Object>, List<CreatedObject>> objectsCreated() {
        return EventShapes::objectsCreated;
    }
}
