package com.agentmitra.whatsapp;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The {@code whatsapp-inbound} queue message, schema version 1: the body is the notification exactly as Meta sent it
 * (the signed bytes as UTF-8 text); the envelope is two message attributes, {@code schemaVersion} (Number, 1) and
 * {@code receivedAt} (String, ISO-8601 instant the webhook answered for it). One SendMessage per notification.
 */
final class SqsInboundQueue implements InboundQueue {

    static final int SCHEMA_VERSION = 1;
    static final String SCHEMA_VERSION_ATTRIBUTE = "schemaVersion";
    static final String RECEIVED_AT_ATTRIBUTE = "receivedAt";
    /**
     * SQS takes at most 262,144 bytes per message, attributes included (the queue's MaximumMessageSize in
     * template.yaml); 1 KiB of it is kept for the two attributes.
     */
    static final int MAX_BODY_BYTES = 262_144 - 1_024;

    private final SqsClient sqs;
    private final String queueUrl;

    SqsInboundQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void put(String notification, Instant receivedAt) {
        try {
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(notification).messageAttributes(Map.of(
                    SCHEMA_VERSION_ATTRIBUTE, MessageAttributeValue.builder().dataType("Number")
                            .stringValue(Integer.toString(SCHEMA_VERSION)).build(),
                    RECEIVED_AT_ATTRIBUTE, MessageAttributeValue.builder().dataType("String")
                            .stringValue(receivedAt.toString()).build())));
        } catch (SdkException e) {
            throw new NotQueued(e);
        }
    }

    /**
     * Whether SQS can carry the notification as it is: at most {@link #MAX_BODY_BYTES} in UTF-8 and only characters
     * SQS accepts (#x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF). Meta's payloads go up to 3 MB, so a
     * large one does not fit; the webhook then processes it itself (WebhookFunction).
     */
    static boolean fits(String notification) {
        long bytes = 0;
        for (int i = 0; i < notification.length(); ) {
            int c = notification.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                return false;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes > MAX_BODY_BYTES) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }
}
