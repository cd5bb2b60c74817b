package com.agentmitra.reports;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The reports functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}): {@code reportsApi}
 * (every route of {@link ReportsRoutes}). The only class that calls constructors.
 */
public final class ReportsFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants("reportsApi")) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        ReportsRoutes routes = new ReportsRoutes(new Api(tenants, new Idempotency(database, clock)),
                new Performance(database), new CallbackMetrics(database), clock);
        FunctionRegistrations.api(context, "reportsApi", routes.function());
        SnapStartPriming.register(() -> database.renderForTenant(
                        new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                        tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.AGENT_PERFORMANCE).limit(1)),
                () -> ConnectionPool.closeIdleConnections(pool));
    }
}
