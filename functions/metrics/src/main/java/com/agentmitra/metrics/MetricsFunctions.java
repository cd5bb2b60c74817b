package com.agentmitra.metrics;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/** The nightly metrics function, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}). */
public final class MetricsFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants("metrics")) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        NightlyMetrics metrics = new NightlyMetrics(database, tenants::all);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        FunctionRegistrations.event(context, "metrics", mapType, mapType, new MetricsFunction(metrics, Clock.systemUTC()));
        SnapStartPriming.register(() -> database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.AGENT_DASHBOARD_METRICS).limit(1)),
                () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
