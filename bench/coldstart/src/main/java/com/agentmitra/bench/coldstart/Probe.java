package com.agentmitra.bench.coldstart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one class the benchmark adds to a function's class path: it needs the JDK alone (the handler, Lambda's
 * {@code Context} are reached by reflection), so the class path is exactly the zip's plus this (and, to prime, the
 * JDK-only CRaC stand-in).
 *
 * <p>{@code java ... Probe invoke <handler class> <event.json> <result file>}: constructs the handler (the init
 * phase), feeds it the event once (the first request), writes the two instants (epoch microseconds), the answer's
 * status code (never its body: a login answers tokens) and the number of classes loaded to the result file.
 *
 * <p>{@code java -Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac ... Probe prime <handler class> - <result
 * file>}: constructs the handler and runs the SnapStart {@code beforeCheckpoint} hooks the way a checkpoint does
 * (through the {@link com.agentmitra.bench.coldstart.crac} stand-in for a CRaC JDK), between the
 * marker classes {@link HookStart} and {@link HookEnd}, so a {@code -Xlog:class+load} log shows what the hooks loaded;
 * then, as in a copy restored from the snapshot, every {@code afterRestore} hook (first registered first), between
 * {@code restoreStart} and {@code restoreEnd}.
 *
 * <p>{@code java -Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac ... Probe restore <handler class>
 * <event.json> <result file>}: a copy restored from a SnapStart snapshot, in one JVM: constructs the handler, runs the
 * {@code beforeCheckpoint} hooks, then the {@code afterRestore} hooks (timed: {@code restoreMicros}), then feeds it the
 * event, its first request after the restore, and writes the answer's status as {@code invoke} does.
 */
public final class Probe {

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d{3})");

    private Probe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("invoke", "prime", "restore").contains(args[0])) {
            System.err.println("usage: Probe invoke|prime|restore <handler class> <event.json|-> <result file>");
            System.exit(2);
        }
        Properties result = new Properties();
        Path resultFile = Path.of(args[3]);
        try {
            Class<?> handlerClass = Class.forName(args[1]);
            Object handler = handlerClass.getConstructor().newInstance();
            result.setProperty("constructed", now());
            switch (args[0]) {
                case "invoke" -> invoke(handler, Files.readAllBytes(Path.of(args[2])), result);
                case "prime" -> prime(result);
                default -> {
                    result.setProperty("ran", Integer.toString(com.agentmitra.bench.coldstart.crac.Core.checkpoint()));
                    long restoreStarted = System.nanoTime();
                    result.setProperty("restored",
                            Integer.toString(com.agentmitra.bench.coldstart.crac.Core.restore()));
                    result.setProperty("restoreMicros", Long.toString((System.nanoTime() - restoreStarted) / 1_000));
                    invoke(handler, Files.readAllBytes(Path.of(args[2])), result);
                }
            }
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException target && target.getCause() != null
                    ? target.getCause() : e;
            result.setProperty("error", cause.getClass().getName());
            e.printStackTrace();
        }
        try (OutputStream out = Files.newOutputStream(resultFile)) {
            result.store(out, null);
        }
        System.exit(result.containsKey("error") ? 1 : 0);
    }

    private static void invoke(Object handler, byte[] event, Properties result) throws Exception {
        Method handleRequest = null;
        for (Method method : handler.getClass().getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 3
                    && method.getParameterTypes()[0] == InputStream.class) {
                handleRequest = method;
            }
        }
        if (handleRequest == null) {
            throw new NoSuchMethodException("handleRequest(InputStream, OutputStream, Context)");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handleRequest.invoke(handler, new ByteArrayInputStream(event), output,
                context(handleRequest.getParameterTypes()[2]));
        result.setProperty("responded", now());
        String answer = output.toString(StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(answer);
        result.setProperty("status", status.find() ? status.group(1) : answer.isEmpty() ? "empty" : "answered");
        // after the clock: the management classes this loads are the same few hundred for every row
        result.setProperty("classes", Long.toString(
                java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()));
    }

    /**
     * Runs every registered {@code org.crac.Resource}'s {@code beforeCheckpoint}, as SnapStart does before its
     * snapshot: {@code org.crac} registered them with the {@link com.agentmitra.bench.coldstart.crac} stand-in (the JVM
     * runs with {@code -Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac}).
     */
    private static void prime(Properties result) throws Exception {
        Thread.sleep(300); // whatever construction started settles before the hooks' window opens
        result.setProperty("registered", Integer.toString(com.agentmitra.bench.coldstart.crac.Core.registered()));
        result.setProperty("resources", String.join(",", com.agentmitra.bench.coldstart.crac.Core.registeredClasses()));
        result.setProperty("hookStart", now());
        Class.forName(HookStart.class.getName(), true, Probe.class.getClassLoader());
        int ran = com.agentmitra.bench.coldstart.crac.Core.checkpoint();
        Class.forName(HookEnd.class.getName(), true, Probe.class.getClassLoader());
        result.setProperty("hookEnd", now());
        result.setProperty("ran", Integer.toString(ran));
        Thread.sleep(300); // a connection the priming opened is accepted by the recorder before the restore starts
        result.setProperty("restoreStart", now());
        long restoreStarted = System.nanoTime();
        int restored = com.agentmitra.bench.coldstart.crac.Core.restore();
        result.setProperty("restoreMicros", Long.toString((System.nanoTime() - restoreStarted) / 1_000));
        result.setProperty("restoreEnd", now());
        result.setProperty("restored", Integer.toString(restored));
        Thread.sleep(300); // a connection the restore hooks opened is accepted by the recorder before the process ends
    }

    /** Lambda's {@code Context} for one invocation, built as a proxy so this class needs no Lambda jar. */
    private static Object context(Class<?> contextType) {
        String name = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "probe");
        String requestId = UUID.randomUUID().toString();
        long deadline = System.currentTimeMillis() + 29_000;
        ClassLoader loader = contextType.getClassLoader();
        Object logger = null;
        try {
            Class<?> loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
            logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
                if (method.getName().equals("log") && args != null && args.length > 0) {
                    System.err.println(args[0] instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(args[0]));
                }
                return objectMethod(proxy, method, args);
            });
        } catch (ClassNotFoundException e) {
            // an older aws-lambda-java-core: no logger
        }
        Object lambdaLogger = logger;
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getFunctionName", "getLogStreamName" -> name;
            case "getLogGroupName" -> "/aws/lambda/" + name;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:ap-south-1:000000000000:function:" + name;
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
            case "getMemoryLimitInMB" -> 1024;
            case "getLogger" -> lambdaLogger;
            default -> objectMethod(proxy, method, args);
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "toString" -> "ProbeContext";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        };
    }

    private static String now() {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    }

    /** Loaded just before the hooks run: its line in a class-load log opens their window. */
    static final class HookStart {}

    /** Loaded just after the hooks ran: its line closes their window. */
    static final class HookEnd {}
}
