package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Json;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sender as Lambda runs it, against the SQS emulator through the SDK: messages go on a fresh queue, a poll hands
 * up to 10 to the real {@link SenderFunction} and deletes what it did not name in {@code batchItemFailures}.
 */
final class SenderHarness {

    static final String TOKEN = "test-token-7f3a9c-never-logged";

    final TestDatabase db = TestDatabase.get();
    final InProcessAws aws = InProcessAws.shared();
    final SqsClient sqs = aws.sqs();
    final String queueUrl;
    final WhatsappConfig config;
    final List<Duration> redeliveryDelays = new CopyOnWriteArrayList<>();
    final List<Duration> requeueDelays = new CopyOnWriteArrayList<>();
    /** The highest ApproximateReceiveCount any polled message had (1: none came back by its visibility timeout). */
    final java.util.concurrent.atomic.AtomicInteger highestReceiveCount = new java.util.concurrent.atomic.AtomicInteger();

    SenderHarness(FakeGraphApi graph, int messagesPerSecond) {
        this(graph, messagesPerSecond, 1);
    }

    /** {@code visibilitySeconds}: how soon a message not acknowledged comes back (1 s lets tests see retries). */
    SenderHarness(FakeGraphApi graph, int messagesPerSecond, int visibilitySeconds) {
        this(graph.baseUrl(), messagesPerSecond, visibilitySeconds, Duration.ofSeconds(2));
    }

    /** A sender of the Graph API at {@code graphBaseUrl}, each call bounded by {@code requestTimeout}. */
    SenderHarness(java.net.URI graphBaseUrl, int messagesPerSecond, int visibilitySeconds, Duration requestTimeout) {
        queueUrl = sqs.createQueue(r -> r.queueName("whatsapp-outbound-it-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds))))
                .queueUrl();
        config = new WhatsappConfig(graphBaseUrl, "v25.0", "pn-" + UUID.randomUUID(), Secret.of(TOKEN),
                Secret.of("app-secret"), Secret.of("verify"), messagesPerSecond, Duration.ofSeconds(30),
                Duration.ofSeconds(120), Duration.ofMinutes(10), requestTimeout, Optional.of(queueUrl),
                Optional.empty());
    }

    /** No quiet hours unless a test sets the tenant settings' ones: the other tests run at any hour. */
    TenantQuietHours quietHours = TenantQuietHours.none();

    Tenant lic() {
        return db.tenants().byCode("LIC");
    }

    SenderFunction function(Clock clock) {
        return function(clock, db.database());
    }

    /** A sender on its own connections ({@code database}), as each Lambda instance has its own pool. */
    SenderFunction function(Clock clock, Database database) {
        SenderService service = new SenderService(database, db.tenants(), new OutboxRepository(),
                new HttpGraphApi(config.messagesEndpoint(), config.token(), config.requestTimeout()),
                new SendPacer(database, config.phoneNumberId(), config.messagesPerSecond()), config,
                quietHours, clock);
        return new SenderFunction(service, (handle, delay) -> redeliveryDelays.add(delay), (body, delay) -> {
            requeueDelays.add(delay);
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).delaySeconds((int) delay.toSeconds()));
        }, config.unknownGrace());
    }

    String enqueue(WhatsappMessage message) {
        return enqueueRaw(Json.write(message));
    }

    String enqueueRaw(String body) {
        return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)).messageId();
    }

    record Poll(List<String> delivered, Set<String> failed) {}

    /**
     * One invocation: receive up to 10, run the function, delete the records it acknowledged. A poll that receives
     * nothing invokes nothing, as Lambda's event source never hands over an empty batch.
     */
    Poll pollOnce(SenderFunction function) {
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        if (received.isEmpty()) {
            return new Poll(List.of(), Set.of());
        }
        for (Message m : received) {
            highestReceiveCount.accumulateAndGet(Integer.parseInt(m.attributes()
                    .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")), Math::max);
        }
        SQSEvent event = SqsEvents.of(received, "whatsapp-outbound");
        SQSBatchResponse response = function.handle(event);
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message m : received) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return new Poll(received.stream().map(Message::messageId).toList(), failed);
    }

    /** Polls until the queue gives nothing for one poll, or the deadline passes. */
    void drain(SenderFunction function, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            if (pollOnce(function).delivered().isEmpty()) {
                return;
            }
        }
    }

    static String anyRecipient() {
        return "+9198" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static WhatsappMessage reminder(String recipient) {
        return WhatsappMessage.template("reminder:" + UUID.randomUUID(), "LIC", recipient, WhatsappMessage.REMINDER,
                new WhatsappMessage.Template("premium_due_reminder", "en",
                        List.of("Ravi", "12-Dec-2025", "₹12,450", "LIC-0001")), Instant.now());
    }
}
