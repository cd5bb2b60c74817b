package com.agentmitra.platform;

import com.agentmitra.schema.MigrationReport;
import com.agentmitra.schema.SchemaMigrator;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

/** Brings every schema up to date (shared and audit, then each tenant) and prepares the application login. */
final class MigrateService {

    private static final Logger log = LoggerFactory.getLogger(MigrateService.class);

    private final DataSource owner;
    private final Optional<AppLoginRole> appLogin;

    MigrateService(DataSource owner, Optional<AppLoginRole> appLogin) {
        this.owner = owner;
        this.appLogin = appLogin;
    }

    MigrationReport migrate() {
        MigrationReport report = new SchemaMigrator(owner).migrate();
        appLogin.ifPresent(login -> login.ensure(owner));
        log.info("Schemas migrated", entry("migrationsApplied", report.migrationsApplied()),
                entry("sharedVersion", report.shared().version()), entry("tenantSchemas", report.tenants().size()));
        return report;
    }
}
