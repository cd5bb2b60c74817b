package com.agentmitra.lambda;

import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * An event-driven function (SQS, S3, EventBridge, custom resource) as Spring Cloud Function registers it: the
 * event is read as the function's {@link EventShape} (any other shape is refused with
 * {@link UnsupportedEventException}), then handled inside the one {@link Invocation} shell. A subclass writes only
 * {@link #handle}: the entry point parses, calls one service method, maps the answer.
 *
 * @param <I> the payload as Spring converts the event JSON
 * @param <E> the event the handler works on
 * @param <O> the answer
 */
public abstract class EventFunction<I, E, O> implements Function<Message<I>, O> {

    private final String name;
    private final EventShape<I, E> shape;

    /** {@code name}: the function as {@code SPRING_CLOUD_FUNCTION_DEFINITION} names it. */
    protected EventFunction(String name, EventShape<I, E> shape) {
        this.name = name;
        this.shape = shape;
    }

    @Override
    public final O apply(Message<I> message) {
        return Invocation.run(name, message, invocation -> handle(shape.read(message.getPayload()), invocation));
    }

    /** Handles one event of the function's shape; the invocation gives the context, request id and metrics. */
    protected abstract O handle(E event, Invocation invocation);
}
