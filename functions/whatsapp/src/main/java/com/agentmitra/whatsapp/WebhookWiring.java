package com.agentmitra.whatsapp;

import com.agentmitra.callbacks.WhatsappInboundCallbacks;
import com.agentmitra.data.Database;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;

/** Builds the webhook function: the outbound queue for confirmations, the callbacks module for call-back requests. */
final class WebhookWiring {

    private WebhookWiring() {}

    static WebhookFunction webhook(WhatsappConfig config, Database database, TenantDirectory tenants, Clock clock) {
        String queueUrl = config.outboundQueueUrl()
                .orElseThrow(() -> new IllegalStateException("configuration incomplete: WHATSAPP_OUTBOUND_QUEUE_URL is not set"));
        WhatsappOutbox outbox = SqsWhatsappOutbox.to(queueUrl);
        return webhook(config, database, tenants, outbox, clock);
    }

    static WebhookFunction webhook(WhatsappConfig config, Database database, TenantDirectory tenants,
            WhatsappOutbox outbox, Clock clock) {
        WhatsappInboundCallbacks callbacks = new WhatsappInboundCallbacks(database, outbox, clock);
        WebhookService service = new WebhookService(database, tenants, new WebhookRepository(), outbox,
                callbacks::requestFromWhatsapp, clock);
        return new WebhookFunction(service, config.appSecret(), config.verifyToken());
    }
}
