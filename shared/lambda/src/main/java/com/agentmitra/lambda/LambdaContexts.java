package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Optional;
import org.springframework.messaging.Message;

/** The Lambda {@link Context} that Spring Cloud Function passes as the {@code aws-context} message header. */
public final class LambdaContexts {

    public static final String AWS_CONTEXT_HEADER = "aws-context";

    private LambdaContexts() {}

    /**
     * The invocation's context. The adapter copies HTTP headers into the same message headers, so a client can
     * send an {@code aws-context} header of its own: anything that is not a real {@link Context} is ignored.
     */
    public static Optional<Context> from(Message<?> message) {
        return message.getHeaders().get(AWS_CONTEXT_HEADER) instanceof Context context
                ? Optional.of(context)
                : Optional.empty();
    }

    public static String requestId(Optional<Context> context) {
        return context.map(Context::getAwsRequestId).orElse("local-" + java.util.UUID.randomUUID());
    }
}
