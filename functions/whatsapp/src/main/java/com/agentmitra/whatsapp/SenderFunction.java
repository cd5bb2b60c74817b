package com.agentmitra.whatsapp;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SqsBatch;
import com.agentmitra.messaging.WhatsappMessage;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The {@code whatsappSender} entry point: SQS {@code whatsapp-outbound} batches. Each record is delivered on its
 * own; only the retryable ones (and malformed ones, so they reach the dead-letter queue) are named in
 * {@code batchItemFailures}, with their visibility stretched to the backoff. Any other event is refused
 * ({@link EventShape#sqsBatch()}).
 */
final class SenderFunction extends EventFunction<SQSEvent, SQSEvent, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(SenderFunction.class);

    /** Puts a message back with a delay (ChangeMessageVisibility); a no-op where no queue URL is configured. */
    @FunctionalInterface
    interface Redelivery {
        void after(String receiptHandle, Duration delay);
    }

    /**
     * Puts a copy of a message body back on the queue, delivered after {@code delay} (SendMessage with DelaySeconds,
     * at most 15 minutes): a new message with no receives, so waiting for a send slot never counts toward the
     * dead-letter queue. Fails where no queue URL is configured.
     */
    @FunctionalInterface
    interface Requeue {
        void after(String body, Duration delay);
    }

    /** SQS delays a message by at most 15 minutes; a longer wait is waited in steps. */
    static final Duration MAX_QUEUE_DELAY = Duration.ofMinutes(15);

    private final SenderService sender;
    private final Redelivery redelivery;
    private final Requeue requeue;
    private final Duration grace;
    private final Duration reserve;

    /**
     * {@code reserve}: time kept back at the end of an invocation: a record is only started while more than this
     * remains (one Graph API call at its timeout, plus the database), so a slow API never makes Lambda kill a batch
     * mid-send. Records not started are named as failures and come back after the visibility timeout.
     */
    SenderFunction(SenderService sender, Redelivery redelivery, Requeue requeue, Duration grace, Duration reserve) {
        super("whatsappSender", EventShape.sqsBatch());
        this.sender = sender;
        this.redelivery = redelivery;
        this.requeue = requeue;
        this.grace = grace;
        this.reserve = reserve;
    }

    SenderFunction(SenderService sender, Redelivery redelivery, Requeue requeue, Duration grace) {
        this(sender, redelivery, requeue, grace, Duration.ofSeconds(15));
    }

    /** One batch through the whole invocation shell, as Lambda hands it over but without a context (tests). */
    SQSBatchResponse handle(SQSEvent event) {
        return apply(MessageBuilder.withPayload(event).build());
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event, Invocation invocation) {
        // a record is only started while more than the reserve remains of the invocation
        Optional<Long> stopBy = invocation.remaining().map(left -> System.nanoTime() + left.minus(reserve).toNanos());
        return SqsBatch.eachRecord(event, record -> {
            boolean late = stopBy.isPresent() && System.nanoTime() - stopBy.get() > 0;
            return !late && handleOne(record, invocation.metrics());
        });
    }

    /** True when the record is done with (sent, finished before, or failed for good). */
    private boolean handleOne(SQSEvent.SQSMessage record, BusinessMetrics metrics) {
        WhatsappMessage message;
        try {
            message = Json.mapper().readValue(record.getBody(), WhatsappMessage.class);
        } catch (Exception e) {
            message = null;
        }
        if (message == null) {
            // not JSON, not schema 1, or JSON null (read as no message at all, issue 21): fails alone and, after the
            // queue's receives, rests in the dead-letter queue for a person to look at; nothing below may touch it
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
            case SenderService.Paced paced -> {
                // issue 21: back on the queue as a delayed copy and this one acknowledged, so that waiting for the
                // recipient's slot uses up none of the receives the dead-letter queue counts; should SendMessage
                // fail, the visibility change below does it at the cost of one receive
                boolean requeued = requeueCopy(record, paced);
                yield count(metrics, WhatsappMetric.MessagesPaced, tenant, requeued);
            }
            case SenderService.Unknown unknown -> count(metrics, WhatsappMetric.MessagesOutcomeUnknown, tenant, false);
            case SenderService.Unsettled unsettled -> {
                // never sent again (issue 21); one count under "all", which WhatsappUnsettledSendsAlarm watches
                log.warn("Send outcome still unknown after the grace period; not sent again key={} outboxId={} reason={}",
                        message.idempotencyKey(), unsettled.messageId(), unsettled.reason());
                yield count(metrics, WhatsappMetric.MessagesUnsettled, "all", true);
            }
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

    private boolean requeueCopy(SQSEvent.SQSMessage record, SenderService.Paced paced) {
        Duration delay = paced.delay().compareTo(MAX_QUEUE_DELAY) > 0 ? MAX_QUEUE_DELAY : paced.delay();
        // whole seconds, rounded up: the copy must not come back before its slot
        Duration seconds = Duration.ofSeconds(Math.max(1, (delay.toMillis() + 999) / 1000));
        try {
            requeue.after(record.getBody(), seconds);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not put a held message back on the queue; waiting by visibility sqsMessageId={} error={}",
                    record.getMessageId(), e.getClass().getSimpleName());
            return false;
        }
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
