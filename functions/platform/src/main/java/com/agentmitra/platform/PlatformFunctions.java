package com.agentmitra.platform;

import com.agentmitra.config.Env;
import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The platform functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}):
 * {@code health} ({@code GET /health}) and {@code migrate} (Flyway; custom resource or direct invoke).
 */
public final class PlatformFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        if (FunctionSelection.wants("health")) {
            HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
            Database database = new Database(pool);
            HealthService health = new HealthService(database);
            Api api = Api.withoutCallers();
            FunctionRegistrations.api(context, "health", healthRoutes(api, health).function());
            SnapStartPriming.register(() -> {
                Json.write(Health.up("0"));
                // renders (never runs) a tenant query so jOOQ's rendering and mapping classes are in the snapshot
                database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                        tx -> tx.selectOne());
            }, () -> ConnectionPool.closeIdleConnections(pool),
                    () -> ConnectionPool.afterRestore(pool));
        }
        if (FunctionSelection.wants("migrate")) {
            // Flyway holds a second connection for its schema-history lock while it migrates
            HikariDataSource owner = ConnectionPool.create(DatabaseConfig.fromEnvironment().withAtLeast(2));
            Optional<AppLoginRole> appLogin = Env.get("APP_DB_USER")
                    .map(user -> new AppLoginRole(user, Env.get("APP_DB_IAM_AUTH").map(Boolean::parseBoolean).orElse(false)));
            MigrateFunction migrate = new MigrateFunction(new MigrateService(owner, appLogin), new CustomResourceResponder());
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "migrate", mapType, mapType, migrate);
        }
    }

    /** The health function's one route, on the shared router like every API function. */
    static Router healthRoutes(Api api, HealthService health) {
        return new Router().route("GET", "/health", api.open(request -> ApiResponse.ok(health.check())));
    }
}
