package com.agentmitra.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A new insurer is a row in shared.tenants plus one migrate run (migrations/README.md, "Adding a tenant"). On a
 * database of its own, so the shared test database keeps exactly the three seeded tenants.
 */
class AddingATenantIT {

    @Test
    void aNewTenantRowGetsItsOwnFullyMigratedProtectedSchemaOnTheNextRun() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            SchemaMigrator migrator = new SchemaMigrator(postgres.getPostgresDatabase());
            MigrationReport first = migrator.migrate();
            DSLContext owner = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
            UUID tenantId = UUID.fromString("10000000-0000-4000-8000-0000000000aa");
            owner.execute("""
                    insert into shared.tenants (tenant_id, tenant_code, tenant_name, tenant_type, schema_name, status)
                    values (?, 'TEST_LIFE', 'Test Life Insurance', 'insurance_provider', 'test_life_schema', 'active')""",
                    tenantId);

            MigrationReport second = migrator.migrate();

            assertThat(second.tenants()).extracting(MigrationReport.SchemaResult::schema).contains("test_life_schema");
            MigrationReport.SchemaResult added = second.tenants().stream()
                    .filter(result -> result.schema().equals("test_life_schema")).findFirst().orElseThrow();
            assertThat(added.version()).isEqualTo(first.tenants().getFirst().version());
            assertThat(second.tenants().stream().filter(result -> !result.schema().equals("test_life_schema"))
                    .mapToInt(MigrationReport.SchemaResult::migrationsApplied).sum()).isZero();
            Long unprotected = owner.fetchSingle("""
                    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname = 'test_life_schema' and c.relkind in ('r', 'p')
                       and c.relname <> 'flyway_schema_history'
                       and not (c.relrowsecurity and c.relforcerowsecurity)""").get(0, Long.class);
            assertThat(unprotected).isZero();
            String defaultTenant = owner.fetchSingle("""
                    select column_default from information_schema.columns
                     where table_schema = 'test_life_schema' and table_name = 'policyholders' and column_name = 'tenant_id'""")
                    .get(0, String.class);
            assertThat(defaultTenant).contains(tenantId.toString());
        }
    }
}
