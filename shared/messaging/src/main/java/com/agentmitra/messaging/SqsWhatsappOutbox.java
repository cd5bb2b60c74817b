package com.agentmitra.messaging;

import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.Json;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Puts messages on the {@code whatsapp-outbound} SQS queue: the JSON body is the {@link WhatsappMessage}, and the
 * message attributes {@code schemaVersion}, {@code purpose} and {@code tenant} let a consumer route or filter
 * without parsing the body.
 */
public final class SqsWhatsappOutbox implements WhatsappOutbox {

    public static final String QUEUE_URL_VARIABLE = "WHATSAPP_OUTBOUND_QUEUE_URL";

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWhatsappOutbox(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    /** The function's own queue ({@code WHATSAPP_OUTBOUND_QUEUE_URL}) through the shared SQS client. */
    public static SqsWhatsappOutbox to(String queueUrl) {
        return new SqsWhatsappOutbox(AwsClients.sqs(), queueUrl);
    }

    @Override
    public void send(WhatsappMessage message) {
        try {
            sqs.sendMessage(request -> request
                    .queueUrl(queueUrl)
                    .messageBody(Json.write(message))
                    .messageAttributes(Map.of(
                            "schemaVersion", number(message.schemaVersion()),
                            "purpose", text(message.purpose()),
                            "tenant", text(message.tenant()))));
        } catch (SdkException e) {
            throw new NotQueued(message.idempotencyKey(), e);
        }
    }

    /** Reads a queued message body (the consumer's side). */
    public static WhatsappMessage parse(String body) {
        try {
            return Json.mapper().readValue(body, WhatsappMessage.class);
        } catch (java.io.IOException e) {
            // the parser's own message quotes the body, which may hold a one-time code: never pass it on
            String reason = e.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage() : e.getClass().getSimpleName();
            throw new IllegalArgumentException("not a whatsapp-outbound message: " + reason);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static MessageAttributeValue number(int value) {
        return MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(value)).build();
    }
}
