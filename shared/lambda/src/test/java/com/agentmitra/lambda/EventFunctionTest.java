package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.local.InProcessFunction;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Event functions as Lambda runs them (the real handler, Spring's conversion of the event JSON): each serves its
 * own shape and refuses every other loudly, where before an SQS consumer answered an S3 notification or a schedule
 * with an empty success.
 */
class EventFunctionTest {

    /** Consumes a batch: answers how many records it saw. */
    static final class QueueConsumer extends EventFunction<SQSEvent, SQSEvent, SQSBatchResponse> {
        QueueConsumer() {
            super("queueConsumer", EventShape.sqsBatch());
        }

        @Override
        protected SQSBatchResponse handle(SQSEvent event, Invocation invocation) {
            return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
        }
    }

    /** A nightly job: answers what it was given. */
    static final class Nightly extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {
        Nightly() {
            super("nightly", EventShape.schedule());
        }

        @Override
        protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
            return Map.of("ran", true, "requestId", invocation.requestId());
        }
    }

    /** Registers both, as a module's {@code *Functions} initializer does. */
    public static final class Functions implements ApplicationContextInitializer<GenericApplicationContext> {
        @Override
        public void initialize(GenericApplicationContext context) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "queueConsumer", SQSEvent.class, SQSBatchResponse.class,
                    new QueueConsumer());
            FunctionRegistrations.event(context, "nightly", mapType, mapType, new Nightly());
        }
    }

    static InProcessFunction consumer;
    static InProcessFunction nightly;

    @BeforeAll
    static void start() {
        consumer = InProcessFunction.start("QueueConsumerFunction", Functions.class.getName(), "queueConsumer", Map.of());
        nightly = InProcessFunction.start("NightlyFunction", Functions.class.getName(), "nightly", Map.of());
    }

    @Nested
    class AnSqsConsumer {

        @Test
        void servesAnSqsBatch() {
            String answer = consumer.invoke(EventShapeTest.SQS_BATCH);

            assertThat(answer).contains("batchItemFailures");
        }

        @Test
        void refusesAnS3Notification() {
            assertThatThrownBy(() -> consumer.invoke(EventShapeTest.S3_NOTIFICATION))
                    .hasStackTraceContaining("that are not SQS messages (aws:s3)");
        }

        @Test
        void refusesAScheduleInsteadOfAnsweringAnEmptySuccess() {
            assertThatThrownBy(() -> consumer.invoke(EventShapeTest.SCHEDULED))
                    .hasStackTraceContaining("an event with no records");
        }
    }

    @Nested
    class AScheduledJob {

        @Test
        void servesItsSchedule() {
            String answer = nightly.invoke(EventShapeTest.SCHEDULED);

            assertThat(answer).contains("\"ran\":true");
        }

        @Test
        void refusesAnSqsBatch() {
            assertThatThrownBy(() -> nightly.invoke(EventShapeTest.SQS_BATCH))
                    .hasStackTraceContaining("a batch of 1 record from aws:sqs");
        }
    }
}
