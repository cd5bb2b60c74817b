package com.agentmitra.archival;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.lambda.FunctionRegistrations;
import com.agentmitra.lambda.FunctionSelection;
import com.agentmitra.lambda.SnapStartPriming;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/** The archival function, registered functionally ({@code MAIN_CLASS} in {@code template.yaml}). */
public final class ArchivalFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        if (!FunctionSelection.wants("archival")) {
            return;
        }
        ArchivalConfig config = ArchivalConfig.fromEnvironment();
        HikariDataSource pool = ConnectionPool.create(DatabaseConfig.fromEnvironment());
        Database database = new Database(pool);
        ArchivalService service = new ArchivalService(database, new TenantDirectory(database),
                new ArchiveStore(AwsClients.s3(), config.bucket()), Clock.systemUTC(), config.rowsPerPart(),
                ArchivalService.allSources(), ArchivalService.Checkpoint.NONE);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        FunctionRegistrations.event(context, "archival", mapType, mapType, new ArchivalFunction(service));
        SnapStartPriming.register(() -> database.renderForTenant(new com.agentmitra.data.Tenant(new java.util.UUID(0, 0), "PRIME", "prime_schema"),
                tx -> tx.selectFrom(com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS).limit(1)),
                () -> ConnectionPool.closeIdleConnections(pool),
                () -> ConnectionPool.afterRestore(pool));
    }
}
