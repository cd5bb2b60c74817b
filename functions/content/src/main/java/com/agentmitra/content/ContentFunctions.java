package com.agentmitra.content;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.Tenant;
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
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The content module's functions ({@code MAIN_CLASS} in {@code template.yaml}): {@code contentApi}, every route of
 * {@code /content*} ({@link ContentRoutes}); {@code contentUploadCheck}, the S3 {@code ObjectCreated} trigger under
 * {@code content/} ({@link UploadChecker}); {@code contentRollup}, the nightly schedule ({@link ContentRollup}). The
 * only class that calls constructors.
 */
public final class ContentFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String API = "contentApi";
    public static final String UPLOAD_CHECK = "contentUploadCheck";
    public static final String ROLLUP = "contentRollup";
    /** A tenant that exists nowhere: priming renders SQL for it and runs nothing. */
    private static final Tenant PRIME = new Tenant(new UUID(0, 0), "PRIME", "prime_schema");

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean api = FunctionSelection.wants(API);
        boolean check = FunctionSelection.wants(UPLOAD_CHECK);
        boolean rollup = FunctionSelection.wants(ROLLUP);
        if (!api && !check && !rollup) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        if (api || check) {
            ContentConfig config = ContentConfig.fromEnvironment(api);
            // the S3 clients and the SQS outbox are built by the first request that needs them, or by priming:
            // browsing, the commonest first request, needs none of them
            AwsClients.Lazy<S3Client> s3 = AwsClients.lazily(AwsClients::s3);
            AwsClients.Lazy<S3Presigner> presigner = AwsClients.lazily(AwsClients::s3Presigner);
            ContentStore store = new ContentStore(s3, presigner, config.bucket());
            if (api) {
                AwsClients.Lazy<SqsWhatsappOutbox> outbox = AwsClients.lazily(
                        () -> SqsWhatsappOutbox.to(config.whatsappOutboundQueueUrl()));
                ContentRoutes routes = new ContentRoutes(new Api(tenants, new Idempotency(database, clock)),
                        new ContentService(database, new ContentRepository(), store,
                                message -> outbox.get().send(message), config, clock));
                FunctionRegistrations.api(context, API, routes.function());
                SnapStartPriming.register(() -> {
                    Json.write(routes.describe());
                    database.renderForTenant(PRIME, tx -> tx.selectOne());
                    outbox.get();
                    presigner.get();
                }, () -> ConnectionPool.closeIdleConnections(pool),
                        () -> ConnectionPool.afterRestore(pool));
            }
            if (check) {
                FunctionRegistrations.event(context, UPLOAD_CHECK, mapType, mapType,
                        new UploadCheckFunction(new UploadChecker(database, tenants, store, config)));
                if (!api) {
                    SnapStartPriming.register(() -> {
                        database.renderForTenant(PRIME, tx -> tx.selectOne());
                        s3.get();
                    }, () -> ConnectionPool.closeIdleConnections(pool),
                            () -> ConnectionPool.afterRestore(pool));
                }
            }
        }
        if (rollup) {
            FunctionRegistrations.event(context, ROLLUP, mapType, mapType,
                    new ContentRollupFunction(new ContentRollup(database, tenants::all), clock));
            if (!api && !check) {
                SnapStartPriming.register(() -> database.renderForTenant(PRIME, tx -> tx.selectOne()),
                        () -> ConnectionPool.closeIdleConnections(pool),
                        () -> ConnectionPool.afterRestore(pool));
            }
        }
    }
}
