package com.agentmitra.callbacks;

import com.agentmitra.config.Env;

/**
 * The callbacks functions' own settings, read once at cold start: where WhatsApp notices are queued
 * ({@code WHATSAPP_OUTBOUND_QUEUE_URL}, the {@code whatsapp-outbound} SQS queue). Fails naming every missing one.
 */
record CallbacksConfig(String whatsappOutboundQueueUrl) {

    static CallbacksConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        CallbacksConfig config = new CallbacksConfig(env.required(com.agentmitra.messaging.SqsWhatsappOutbox.QUEUE_URL_VARIABLE));
        env.validate();
        return config;
    }
}
