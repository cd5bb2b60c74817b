package com.agentmitra.whatsapp;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import com.agentmitra.lambda.SqsBatch;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The {@code whatsappInbound} entry point: SQS {@code whatsapp-inbound} batches of verified webhook notifications
 * ({@link SqsInboundQueue}), each applied by {@link WebhookService} on its own. A record that is not a schema-1
 * notification, or whose processing failed (the database, the outbound queue), is named in
 * {@code batchItemFailures} alone; after the queue's receives it rests in the dead-letter queue. Repeats are
 * harmless: every step of the service is idempotent. Any other event is refused ({@link EventShape#sqsBatch()}).
 */
final class InboundFunction extends EventFunction<SQSEvent, SQSEvent, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(InboundFunction.class);

    private final WebhookService service;
    private final Optional<InboundMediaStore> media;
    private final Clock clock;

    InboundFunction(WebhookService service, Clock clock) {
        this(service, Optional.empty(), clock);
    }

    /**
     * With {@code media}, the media customers send (issue 16) is downloaded and stored after the notification was
     * applied ({@link InboundMediaStore}); a transient failure there fails the record, so SQS delivers it again.
     */
    InboundFunction(WebhookService service, Optional<InboundMediaStore> media, Clock clock) {
        super("whatsappInbound", EventShape.sqsBatch());
        this.service = service;
        this.media = media;
        this.clock = clock;
    }

    /** One batch through the whole invocation shell, as Lambda hands it over but without a context (tests). */
    SQSBatchResponse handle(SQSEvent event) {
        return apply(MessageBuilder.withPayload(event).build());
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event, Invocation invocation) {
        return SqsBatch.eachRecord(event, record -> handleOne(record, invocation.metrics()));
    }

    /** True when the notification was applied (or had nothing we act on). */
    private boolean handleOne(SQSEvent.SQSMessage record, BusinessMetrics metrics) {
        Optional<String> version = attribute(record, SqsInboundQueue.SCHEMA_VERSION_ATTRIBUTE);
        WebhookPayload payload;
        try {
            if (version.isPresent() && !version.get().equals(Integer.toString(SqsInboundQueue.SCHEMA_VERSION))) {
                throw new IllegalArgumentException("unknown schema version");
            }
            payload = WebhookPayload.parse(record.getBody() == null ? "" : record.getBody());
        } catch (IllegalArgumentException e) {
            // never quotes the body: it holds customers' messages and numbers
            log.error("Malformed whatsapp-inbound message sqsMessageId={} reason={}", record.getMessageId(),
                    e.getMessage());
            metrics.count(WhatsappMetric.NotificationsMalformed, "all", 1);
            return false;
        }
        WebhookService.Report report;
        try {
            report = service.receive(payload);
        } catch (RuntimeException e) {
            log.error("Notification not applied; SQS will retry sqsMessageId={} error={}", record.getMessageId(),
                    e.getClass().getSimpleName());
            metrics.count(WhatsappMetric.NotificationsRetried, "all", 1);
            return false;
        }
        count(metrics, report);
        if (media.isPresent() && !storeMedia(record)) {
            return false;
        }
        attribute(record, SqsInboundQueue.RECEIVED_AT_ATTRIBUTE).flatMap(InboundFunction::instant).ifPresent(at ->
                metrics.milliseconds(WhatsappMetric.NotificationDelay, "all",
                        Math.max(0, Duration.between(at, clock.instant()).toMillis())));
        return true;
    }

    /** Every media item of the notification, stored or recorded refused; false when one should be tried again. */
    private boolean storeMedia(SQSEvent.SQSMessage record) {
        try {
            for (InboundMedia item : InboundMedia.of(WebhookPayload.tree(record.getBody()))) {
                media.get().store(item);
            }
            return true;
        } catch (InboundMediaStore.MediaUnavailable | IllegalArgumentException e) {
            log.error("Inbound media not stored; SQS will retry sqsMessageId={} reason={}", record.getMessageId(),
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("Inbound media not stored; SQS will retry sqsMessageId={} error={}", record.getMessageId(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** The business counts of one applied notification (also used by the webhook for one too large to queue). */
    static void count(BusinessMetrics metrics, WebhookService.Report report) {
        metrics.count(WhatsappMetric.StatusesApplied, "all", report.statusesApplied());
        metrics.count(WhatsappMetric.StatusesIgnored, "all", report.statusesIgnored());
        metrics.count(WhatsappMetric.InboundStored, "all", report.inboundStored());
        metrics.count(WhatsappMetric.OptOuts, "all", report.optOuts());
        metrics.count(WhatsappMetric.OptIns, "all", report.optIns());
        metrics.count(WhatsappMetric.CallbacksRequested, "all", report.callbacks());
        metrics.count(WhatsappMetric.NotificationErrors, "all", report.systemErrors());
        metrics.count(WhatsappMetric.PreferenceOptOuts, "all", report.preferenceOptOuts());
        metrics.count(WhatsappMetric.ConsentQuestionsAsked, "all", report.consentQuestions());
        metrics.count(WhatsappMetric.UtilityConsentsGiven, "all", report.consentsGiven());
        metrics.count(WhatsappMetric.UtilityConsentsWithdrawn, "all", report.consentsWithdrawn());
    }

    private static Optional<String> attribute(SQSEvent.SQSMessage record, String name) {
        Map<String, SQSEvent.MessageAttribute> attributes = record.getMessageAttributes();
        SQSEvent.MessageAttribute attribute = attributes == null ? null : attributes.get(name);
        return attribute == null ? Optional.empty() : Optional.ofNullable(attribute.getStringValue());
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
