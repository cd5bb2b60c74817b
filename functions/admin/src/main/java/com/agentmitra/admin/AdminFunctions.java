package com.agentmitra.admin;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.SnapStartPriming;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The admin functions, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}): {@code adminApi}
 * (every administration route, see {@link AdminRoutes}) and {@code licenceExpiry} (EventBridge, daily, see
 * {@link LicenceExpiryFunction}). The only class that calls constructors.
 */
public final class AdminFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        boolean api = FunctionSelection.wants("adminApi");
        boolean licences = FunctionSelection.wants("licenceExpiry");
        if (!api && !licences) {
            return;
        }
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        Clock clock = Clock.systemUTC();
        if (api) {
            AdminRoutes routes = new AdminRoutes(new Api(tenants, new Idempotency(database, clock)),
                    new UserDirectory(database, clock), new AgentAdministration(database, clock),
                    new CallbackConfiguration(database), new TenantSettings(database), new AuditTrail(database),
                    new WhatsappTemplateList(database), new RoleGrants(database));
            FunctionRegistrations.api(context, "adminApi", routes.function());
        }
        if (licences) {
            AdminConfig config = AdminConfig.fromEnvironment();
            LicenceExpiry expiry = new LicenceExpiry(database, tenants,
                    SqsWhatsappOutbox.to(config.whatsappOutboundQueueUrl()), clock);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Map<String, Object>> mapType = (Class) Map.class;
            FunctionRegistrations.event(context, "licenceExpiry", mapType, mapType, new LicenceExpiryFunction(expiry));
        }
        SnapStartPriming.register(() -> database.renderForTenant(
                        new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                        tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.AGENTS).limit(1)),
                () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
