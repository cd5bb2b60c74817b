package com.agentmitra.whatsapp;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.LambdaContexts;
import com.agentmitra.messaging.WhatsappMessage;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code whatsappSender} entry point: SQS {@code whatsapp-outbound} batches. Each record is delivered on its
 * own; only the retryable ones (and malformed ones, so they reach the dead-letter queue) are named in
 * {@code batchItemFailures}, with their visibility stretched to the backoff.
 */
final class SenderFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(SenderFunction.class);

    /** Puts a message back with a delay (ChangeMessageVisibility); a no-op where no queue URL is configured. */
    @FunctionalInterface
    interface Redelivery {
        void after(String receiptHandle, Duration delay);
    }

    private final SenderService sender;
    private final Redelivery redelivery;
    private final Duration grace;
    private final Duration reserve;

    /**
     * {@code reserve}: time kept back at the end of an invocation: a record is only started while more than this
     * remains (one Graph API call at its timeout, plus the database), so a slow API never makes Lambda kill a batch
     * mid-send. Records not started are named as failures and come back after the visibility timeout.
     */
    SenderFunction(SenderService sender, Redelivery redelivery, Duration grace, Duration reserve) {
        this.sender = sender;
        this.redelivery = redelivery;
        this.grace = grace;
        this.reserve = reserve;
    }

    SenderFunction(SenderService sender, Redelivery redelivery, Duration grace) {
        this(sender, redelivery, grace, Duration.ofSeconds(15));
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> message) {
        Optional<Context> context = LambdaContexts.from(message);
        SQSEvent event = message.getPayload();
        if (context.isEmpty()) {
            return handle(event);
        }
        long stopBy = System.nanoTime() + Duration.ofMillis(context.get().getRemainingTimeInMillis()).minus(reserve)
                .toNanos();
        return PowertoolsLogging.withLogging(context.get(), () -> handle(event, OptionalLong.of(stopBy)));
    }

    SQSBatchResponse handle(SQSEvent event) {
        return handle(event, OptionalLong.empty());
    }

    /** {@code stopBy}: a {@link System#nanoTime()} after which no further record is started. */
    SQSBatchResponse handle(SQSEvent event, OptionalLong stopBy) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        BusinessMetrics metrics = BusinessMetrics.forInvocation();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            boolean late = stopBy.isPresent() && System.nanoTime() - stopBy.getAsLong() > 0;
            if (late || !handleOne(record, metrics)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(record.getMessageId()).build());
            }
        }
        metrics.flush();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** True when the record is done with (sent, finished before, or failed for good). */
    private boolean handleOne(SQSEvent.SQSMessage record, BusinessMetrics metrics) {
        WhatsappMessage message;
        try {
            message = Json.mapper().readValue(record.getBody(), WhatsappMessage.class);
        } catch (Exception e) {
            // fails alone and, after the queue's receives, rests in the dead-letter queue for a person to look at
            log.error("Malformed whatsapp-outbound message sqsMessageId={}", record.getMessageId());
            metrics.count(WhatsappMetric.MessagesMalformed, "unknown", 1);
            return false;
        }
        SenderService.Delivery delivery;
        try {
            delivery = sender.deliver(message);
        } catch (RuntimeException e) {
            log.error("Delivery failed; SQS will retry key={} error={}", message.idempotencyKey(),
                    e.getClass().getSimpleName());
            metrics.count(WhatsappMetric.MessagesRetried, message.tenant(), 1);
            return false;
        }
        String tenant = message.tenant();
        boolean done = switch (delivery) {
            case SenderService.Sent sent -> count(metrics, WhatsappMetric.MessagesAccepted, tenant, true);
            case SenderService.AlreadyDone already -> count(metrics, WhatsappMetric.MessagesAlreadyHandled, tenant, true);
            case SenderService.Refused refused -> count(metrics, WhatsappMetric.MessagesRefused, tenant, true);
            case SenderService.Failed failed -> count(metrics, WhatsappMetric.MessagesFailed, tenant, true);
            case SenderService.RetryLater retry -> count(metrics, WhatsappMetric.MessagesRetried, tenant, false);
            case SenderService.Held held -> count(metrics, WhatsappMetric.MessagesRetried, tenant, false);
            case SenderService.Unknown unknown -> count(metrics, WhatsappMetric.MessagesOutcomeUnknown, tenant, false);
        };
        if (!done) {
            int receives = receiveCount(record);
            RedeliveryDelay.after(delivery, receives, grace).ifPresent(delay -> {
                try {
                    redelivery.after(record.getReceiptHandle(), delay);
                } catch (RuntimeException e) {
                    log.warn("Could not stretch visibility sqsMessageId={}", record.getMessageId());
                }
            });
        }
        return done;
    }

    private static boolean count(BusinessMetrics metrics, WhatsappMetric metric, String tenant, boolean done) {
        metrics.count(metric, tenant, 1);
        return done;
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        try {
            return record.getAttributes() == null ? 1
                    : Integer.parseInt(record.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
