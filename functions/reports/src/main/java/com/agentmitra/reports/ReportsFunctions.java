package com.agentmitra.reports;

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
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The reports functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}): {@code reportsApi}
 * (every route of {@link ReportsRoutes}), {@code reportWriter} (SQS {@code reports}, {@link ReportWriterFunction})
 * and {@code reportSweeper} (the daily schedule, {@link ReportSweeperFunction}). The only class that calls
 * constructors.
 */
public final class ReportsFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean api = FunctionSelection.wants("reportsApi");
        boolean writer = FunctionSelection.wants("reportWriter");
        boolean sweeper = FunctionSelection.wants("reportSweeper");
        if (!api && !writer && !sweeper) {
            return;
        }
        ReportsConfig config = ReportsConfig.fromEnvironment(api);
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        // the writer and the sweeper use S3 on every run; the API never (it presigns, with its own presigner)
        S3Client s3 = writer || sweeper ? AwsClients.s3() : null;
        // the API's SQS client (a new report) and presigner (a download link) are built by the first request that
        // needs them, or by priming: reading the dashboard or a report's status needs neither
        AwsClients.Lazy<SqsClient> sqsClient = AwsClients.lazily(AwsClients::sqs);
        AwsClients.Lazy<S3Presigner> presignerClient = AwsClients.lazily(AwsClients::s3Presigner);
        if (api) {
            Reports.Queue queue = (tenantId, reportId) -> sqsClient.get().sendMessage(request -> request
                    .queueUrl(config.queueUrl())
                    .messageBody(Json.write(Map.of("tenantId", tenantId, "reportId", reportId))));
            Reports.Links links = (key, fileName) -> presignerClient.get().presignGetObject(p -> p
                    .signatureDuration(config.linkValidity())
                    .getObjectRequest(get -> get.bucket(config.bucket()).key(key)
                            .responseContentDisposition("attachment; filename=\"" + fileName + "\"")))
                    .url().toString();
            ReportsRoutes routes = new ReportsRoutes(new Api(tenants, new Idempotency(database, clock)),
                    new Performance(database), new CallbackMetrics(database),
                    new Reports(database, queue, links, clock), new Dashboard(database), new AppEvents(database, clock),
                    clock);
            FunctionRegistrations.api(context, "reportsApi", routes.function());
        }
        if (writer) {
            FunctionRegistrations.event(context, "reportWriter", SQSEvent.class, SQSBatchResponse.class,
                    new ReportWriterFunction(tenants, new ReportWriter(database, s3, config, clock)));
        }
        if (sweeper) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "reportSweeper", mapType, mapType,
                    new ReportSweeperFunction(new ReportSweeper(database, tenants::all, s3, config.bucket())));
        }
        SnapStartPriming.register(() -> {
            database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                    tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.AGENT_PERFORMANCE).limit(1));
            if (api) {
                sqsClient.get();
                presignerClient.get();
            }
        }, () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
