package com.agentmitra.whatsapp;

import com.agentmitra.data.Database;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.domain.callbacks.WhatsappInboundCallbacks;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;

/**
 * Builds the webhook (signature check, then the inbound queue) and the inbound consumer (the service: the outbound
 * queue for confirmations, the callbacks domain in shared/domain for call-back requests).
 */
final class WebhookWiring {

    private WebhookWiring() {}

    static WebhookFunction webhook(WhatsappConfig config, Database database, TenantDirectory tenants, Clock clock) {
        String inboundUrl = config.inboundQueueUrl()
                .orElseThrow(() -> new IllegalStateException("configuration incomplete: WHATSAPP_INBOUND_QUEUE_URL is not set"));
        return webhook(config, service(database, tenants, outbox(config), clock),
                new SqsInboundQueue(AwsClients.sqs(), inboundUrl), clock);
    }

    static InboundFunction inbound(WhatsappConfig config, Database database, TenantDirectory tenants, Clock clock) {
        return new InboundFunction(service(database, tenants, outbox(config), clock), clock);
    }

    static WebhookFunction webhook(WhatsappConfig config, WebhookService service, InboundQueue queue, Clock clock) {
        return new WebhookFunction(service, queue, config.appSecret(), config.verifyToken(), clock);
    }

    static WebhookService service(Database database, TenantDirectory tenants, WhatsappOutbox outbox, Clock clock) {
        WhatsappInboundCallbacks callbacks = new WhatsappInboundCallbacks(database, outbox, clock);
        return new WebhookService(database, tenants, new WebhookRepository(), outbox, callbacks::requestFromWhatsapp,
                clock);
    }

    private static WhatsappOutbox outbox(WhatsappConfig config) {
        return SqsWhatsappOutbox.to(config.outboundQueueUrl()
                .orElseThrow(() -> new IllegalStateException("configuration incomplete: WHATSAPP_OUTBOUND_QUEUE_URL is not set")));
    }
}
