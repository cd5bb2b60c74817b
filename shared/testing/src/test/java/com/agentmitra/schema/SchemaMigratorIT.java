package com.agentmitra.schema;

import static com.agentmitra.data.jooq.audit.Tables.AUDIT_LOG;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.Fixtures.Agent;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchemaMigratorIT {

    private final TestDatabase db = TestDatabase.get();
    private final Fixtures fixtures = new Fixtures(db);

    @Test
    void migratingAgainAppliesNothing() {
        MigrationReport again = new SchemaMigrator(db.owner()).migrate();

        assertThat(again.migrationsApplied()).isZero();
        assertThat(again.tenants()).extracting(MigrationReport.SchemaResult::schema)
                .containsExactlyInAnyOrder("lic_schema", "hdfc_schema", "icici_schema");
    }

    @Test
    void everyActiveTenantHasItsOwnSchemaAtTheSameVersion() {
        MigrationReport report = new SchemaMigrator(db.owner()).migrate();

        assertThat(report.tenants()).extracting(MigrationReport.SchemaResult::version).containsOnly(
                report.tenants().getFirst().version());
    }

    @Test
    void theApplicationRoleOwnsNoTable() {
        long owned = DSL.using(db.owner(), SQLDialect.POSTGRES).fetchSingle("""
                select count(*) from pg_tables
                 where tableowner in ('agent_mitra_app', ?) and schemaname in ('shared', 'audit', 'lic_schema')""",
                TestDatabase.APP_USER).get(0, Long.class);

        assertThat(owned).isZero();
    }

    @Test
    void rowLevelSecurityIsForcedOnEveryTenantTable() {
        var unprotected = DSL.using(db.owner(), SQLDialect.POSTGRES).fetch("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'lic_schema' and c.relkind in ('r', 'p')
                   and c.relname <> 'flyway_schema_history'
                   and not (c.relrowsecurity and c.relforcerowsecurity)""").getValues(0, String.class);

        assertThat(unprotected).isEmpty();
    }

    @Nested
    class Auditing {

        @Test
        void aWriteByTheApplicationIsAuditedWithWhoMadeIt() {
            Agent agent = fixtures.agent().create();

            UUID customer = db.database().inTransaction(agent.caller(), tx -> tx.insertInto(POLICYHOLDERS)
                    .set(POLICYHOLDERS.AGENT_ID, agent.agentId())
                    .set(POLICYHOLDERS.FIRST_NAME, "Audited")
                    .returning(POLICYHOLDERS.POLICYHOLDER_ID)
                    .fetchOne(POLICYHOLDERS.POLICYHOLDER_ID));

            var entry = DSL.using(db.owner(), SQLDialect.POSTGRES).selectFrom(AUDIT_LOG)
                    .where(AUDIT_LOG.TABLE_NAME.eq("policyholders"))
                    .and(AUDIT_LOG.RECORD_ID.eq(customer.toString()))
                    .fetchOne();
            assertThat(entry).isNotNull();
            assertThat(entry.getAction()).isEqualTo("INSERT");
            assertThat(entry.getChangedBy()).isEqualTo(agent.userId());
            assertThat(entry.getSchemaName()).isEqualTo("lic_schema");
        }

        @Test
        void passwordHashesNeverReachTheAuditLog() {
            Agent agent = fixtures.agent().create();
            db.ownerDsl(agent.tenant()).update(USERS)
                    .set(USERS.PASSWORD_HASH, "$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash")
                    .where(USERS.USER_ID.eq(agent.userId()))
                    .execute();

            String logged = DSL.using(db.owner(), SQLDialect.POSTGRES).fetchSingle("""
                    select string_agg(coalesce(old_values::text, '') || coalesce(new_values::text, ''), ' ')
                      from audit.audit_log where table_name = 'users' and record_id = ?""",
                    agent.userId().toString()).get(0, String.class);
            assertThat(logged).doesNotContain("argon2id").doesNotContain("password_hash");
        }

        @Test
        void theApplicationRoleCannotReadOrRewriteTheAuditLog() {
            assertThatThrownBy(() -> run("select count(*) from audit.audit_log")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> run("delete from audit.audit_log")).hasMessageContaining("permission denied");
        }

        private void run(String sql) throws SQLException {
            try (Connection connection = db.app().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
