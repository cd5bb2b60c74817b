package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackNotifications;
import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.domain.callbacks.WhatsappCallbackNotifications;
import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.SnapStartPriming;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The callbacks functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}): {@code callbacksApi}
 * (every callback route, see {@link CallbackRoutes}) and {@code callbackSweeper} (EventBridge, every 5 minutes, see
 * {@link CallbackSweeperFunction}).
 * The only class that calls constructors.
 */
public final class CallbackFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean api = FunctionSelection.wants("callbacksApi");
        boolean sweeper = FunctionSelection.wants("callbackSweeper");
        if (!api && !sweeper) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        CallbacksConfig config = CallbacksConfig.fromEnvironment();
        // the SQS client is built by the first notice sent (or by priming), not by a cold start that lists callbacks
        AwsClients.Lazy<SqsWhatsappOutbox> outbox = AwsClients.lazily(
                () -> SqsWhatsappOutbox.to(config.whatsappOutboundQueueUrl()));
        CallbackNotifications notifications = new WhatsappCallbackNotifications(
                message -> outbox.get().send(message), clock);
        CallbackRepository repository = new CallbackRepository();
        CallbackService service = new CallbackService(database, repository, notifications, clock);
        if (api) {
            CallbackRoutes routes = new CallbackRoutes(new Api(tenants, new Idempotency(database, clock)), service);
            FunctionRegistrations.api(context, "callbacksApi", routes.function());
        }
        if (sweeper) {
            CallbackSweeper sweep = new CallbackSweeper(database, tenants, repository, service, notifications, clock);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "callbackSweeper", mapType, mapType, new CallbackSweeperFunction(sweep));
        }
        SnapStartPriming.register(() -> {
            database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                    tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS).limit(1));
            outbox.get();
        }, () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
