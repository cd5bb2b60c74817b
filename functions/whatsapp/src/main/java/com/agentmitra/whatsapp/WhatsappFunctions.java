package com.agentmitra.whatsapp;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The WhatsApp functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}):
 * {@code whatsappSender} (SQS {@code whatsapp-outbound}), {@code whatsappWebhook} (GET/POST
 * {@code /webhooks/whatsapp}, onto SQS {@code whatsapp-inbound}) and {@code whatsappInbound} (SQS
 * {@code whatsapp-inbound}) and {@code whatsappTemplateSync} (the daily schedule, {@link TemplateSyncFunction}). The
 * only class that calls constructors.
 */
public final class WhatsappFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean sender = FunctionSelection.wants("whatsappSender");
        boolean webhook = FunctionSelection.wants("whatsappWebhook");
        boolean inbound = FunctionSelection.wants("whatsappInbound");
        boolean templateSync = FunctionSelection.wants("whatsappTemplateSync");
        if (!sender && !webhook && !inbound && !templateSync) {
            return;
        }
        // the template sync reads the business account's templates with the sender's token
        WhatsappConfig config = WhatsappConfig.fromEnvironment(id -> SecretsProvider.builder().build().get(id),
                sender || templateSync, webhook, inbound);
        String businessAccountId = templateSync ? TemplateSyncFunction.businessAccountId() : "";
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        if (sender) {
            FunctionRegistrations.event(context, "whatsappSender", SQSEvent.class, SQSBatchResponse.class,
                    senderFunction(config, database, tenants, clock));
        }
        if (webhook) {
            FunctionRegistrations.api(context, "whatsappWebhook", WebhookWiring.webhook(config, database, tenants, clock));
        }
        if (inbound) {
            FunctionRegistrations.event(context, "whatsappInbound", SQSEvent.class, SQSBatchResponse.class,
                    WebhookWiring.inbound(config, database, tenants, clock));
        }
        if (templateSync) {
            MetaTemplateList meta = new MetaTemplateList(config.apiBaseUrl(), config.apiVersion(), businessAccountId,
                    config.token(), config.requestTimeout(), clock);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "whatsappTemplateSync", mapType, mapType,
                    new TemplateSyncFunction(new TemplateSync(database, meta::readAll, clock)));
        }
        SnapStartPriming.register(() -> {
            MessageBody.sanitised("prime");
            if (templateSync) {
                MetaTemplateList.parse("{\"data\":[{\"name\":\"prime\",\"language\":\"en\",\"status\":\"APPROVED\"}]}");
                TemplateSync.status("APPROVED", java.util.Optional.empty());
            }
        }, () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }

    static SenderFunction senderFunction(WhatsappConfig config, Database database, TenantDirectory tenants,
            Clock clock) {
        SenderService service = new SenderService(database, tenants, new OutboxRepository(),
                new HttpGraphApi(config.messagesEndpoint(), config.token(), config.requestTimeout()),
                new SendPacer(database, config.phoneNumberId(), config.messagesPerSecond()), config,
                TenantQuietHours.fromSettings(), clock);
        Optional<String> queueUrl = config.outboundQueueUrl();
        SqsClient sqs = queueUrl.isPresent() ? AwsClients.sqs() : null;
        SenderFunction.Redelivery redelivery = queueUrl.<SenderFunction.Redelivery>map(url -> (handle, delay) ->
                sqs.changeMessageVisibility(request -> request.queueUrl(url).receiptHandle(handle)
                        .visibilityTimeout((int) delay.toSeconds()))).orElse((handle, delay) -> { });
        SenderFunction.Requeue requeue = queueUrl.<SenderFunction.Requeue>map(url -> (body, delay) ->
                sqs.sendMessage(request -> request.queueUrl(url).messageBody(body)
                        .delaySeconds((int) delay.toSeconds()))).orElse((body, delay) -> {
                            throw new IllegalStateException("WHATSAPP_OUTBOUND_QUEUE_URL is not set");
                        });
        return new SenderFunction(service, redelivery, requeue, config.unknownGrace(),
                config.requestTimeout().plus(Duration.ofSeconds(5)));
    }
}
