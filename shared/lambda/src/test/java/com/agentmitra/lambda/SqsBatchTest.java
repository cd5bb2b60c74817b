package com.agentmitra.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

    private static SQSEvent batch(String... messageIds) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String id : messageIds) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(id);
            record.setBody(id);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Test
    void onlyTheRecordsNotDoneWithAreNamedAndEveryRecordIsHandled() {
        List<String> handled = new ArrayList<>();

        SQSBatchResponse response = SqsBatch.eachRecord(batch("m-1", "m-2", "m-3"), record -> {
            handled.add(record.getMessageId());
            return !record.getBody().equals("m-2");
        });

        assertThat(handled).containsExactly("m-1", "m-2", "m-3");
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-2");
    }

    @Test
    void aBatchDoneWithAnswersAnEmptyListOfFailures() {
        SQSBatchResponse response = SqsBatch.eachRecord(batch("m-1"), record -> true);

        assertThat(response.getBatchItemFailures()).isNotNull().isEmpty();
    }
}
