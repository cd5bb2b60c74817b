package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.local.LocalLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class InvocationTest {

    enum ExampleMetric { RemindersQueued }

    /** A function name no other test has invoked: its first invocation is its cold start. */
    private static String anyFunction() {
        return "fn-" + UUID.randomUUID();
    }

    private static Message<Map<String, Object>> inLambda(LocalLambdaContext context) {
        return MessageBuilder.<Map<String, Object>>withPayload(Map.of())
                .setHeader(LambdaContexts.AWS_CONTEXT_HEADER, context).build();
    }

    private static Message<Map<String, Object>> withoutContext() {
        return MessageBuilder.<Map<String, Object>>withPayload(Map.of()).build();
    }

    @Nested
    class LoggingKeys {

        @Test
        void theColdStartFlagIsTrueOnlyOnTheFunctionsFirstInvocation() {
            String function = anyFunction();
            List<Boolean> flags = new ArrayList<>();

            for (int i = 0; i < 3; i++) {
                Invocation.run(function, inLambda(LocalLambdaContext.forFunction(function)),
                        invocation -> flags.add(invocation.coldStart()));
            }

            assertThat(flags).containsExactly(true, false, false);
        }

        @Test
        void theWorkRunsOnceEvenWhenItAnswersNothing() {
            String function = anyFunction();
            int[] runs = new int[1];

            Object answer = Invocation.run(function, inLambda(LocalLambdaContext.forFunction(function)), invocation -> {
                runs[0]++;
                return null;
            });

            assertThat(answer).isNull();
            assertThat(runs[0]).isEqualTo(1);
        }

        @Test
        void inLambdaEveryLineCarriesTheInvocationsXrayTraceIdWhichTheDashboardAndTracesJoinOn() {
            // Lambda's Java runtime gives each invocation's trace header as this system property (Tracing: Active)
            String header = "Root=1-6752f0a1-3c5e0d2b8f4a1e7c9d0b6a25;Parent=53995c3f42cd8ad8;Sampled=1";
            String previous = System.setProperty("com.amazonaws.xray.traceHeader", header);
            String function = anyFunction();
            try {
                String seen = Invocation.run(function, inLambda(LocalLambdaContext.forFunction(function)),
                        invocation -> org.slf4j.MDC.get("xray_trace_id"));

                assertThat(seen).isEqualTo("1-6752f0a1-3c5e0d2b8f4a1e7c9d0b6a25");
            } finally {
                if (previous == null) {
                    System.clearProperty("com.amazonaws.xray.traceHeader");
                } else {
                    System.setProperty("com.amazonaws.xray.traceHeader", previous);
                }
            }
        }

        @Test
        void everyLineOfTheInvocationCarriesLambdasRequestIdTheFunctionAndTheColdStartFlag() {
            String function = anyFunction();
            LocalLambdaContext first = LocalLambdaContext.forFunction(function);
            LocalLambdaContext second = LocalLambdaContext.forFunction(function);
            String logs;

            try (CapturedLogs capture = CapturedLogs.start()) {
                Invocation.run(function, inLambda(first), invocation -> {
                    LoggerFactory.getLogger(InvocationTest.class).info("Working");
                    return null;
                });
                Invocation.run(function, inLambda(second), invocation -> {
                    LoggerFactory.getLogger(InvocationTest.class).info("Working");
                    return null;
                });
                logs = capture.text();
            }

            assertThat(logs.lines().filter(line -> line.startsWith("INFO Working")).toList()).containsExactly(
                    "INFO Working request=" + first.awsRequestId() + " function=" + function + " cold=true error=",
                    "INFO Working request=" + second.awsRequestId() + " function=" + function + " cold=false error=");
        }

        @Test
        void withoutALambdaContextTheKeysAreStillThereAndGoneAfterwards() {
            String function = anyFunction();
            String logs;
            String[] requestId = new String[1];

            try (CapturedLogs capture = CapturedLogs.start()) {
                Invocation.run(function, withoutContext(), invocation -> {
                    requestId[0] = invocation.requestId();
                    LoggerFactory.getLogger(InvocationTest.class).info("Working");
                    return null;
                });
                LoggerFactory.getLogger(InvocationTest.class).info("Afterwards");
                logs = capture.text();
            }

            assertThat(requestId[0]).startsWith("local-");
            assertThat(logs).contains("INFO Working request=" + requestId[0] + " function=" + function + " cold=true");
            assertThat(logs).contains("INFO Afterwards request= function= cold= error=");
        }
    }

    @Nested
    class Surprises {

        @Test
        void anUnexpectedExceptionIsLoggedOnceWithTheRequestIdAndRethrown() {
            String function = anyFunction();
            LocalLambdaContext context = LocalLambdaContext.forFunction(function);
            IllegalStateException failure = new IllegalStateException("database gone");
            String logs;

            try (CapturedLogs capture = CapturedLogs.start()) {
                assertThatThrownBy(() -> Invocation.run(function, inLambda(context), invocation -> {
                    throw failure;
                })).isSameAs(failure);
                logs = capture.text();
            }

            List<String> errors = logs.lines().filter(line -> line.startsWith("ERROR")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).startsWith("ERROR Invocation failed request=" + context.awsRequestId())
                    .contains("error=java.lang.IllegalStateException");
        }

        @Test
        void aRefusedEventIsLoggedOnceAsRefusedNotAsAFailure() {
            String function = anyFunction();
            String logs;

            try (CapturedLogs capture = CapturedLogs.start()) {
                assertThatThrownBy(() -> Invocation.run(function, withoutContext(), invocation -> {
                    throw new UnsupportedEventException("an event with no records", EventShapes.SQS_BATCH);
                })).isInstanceOf(UnsupportedEventException.class);
                logs = capture.text();
            }

            List<String> errors = logs.lines().filter(line -> line.startsWith("ERROR")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).startsWith("ERROR Event refused").contains("function=" + function);
        }
    }

    @Nested
    class Metrics {

        @Test
        void whatTheInvocationCountedIsFlushedWhenItEnds() {
            List<JsonNode> documents = PrintedMetrics.printedBy(() -> Invocation.run(anyFunction(), withoutContext(),
                    invocation -> {
                        invocation.metrics().count(ExampleMetric.RemindersQueued, "LIC", 4);
                        return null;
                    }));

            assertThat(documents).hasSize(1);
            assertThat(documents.get(0).path("RemindersQueued").asDouble()).isEqualTo(4.0);
        }

        @Test
        void andFlushedWhenItFails() {
            List<JsonNode> documents = PrintedMetrics.printedBy(() -> assertThatThrownBy(() -> Invocation.run(
                    anyFunction(), withoutContext(), invocation -> {
                        invocation.metrics().count(ExampleMetric.RemindersQueued, "LIC", 4);
                        throw new IllegalStateException("after counting");
                    })).isInstanceOf(IllegalStateException.class));

            assertThat(documents).hasSize(1);
            assertThat(documents.get(0).path("RemindersQueued").asDouble()).isEqualTo(4.0);
        }
    }

    @Nested
    class ApiRoutes {

        private final Api.ApiFunction countingRoute = Api.withoutCallers().open(request -> {
            request.metrics().count(ExampleMetric.RemindersQueued, "LIC", 2);
            request.metrics().count(ExampleMetric.RemindersQueued, "STAR", 3);
            LoggerFactory.getLogger(InvocationTest.class).info("Routed");
            return ApiResponse.ok(Map.of("requestId", request.requestId()));
        });

        private Message<com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent> get(
                LocalLambdaContext context) {
            return MessageBuilder.withPayload(new com.amazonaws.services.lambda.runtime.events
                    .APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/health"))
                    .setHeader(LambdaContexts.AWS_CONTEXT_HEADER, context).build();
        }

        @Test
        void aRouteRunsInTheFunctionsInvocationWithItsKeysAndOneMetricsDocumentPerTenant() {
            String function = anyFunction();
            LocalLambdaContext context = LocalLambdaContext.forFunction(function);
            String[] logs = new String[1];
            String[] body = new String[1];

            List<JsonNode> documents = PrintedMetrics.printedBy(() -> {
                try (CapturedLogs capture = CapturedLogs.start()) {
                    body[0] = Invocation.enter(function, get(context), countingRoute).getBody();
                    logs[0] = capture.text();
                }
            });

            assertThat(body[0]).contains(context.awsRequestId());
            assertThat(logs[0]).contains("INFO Routed request=" + context.awsRequestId() + " function=" + function
                    + " cold=true");
            assertThat(documents).hasSize(2);
            assertThat(PrintedMetrics.forTenant(documents, "LIC").path("RemindersQueued").asDouble()).isEqualTo(2.0);
            assertThat(PrintedMetrics.forTenant(documents, "STAR").path("RemindersQueued").asDouble()).isEqualTo(3.0);
        }

        @Test
        void aClientsHeaderOfTheSameNameIsNotTakenForAnInvocation() {
            Message<?> forged = MessageBuilder.withPayload("{}").setHeader(Invocation.HEADER, "forged").build();

            assertThat(Invocation.of(forged)).isEmpty();
        }

        @Test
        void aRouteAppliedOutsideARegisteredFunctionStillFlushesWhatItCounted() {
            List<JsonNode> documents = PrintedMetrics.printedBy(() ->
                    countingRoute.apply(get(LocalLambdaContext.forFunction(anyFunction()))));

            assertThat(documents).hasSize(2);
        }
    }
}
