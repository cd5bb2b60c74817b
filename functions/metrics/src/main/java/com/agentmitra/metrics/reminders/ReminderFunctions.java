package com.agentmitra.metrics.reminders;

import com.agentmitra.config.Env;
import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
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
 * The daily premium reminders and lapse tracking function, registered functionally ({@code MAIN_CLASS} in
 * {@code template.yaml}); needs {@code WHATSAPP_OUTBOUND_QUEUE_URL}.
 */
public final class ReminderFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants("reminders")) {
            return;
        }
        Env.Reader env = Env.reader();
        String queueUrl = env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE);
        env.validate();
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        TenantDirectory tenants = new TenantDirectory(database);
        ReminderService service = new ReminderService(database, tenants::all, SqsWhatsappOutbox.to(queueUrl),
                Clock.systemUTC());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        FunctionRegistrations.event(context, "reminders", mapType, mapType, new RemindersFunction(service));
        SnapStartPriming.register(() -> database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.PREMIUM_PAYMENTS).limit(1)),
                () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
