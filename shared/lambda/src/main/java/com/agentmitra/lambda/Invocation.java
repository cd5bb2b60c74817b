package com.agentmitra.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * One invocation of a function, and the one shell every function runs in ({@link #run}): the Lambda context when
 * Lambda gave one, the Powertools logging keys ({@code function_request_id}, {@code function_name},
 * {@code cold_start}), the invocation's {@link BusinessMetrics} (flushed, one document per tenant, however the
 * invocation ends) and surprises: an unexpected exception is logged once, with the request id, and rethrown, so
 * Lambda reports it and retries where the trigger retries. Event functions get this through {@link EventFunction}.
 */
public final class Invocation {

    private static final Logger log = LoggerFactory.getLogger(Invocation.class);

    // the keys Powertools logging writes (its PowertoolsLoggedFields); set here too where Lambda gave no context
    static final String REQUEST_ID_KEY = "function_request_id";
    static final String FUNCTION_NAME_KEY = "function_name";
    static final String COLD_START_KEY = "cold_start";

    /** The message header that carries the invocation to the function's handlers (see {@link #of}). */
    static final String HEADER = "agent-mitra-invocation";

    /** Functions invoked at least once in this JVM: a function's first invocation is its cold start. */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private final String function;
    private final Optional<Context> context;
    private final String requestId;
    private final boolean coldStart;
    private final BusinessMetrics metrics;

    private Invocation(String function, Optional<Context> context, boolean coldStart) {
        this.function = function;
        this.context = context;
        this.requestId = context.map(Context::getAwsRequestId).orElseGet(() -> "local-" + UUID.randomUUID());
        this.coldStart = coldStart;
        this.metrics = BusinessMetrics.forInvocation();
    }

    /**
     * Runs {@code work} as one invocation of {@code function} (its name in {@code SPRING_CLOUD_FUNCTION_DEFINITION})
     * for the Spring {@code message} that carries the event and, as a header, the Lambda context.
     */
    public static <O> O run(String function, Message<?> message, Function<Invocation, O> work) {
        Invocation invocation = new Invocation(function, LambdaContexts.from(message), STARTED.add(function));
        if (invocation.context.isPresent()) {
            return PowertoolsLogging.withLogging(invocation.context.get(), () -> invocation.runLogged(work));
        }
        return invocation.runWithLocalKeys(work);
    }

    /**
     * Runs {@code work} as one invocation of {@code function}, giving it the message with this invocation as a
     * header, so the handlers further in ({@link Api}'s routes) share the invocation's request id and metrics.
     */
    public static <I, O> O enter(String function, Message<I> message, Function<Message<I>, O> work) {
        return run(function, message, invocation -> work.apply(MessageBuilder.fromMessage(message)
                .setHeader(HEADER, invocation).build()));
    }

    /**
     * The invocation a message was entered with ({@link #enter}). The adapter copies HTTP headers into message
     * headers, so a client can send a header of this name: only a real {@code Invocation} counts.
     */
    public static Optional<Invocation> of(Message<?> message) {
        return message.getHeaders().get(HEADER) instanceof Invocation invocation
                ? Optional.of(invocation)
                : Optional.empty();
    }

    private <O> O runWithLocalKeys(Function<Invocation, O> work) {
        MDC.put(REQUEST_ID_KEY, requestId);
        MDC.put(FUNCTION_NAME_KEY, function);
        try {
            return runLogged(work);
        } finally {
            MDC.remove(REQUEST_ID_KEY);
            MDC.remove(FUNCTION_NAME_KEY);
            MDC.remove(COLD_START_KEY);
        }
    }

    private <O> O runLogged(Function<Invocation, O> work) {
        // Powertools keeps one cold-start flag for the whole JVM; the local stack runs many functions in one
        MDC.put(COLD_START_KEY, Boolean.toString(coldStart));
        try {
            return work.apply(this);
        } catch (UnsupportedEventException e) {
            log.error("Event refused: the function does not serve this event", entry("function", function),
                    entry("requestId", requestId), entry("event", e.seen()), entry("serves", e.served()));
            throw e;
        } catch (RuntimeException e) {
            log.error("Invocation failed", entry("function", function), entry("requestId", requestId),
                    entry("error", e.getClass().getName()), e);
            throw e;
        } finally {
            metrics.flush();
        }
    }

    /** The function's name as {@code SPRING_CLOUD_FUNCTION_DEFINITION} gives it. */
    public String function() {
        return function;
    }

    /** Lambda's context; empty where the function runs without one (tests calling the function directly). */
    public Optional<Context> context() {
        return context;
    }

    /** Lambda's request id, or {@code local-<uuid>} without a context: the key to this invocation's logs. */
    public String requestId() {
        return requestId;
    }

    /** True on the first invocation of this function in this JVM (a Lambda instance), false after. */
    public boolean coldStart() {
        return coldStart;
    }

    /** This invocation's business metrics, flushed when it ends. */
    public BusinessMetrics metrics() {
        return metrics;
    }

    /** The time left before Lambda stops this invocation; empty where there is no such limit. */
    public Optional<Duration> remaining() {
        return context.map(c -> Duration.ofMillis(c.getRemainingTimeInMillis()));
    }
}
