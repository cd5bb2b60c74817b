package com.agentmitra.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An SQS batch handled record by record, answered with a partial batch response ({@code ReportBatchItemFailures}):
 * only the records not done with are named, so SQS deletes the others and brings those back.
 */
public final class SqsBatch {

    private SqsBatch() {}

    /** {@code done} handles one record and answers whether it is done with (a false one comes back later). */
    public static SQSBatchResponse eachRecord(SQSEvent event, Predicate<SQSEvent.SQSMessage> done) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            if (!done.test(record)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(record.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
