package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventShapeTest {

    static final String SCHEDULED = """
            {"version":"0","id":"7c1e2d4a","detail-type":"Scheduled Event","source":"aws.scheduler",
             "account":"000000000000","time":"2026-11-24T20:00:00Z","region":"ap-south-1","resources":[],"detail":{}}""";
    static final String S3_NOTIFICATION = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
             "s3":{"bucket":{"name":"importsbucket"},
                   "object":{"key":"imports/LIC/ramesh+book.xlsx","size":48213,"eTag":"0123abcd"}}}]}""";
    static final String OBJECT_CREATED = """
            {"version":"0","id":"17793124","detail-type":"Object Created","source":"aws.s3","account":"000000000000",
             "time":"2026-11-25T06:00:00Z","region":"ap-south-1","resources":["arn:aws:s3:::importsbucket"],
             "detail":{"version":"0","bucket":{"name":"importsbucket"},
                       "object":{"key":"imports/LIC/book.xlsx","size":5120,"etag":"b1946ac9"},"reason":"PutObject"}}""";
    static final String SQS_BATCH = """
            {"Records":[{"messageId":"m-1","receiptHandle":"r-1","body":"{}","eventSource":"aws:sqs",
             "eventSourceARN":"arn:aws:sqs:ap-south-1:000000000000:q"}]}""";
    static final String CUSTOM_RESOURCE = """
            {"RequestType":"Create","ResponseURL":"http://127.0.0.1/answer","StackId":"s","RequestId":"r",
             "LogicalResourceId":"DatabaseSchema"}""";
    static final String API_REQUEST = """
            {"httpMethod":"GET","path":"/health","requestContext":{"requestId":"r"}}""";

    static Map<String, Object> map(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static SQSEvent sqs(String... messageIdAndSource) {
        SQSEvent event = new SQSEvent();
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(messageIdAndSource[0]);
        record.setEventSource(messageIdAndSource[1]);
        event.setRecords(List.of(record));
        return event;
    }

    @Nested
    class ASchedule {

        @Test
        void takesAScheduledEventAndADirectInvocation() {
            assertThat(EventShape.schedule().read(map(SCHEDULED))).containsEntry("detail-type", "Scheduled Event");
            assertThat(EventShape.schedule().read(map("{\"date\":\"2026-11-24\"}"))).containsEntry("date", "2026-11-24");
            assertThat(EventShape.schedule().read(map("{}"))).isEmpty();
        }

        @Test
        void refusesAnSqsBatchNamingWhatArrived() {
            assertThatThrownBy(() -> EventShape.schedule().read(map(SQS_BATCH)))
                    .isInstanceOf(UnsupportedEventException.class)
                    .hasMessage("unsupported event: a batch of 1 record from aws:sqs; this function serves "
                            + "an EventBridge \"Scheduled Event\" or a direct invocation");
        }

        @Test
        void refusesOtherEventBridgeEventsApiRequestsAndCustomResources() {
            for (String event : List.of(OBJECT_CREATED, API_REQUEST, CUSTOM_RESOURCE, S3_NOTIFICATION,
                    "{\"Records\":[]}")) {
                assertThatThrownBy(() -> EventShape.schedule().read(map(event)))
                        .as(event).isInstanceOf(UnsupportedEventException.class);
            }
        }
    }

    @Nested
    class AnSqsBatch {

        @Test
        void takesSqsMessagesWithOrWithoutTheirEventSource() {
            assertThat(EventShape.sqsBatch().read(sqs("m-1", "aws:sqs")).getRecords()).hasSize(1);
            assertThat(EventShape.sqsBatch().read(sqs("m-1", null)).getRecords()).hasSize(1);
        }

        @Test
        void refusesAnEventWithoutRecords() {
            assertThatThrownBy(() -> EventShape.sqsBatch().read(new SQSEvent()))
                    .isInstanceOf(UnsupportedEventException.class)
                    .hasMessageStartingWith("unsupported event: an event with no records");
        }

        @Test
        void refusesRecordsOfAnotherSource() {
            assertThatThrownBy(() -> EventShape.sqsBatch().read(sqs(null, "aws:s3")))
                    .isInstanceOf(UnsupportedEventException.class)
                    .hasMessageStartingWith("unsupported event: a batch of 1 record that are not SQS messages (aws:s3)");
        }
    }

    @Nested
    class ObjectsCreated {

        @Test
        void anS3NotificationGivesItsObjectsWithTheKeyAsCarried() {
            List<CreatedObject> objects = EventShape.objectsCreated().read(map(S3_NOTIFICATION));

            assertThat(objects).containsExactly(new CreatedObject("importsbucket", "imports/LIC/ramesh+book.xlsx",
                    48213, Optional.of("0123abcd")));
        }

        @Test
        void anEventBridgeObjectCreatedEventGivesTheSameObject() {
            List<CreatedObject> objects = EventShape.objectsCreated().read(map(OBJECT_CREATED));

            assertThat(objects).containsExactly(new CreatedObject("importsbucket", "imports/LIC/book.xlsx", 5120,
                    Optional.of("b1946ac9")));
        }

        @Test
        void refusesASchedulesAnSqsBatchAnEmptyBatchAndADirectInvocation() {
            for (String event : List.of(SCHEDULED, SQS_BATCH, "{\"Records\":[]}", "{}", API_REQUEST)) {
                assertThatThrownBy(() -> EventShape.objectsCreated().read(map(event)))
                        .as(event).isInstanceOf(UnsupportedEventException.class);
            }
        }

        @Test
        void refusesOtherS3Events() {
            String removed = S3_NOTIFICATION.replace("ObjectCreated:Put", "ObjectRemoved:Delete");
            String deletedViaEventBridge = OBJECT_CREATED.replace("Object Created", "Object Deleted");

            assertThatThrownBy(() -> EventShape.objectsCreated().read(map(removed)))
                    .isInstanceOf(UnsupportedEventException.class);
            assertThatThrownBy(() -> EventShape.objectsCreated().read(map(deletedViaEventBridge)))
                    .isInstanceOf(UnsupportedEventException.class)
                    .hasMessageStartingWith("unsupported event: an EventBridge \"Object Deleted\" event from aws.s3");
        }
    }

    @Nested
    class ACustomResourceOrDirectInvocation {

        @Test
        void takesBoth() {
            assertThat(EventShape.customResourceOrDirect().read(map(CUSTOM_RESOURCE))).containsKey("RequestType");
            assertThat(EventShape.customResourceOrDirect().read(map("{}"))).isEmpty();
        }

        @Test
        void refusesASchedule() {
            assertThatThrownBy(() -> EventShape.customResourceOrDirect().read(map(SCHEDULED)))
                    .isInstanceOf(UnsupportedEventException.class)
                    .hasMessageStartingWith("unsupported event: an EventBridge \"Scheduled Event\" event from aws.scheduler");
        }
    }

    @Test
    void aRefusalNamesTheKeysOfADirectInvocationNeverItsValues() {
        assertThatThrownBy(() -> EventShape.objectsCreated().read(map("{\"password\":\"hunter2\",\"b\":1}")))
                .hasMessageStartingWith("unsupported event: a direct invocation with the keys [b, password];")
                .hasMessageNotContaining("hunter2");
    }
}
