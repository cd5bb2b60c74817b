package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The webhook as Lambda runs it, against PostgreSQL and the SQS emulator: the real {@link WebhookFunction} answers,
 * whatever it put on a fresh {@code whatsapp-inbound} queue (through the SDK) goes to the real
 * {@link InboundFunction} in batches of up to 10, and what the consumer acknowledged is deleted. What the service
 * queues on the outbound queue (confirmations, the consent question) is kept in {@link #outbound}.
 */
final class WebhookHarness {

    static final String APP_SECRET = "test-app-secret-never-logged";

    final TestDatabase db = TestDatabase.get();
    final List<WhatsappMessage> outbound = new CopyOnWriteArrayList<>();
    final SqsClient sqs = InProcessAws.shared().sqs();
    final String queueUrl = sqs.createQueue(r -> r.queueName("whatsapp-inbound-it-" + UUID.randomUUID())).queueUrl();
    final WhatsappConfig config = new WhatsappConfig(java.net.URI.create("http://127.0.0.1:9"), "v25.0", "pn",
            Secret.of("token"), Secret.of(APP_SECRET), Secret.of("verify-me"), 80, Duration.ofSeconds(30),
            Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofSeconds(2), Optional.empty(), Optional.empty());
    final WebhookService service = WebhookWiring.service(db.database(), db.tenants(), outbound::add,
            Clock.systemUTC());
    final WebhookFunction webhook = WebhookWiring.webhook(config, service, new SqsInboundQueue(sqs, queueUrl),
            Clock.systemUTC());
    final InboundFunction consumer = new InboundFunction(service, Clock.systemUTC());

    /** The webhook's answer alone: what it queued stays on the queue. */
    APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent request) {
        return webhook.apply(MessageBuilder.withPayload(request).build());
    }

    /** Signed with the app secret, answered, and whatever was queued delivered to the consumer. */
    APIGatewayProxyResponseEvent signedPost(String body) {
        APIGatewayProxyResponseEvent response = answer(request(body, signature(body)));
        deliverQueued();
        return response;
    }

    static APIGatewayProxyRequestEvent request(String body, String signature) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/webhooks/whatsapp").withBody(body)
                .withHeaders(signature == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "X-Hub-Signature-256", signature));
    }

    static String signature(String body) {
        return signature(body.getBytes(StandardCharsets.UTF_8));
    }

    static String signature(byte[] body) {
        return "sha256=" + WebhookSignature.sign(body, Secret.of(APP_SECRET));
    }

    record Delivery(List<String> delivered, Set<String> failed) {}

    /**
     * Hands what the queue holds to the consumer as Lambda would (batches of up to 10) until it is empty, and deletes
     * what the consumer did not name in {@code batchItemFailures}.
     */
    Delivery deliverQueued() {
        List<String> delivered = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        while (true) {
            List<Message> received = receive();
            if (received.isEmpty()) {
                return new Delivery(delivered, failed);
            }
            SQSBatchResponse response = consumer.handle(SqsEvents.of(received, "whatsapp-inbound"));
            Set<String> failures = response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            for (Message m : received) {
                delivered.add(m.messageId());
                if (!failures.contains(m.messageId())) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
            failed.addAll(failures);
        }
    }

    /** Up to 10 visible messages, with their attributes. */
    List<Message> receive() {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    /** Visible and in flight: everything the queue holds. */
    int messagesOnTheQueue() {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }
}
