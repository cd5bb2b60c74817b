package com.agentmitra.conversations;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;

/**
 * The conversations function's own settings, read once at cold start: where replies are queued
 * ({@code WHATSAPP_OUTBOUND_QUEUE_URL}, the {@code whatsapp-outbound} SQS queue the sender consumes) and, optional,
 * the private bucket customers' media is kept in ({@code MEDIA_BUCKET}: without it the thread names media without a
 * link). Fails naming every missing one.
 */
record ConversationsConfig(String whatsappOutboundQueueUrl, java.util.Optional<String> mediaBucket) {

    static ConversationsConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        ConversationsConfig config = new ConversationsConfig(env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE),
                env.optional("MEDIA_BUCKET").filter(bucket -> !bucket.isBlank()));
        env.validate();
        return config;
    }
}
