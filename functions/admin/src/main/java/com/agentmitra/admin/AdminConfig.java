package com.agentmitra.admin;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;

/**
 * The admin functions' own settings, read once at cold start: where the licence warnings are queued
 * ({@code WHATSAPP_OUTBOUND_QUEUE_URL}, the {@code whatsapp-outbound} SQS queue). Fails naming every missing one.
 */
record AdminConfig(String whatsappOutboundQueueUrl) {

    static AdminConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        AdminConfig config = new AdminConfig(env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE));
        env.validate();
        return config;
    }
}
