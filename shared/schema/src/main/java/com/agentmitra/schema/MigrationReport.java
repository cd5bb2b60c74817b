package com.agentmitra.schema;

import java.util.List;

/** What one run of {@link SchemaMigrator} applied: the shared pass, then one entry per tenant schema. */
public record MigrationReport(SchemaResult shared, List<SchemaResult> tenants) {

    public MigrationReport {
        tenants = List.copyOf(tenants);
    }

    /** Migrations applied in this run across all schemas (0 when everything was already up to date). */
    public int migrationsApplied() {
        return shared.migrationsApplied() + tenants.stream().mapToInt(SchemaResult::migrationsApplied).sum();
    }

    /** The outcome of one Flyway pass. */
    public record SchemaResult(String schema, int migrationsApplied, String version) {}
}
