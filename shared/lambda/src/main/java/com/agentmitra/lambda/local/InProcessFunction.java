package com.agentmitra.lambda.local;

import com.agentmitra.config.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import com.agentmitra.lambda.LambdaHandler;

/**
 * One Lambda function running in this JVM exactly as the Lambda runtime runs it: the same
 * {@link LambdaHandler} handler, started with the function's own environment variables, fed the raw event JSON.
 * Used by the local stack, {@code local/invoke} and the tests.
 */
public final class InProcessFunction {

    private static final Object STARTING = new Object();

    private final String name;
    private final LambdaHandler invoker;

    private InProcessFunction(String name, LambdaHandler invoker) {
        this.name = name;
        this.invoker = invoker;
    }

    /**
     * Starts the function: {@code mainClass} is the Spring initializer named by {@code MAIN_CLASS} in
     * {@code template.yaml}, {@code definition} its {@code SPRING_CLOUD_FUNCTION_DEFINITION}.
     */
    public static InProcessFunction start(String name, String mainClass, String definition,
            Map<String, String> environment) {
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("MAIN_CLASS", mainClass);
        variables.put("SPRING_CLOUD_FUNCTION_DEFINITION", definition);
        variables.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", name);
        // the invoker reads MAIN_CLASS from the environment or a system property; starts are serialised
        synchronized (STARTING) {
            String previous = System.getProperty("MAIN_CLASS");
            System.setProperty("MAIN_CLASS", mainClass);
            try {
                return Env.with(variables, () -> new InProcessFunction(name, new LambdaHandler(definition)));
            } finally {
                if (previous == null) {
                    System.clearProperty("MAIN_CLASS");
                } else {
                    System.setProperty("MAIN_CLASS", previous);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    /** Invokes the handler with one event; answers the handler's output JSON. */
    public String invoke(String eventJson) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), output,
                    LocalLambdaContext.forFunction(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
