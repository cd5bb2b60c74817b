package com.agentmitra.conversations;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SnapStartPriming;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The conversations module's one function, {@code conversationsApi} ({@code MAIN_CLASS} in {@code template.yaml}):
 * every route of {@code /conversations}, {@code /policyholders/{id}/messages*}, {@code /policyholders/{id}/notes} and
 * {@code /canned-replies*}, dispatched by {@link ConversationRoutes}. The only class that calls constructors.
 */
public final class ConversationFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String FUNCTION = "conversationsApi";

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants(FUNCTION)) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        Clock clock = Clock.systemUTC();
        ConversationsConfig config = ConversationsConfig.fromEnvironment();
        ConversationRepository repository = new ConversationRepository();
        // the SQS client (a reply) and the S3 presigner (a thread with media) are built by the first request that
        // needs them, or by priming: the inbox, most cold starts' first request, needs neither
        AwsClients.Lazy<SqsWhatsappOutbox> outbox = AwsClients.lazily(
                () -> SqsWhatsappOutbox.to(config.whatsappOutboundQueueUrl()));
        AwsClients.Lazy<MediaLinks> links = AwsClients.lazily(() -> config.mediaBucket()
                .map(bucket -> MediaLinks.presigned(AwsClients.s3Presigner(), bucket, clock))
                .orElseGet(MediaLinks::none));
        ConversationRoutes routes = new ConversationRoutes(
                new Api(new TenantDirectory(database), new Idempotency(database, clock)),
                new ConversationService(database, repository, message -> outbox.get().send(message),
                        (key, media) -> links.get().link(key, media), clock),
                new CannedReplyService(database, repository));
        FunctionRegistrations.api(context, FUNCTION, routes.function());
        SnapStartPriming.register(() -> {
            Json.write(routes.describe());
            // renders (never runs) an inbox-like query, newest first
            var conversations = com.agentmitra.data.jooq.tenant.Tables.CONVERSATIONS;
            database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                    tx -> tx.selectFrom(conversations).where(conversations.AGENT_ID.eq(new java.util.UUID(0, 0)))
                            .orderBy(conversations.LAST_SEQUENCE.desc(), conversations.CONVERSATION_ID.desc()).limit(26));
            outbox.get();
            links.get();
        }, () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
