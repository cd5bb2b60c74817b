package com.agentmitra.whatsapp;

import com.agentmitra.data.Database;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.domain.callbacks.WhatsappInboundCallbacks;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.agentmitra.messaging.WhatsappOutbox;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;

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

    /**
     * The inbound consumer; with {@code MEDIA_BUCKET} set it also downloads the media customers send into that
     * private bucket ({@link InboundMediaStore}, with the Graph API token: {@link WhatsappConfig#mediaBucket()}).
     */
    static InboundFunction inbound(WhatsappConfig config, Database database, TenantDirectory tenants, Clock clock) {
        Optional<InboundMediaStore> media = config.mediaBucket().map(bucket -> new InboundMediaStore(database, tenants,
                AwsClients.s3(), bucket, mediaHttpClient(config), config.apiBaseUrl(), config.apiVersion(),
                config.token(), config.requestTimeout()));
        return new InboundFunction(service(database, tenants, outbox(config), clock), media, clock);
    }

    /**
     * Never follows redirects: {@link InboundMediaStore} checks the download link's host itself, and a redirect
     * would take the token's request somewhere it did not check.
     */
    private static HttpClient mediaHttpClient(WhatsappConfig config) {
        return HttpClient.newBuilder().connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
