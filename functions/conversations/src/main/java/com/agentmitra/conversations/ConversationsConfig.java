package com.agentmitra.conversations;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;

/**
 * The conversations function's own settings, read once at cold start: where replies are queued
 * ({@code WHATSAPP_OUTBOUND_QUEUE_URL}, the {@code whatsapp-outbound} SQS queue the sender consumes). Fails naming
 * every missing one.
 */
record ConversationsConfig(String whatsappOutboundQueueUrl) {

    static ConversationsConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        ConversationsConfig config = new ConversationsConfig(env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE));
        env.validate();
        return config;
    }
}
