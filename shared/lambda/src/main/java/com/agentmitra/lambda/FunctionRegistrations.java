package com.agentmitra.lambda;

import java.lang.reflect.Type;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * Registers functions with Spring Cloud Function functionally: no component scanning, no reflection over beans,
 * so a cold start builds only what the function needs. {@code template.yaml} names each function in
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}.
 */
public final class FunctionRegistrations {

    private FunctionRegistrations() {}

    /**
     * An API Gateway function: each request runs in the shared {@link Invocation} shell (logging keys, cold start,
     * business metrics flushed per tenant), which its routes reach through {@link ApiRequest#metrics()}.
     */
    public static void api(GenericApplicationContext context, String name, Api.ApiFunction function) {
        Api.ApiFunction entered = message -> Invocation.enter(name, message, function);
        register(context, name, entered, message(APIGatewayProxyRequestEvent.class),
                APIGatewayProxyResponseEvent.class);
    }

    /** A function that receives the event (with the Lambda context as a header) and answers {@code O}. */
    public static <I, O> void event(GenericApplicationContext context, String name, Class<I> input, Class<O> output,
            Function<Message<I>, O> function) {
        register(context, name, function, message(input), output);
    }

    private static void register(GenericApplicationContext context, String name, Function<?, ?> function,
            Type input, Type output) {
        context.registerBean(name, FunctionRegistration.class,
                () -> new FunctionRegistration<>(function, name).type(FunctionTypeUtils.functionType(input, output)));
    }

    private static Type message(Class<?> payload) {
        return ResolvableType.forClassWithGenerics(Message.class, payload).getType();
    }
}
