package com.agentmitra.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Runs every migration: first {@code migrations/shared} for the {@code shared} and {@code audit} schemas,
 * then {@code migrations/tenant} once for each active tenant schema listed in {@code shared.tenants}.
 *
 * <p>Tenant migrations are written once with the placeholders {@code ${tenant_schema}} and {@code ${tenant_id}};
 * each tenant schema keeps its own history table, so a new tenant is a row in {@code shared.tenants} plus one run.
 * Must run as the schema owner (never as the application role). Idempotent: a second run applies nothing.
 */
public final class SchemaMigrator {

    public static final String SHARED_LOCATION = "classpath:db/migration/shared";
    public static final String TENANT_LOCATION = "classpath:db/migration/tenant";
    public static final String HISTORY_TABLE = "flyway_schema_history";
    /** The role the functions act as; created by the first shared migration, owns nothing. */
    public static final String APP_ROLE = "agent_mitra_app";

    private static final String ACTIVE_TENANTS = """
            select tenant_id, tenant_code, schema_name
              from shared.tenants
             where schema_name is not null and status = 'active'
             order by tenant_code""";

    private final DataSource owner;

    public SchemaMigrator(DataSource owner) {
        this.owner = owner;
    }

    public MigrationReport migrate() {
        MigrateResult shared = Flyway.configure()
                .dataSource(owner)
                .schemas("shared", "audit")
                .defaultSchema("shared")
                .table(HISTORY_TABLE)
                .locations(SHARED_LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load()
                .migrate();
        grantHistoryReading("shared");

        List<MigrationReport.SchemaResult> tenantResults = new ArrayList<>();
        for (TenantSchema tenant : activeTenants()) {
            MigrateResult result = tenantFlyway(tenant).migrate();
            grantHistoryReading(tenant.schemaName());
            tenantResults.add(new MigrationReport.SchemaResult(
                    tenant.schemaName(), result.migrationsExecuted, versionOf(result)));
        }
        return new MigrationReport(
                new MigrationReport.SchemaResult("shared", shared.migrationsExecuted, versionOf(shared)),
                tenantResults);
    }

    /** The tenant schemas the tenant pass covers, in a stable order. */
    public List<TenantSchema> activeTenants() {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(ACTIVE_TENANTS)) {
            List<TenantSchema> tenants = new ArrayList<>();
            while (rows.next()) {
                tenants.add(new TenantSchema(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)));
            }
            return List.copyOf(tenants);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read shared.tenants", e);
        }
    }

    private Flyway tenantFlyway(TenantSchema tenant) {
        return Flyway.configure()
                .dataSource(owner)
                .schemas(tenant.schemaName())
                .defaultSchema(tenant.schemaName())
                .table(HISTORY_TABLE)
                .locations(TENANT_LOCATION)
                .placeholders(Map.of(
                        "tenant_schema", tenant.schemaName(),
                        "tenant_id", tenant.tenantId().toString(),
                        "tenant_code", tenant.code()))
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
    }

    private static String versionOf(MigrateResult result) {
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }

    /** The health check reports the schema version, so the application role may read the history tables. */
    private void grantHistoryReading(String schema) {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("grant select on " + schema + "." + HISTORY_TABLE + " to " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant reading of " + schema + "." + HISTORY_TABLE, e);
        }
    }
}
