package com.agentmitra.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.lambda.AwsClients;
import com.agentmitra.testing.AgentMitraTest;
import com.agentmitra.testing.InProcessAws;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The sender against a real SQS protocol (ElasticMQ in-process), read back the way the consumer will read it. */
@AgentMitraTest
class SqsWhatsappOutboxIT {

    @Test
    void queuesTheMessageAsJsonWithRoutingAttributes(InProcessAws aws) {
        try (SqsClient sqs = AwsClients.sqsAt(aws.sqsEndpoint(), "ap-south-1")) {
            String queue = sqs.createQueue(r -> r.queueName("outbox-" + System.nanoTime())).queueUrl();
            WhatsappMessage message = WhatsappMessage.template("reminder:policy-1:2025-12-01", "LIC",
                    "+919000000002", WhatsappMessage.REMINDER, new WhatsappMessage.Template("premium_due_reminder",
                            "en", List.of("Asha", "2025-12-01", "₹12,500.00", "TP000000001")),
                    Instant.parse("2025-11-25T06:30:00Z"));

            new SqsWhatsappOutbox(sqs, queue).send(message);

            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queue).messageAttributeNames("All")
                    .waitTimeSeconds(1)).messages();
            assertThat(received).hasSize(1);
            assertThat(SqsWhatsappOutbox.parse(received.getFirst().body())).isEqualTo(message);
            assertThat(received.getFirst().messageAttributes().get("purpose").stringValue()).isEqualTo("reminder");
            assertThat(received.getFirst().messageAttributes().get("schemaVersion").stringValue()).isEqualTo("1");
            assertThat(received.getFirst().messageAttributes().get("tenant").stringValue()).isEqualTo("LIC");
        }
    }

    @Test
    void anUnreachableQueueIsReportedByKeyOnly() {
        try (SqsClient sqs = AwsClients.sqsAt(URI.create("http://127.0.0.1:1"), "ap-south-1")) {
            WhatsappMessage message = WhatsappMessage.text("callback:1", "LIC", "+919000000003",
                    WhatsappMessage.CALLBACK, "We will call you back today.", Instant.now());

            assertThatThrownBy(() -> new SqsWhatsappOutbox(sqs, "http://127.0.0.1:1/000000000000/none").send(message))
                    .isInstanceOf(WhatsappOutbox.NotQueued.class)
                    .hasMessage("WhatsApp message callback:1 was not queued");
        }
    }
}
