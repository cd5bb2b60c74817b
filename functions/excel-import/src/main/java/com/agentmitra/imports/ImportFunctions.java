package com.agentmitra.imports;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The import module's functions ({@code MAIN_CLASS} in {@code template.yaml}): {@code imports}, the {@code /imports}
 * routes, and {@code importUpload}, the S3 {@code ObjectCreated} trigger that runs an uploaded file.
 */
public final class ImportFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String API = "imports";
    public static final String UPLOAD = "importUpload";

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean api = FunctionSelection.wants(API);
        boolean upload = FunctionSelection.wants(UPLOAD);
        if (!api && !upload) {
            return;
        }
        ImportsConfig config = ImportsConfig.fromEnvironment(api);
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        UploadStore store = new UploadStore(AwsClients.s3(), AwsClients.s3Presigner(), config.bucket());
        ImportRepository jobs = new ImportRepository();
        Clock clock = Clock.systemUTC();
        if (api) {
            ImportRoutes routes = new ImportRoutes(new Api(tenants, new Idempotency(database, clock)),
                    new ImportService(database, jobs, store, config, clock));
            FunctionRegistrations.api(context, API, routes.function());
            SnapStartPriming.register(() -> {
                Json.write(routes.describe());
                // renders (never runs) a page of the caller's import jobs
                var importJobs = com.agentmitra.data.jooq.tenant.Tables.IMPORT_JOBS;
                database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                        tx -> tx.selectFrom(importJobs).orderBy(importJobs.CREATED_AT.desc()).limit(26));
            }, () -> ConnectionPool.closeIdleConnections(pool),
                    () -> ConnectionPool.afterRestore(pool));
        }
        if (upload) {
            ImportRunner runner = new ImportRunner(database, tenants, jobs, store, config, clock,
                    ImportRunner.Checkpoint.NONE);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, UPLOAD, mapType, mapType, new UploadedFunction(runner));
            SnapStartPriming.register(() -> database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                    tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.IMPORT_RECORDS).limit(1)),
                    () -> ConnectionPool.closeIdleConnections(pool),
                    () -> ConnectionPool.afterRestore(pool));
        }
    }
}
