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
import java.util.List;
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
        void aStatementOverManyRowsRecordsEachRowWithItsOwnImagesAndOnlyTheRowsThatChanged() {
            Agent agent = fixtures.agent().create();
            String tag = UUID.randomUUID().toString().substring(0, 8);
            var p = POLICYHOLDERS;

            List<UUID> ids = db.database().inTransaction(agent.caller(), tx -> tx.insertInto(p, p.AGENT_ID,
                            p.FIRST_NAME, p.LAST_NAME)
                    .values(agent.agentId(), "Asha", tag + "-a")
                    .values(agent.agentId(), "Ravi", tag + "-b")
                    .values(agent.agentId(), "Meena", tag + "-c")
                    .returning(p.POLICYHOLDER_ID).fetch(p.POLICYHOLDER_ID));
            // one statement: two rows get a new last name each, the third is written unchanged, one other row is
            // not touched at all
            db.database().inTransaction(agent.caller(), tx -> tx.update(p)
                    .set(p.LAST_NAME, DSL.when(p.FIRST_NAME.eq("Meena"), p.LAST_NAME).otherwise(p.LAST_NAME.concat("-new")))
                    .where(p.POLICYHOLDER_ID.in(ids))
                    .execute());
            db.database().inTransaction(agent.caller(), tx -> tx.update(p).set(p.FIRST_NAME, p.FIRST_NAME)
                    .where(p.POLICYHOLDER_ID.eq(ids.get(2))).execute());
            db.database().inTransaction(agent.caller(), tx -> tx.deleteFrom(p).where(p.POLICYHOLDER_ID.eq(ids.get(1)))
                    .execute());

            var audit = DSL.using(db.owner(), SQLDialect.POSTGRES);
            var updates = audit.selectFrom(AUDIT_LOG).where(AUDIT_LOG.TABLE_NAME.eq("policyholders"),
                    AUDIT_LOG.RECORD_ID.in(ids.get(0).toString(), ids.get(1).toString()), AUDIT_LOG.ACTION.eq("UPDATE"))
                    .fetchMap(AUDIT_LOG.RECORD_ID);
            assertThat(updates).hasSize(2);
            for (int i = 0; i < 2; i++) {
                var row = updates.get(ids.get(i).toString());
                String last = tag + "-" + (char) ('a' + i);
                assertThat(row.getChangedColumns()).contains("last_name");
                assertThat(row.getOldValues().data()).contains("\"last_name\": \"" + last + "\"");
                assertThat(row.getNewValues().data()).contains("\"last_name\": \"" + last + "-new\"");
                assertThat(row.getChangedBy()).isEqualTo(agent.userId());
                assertThat(row.getChangedByRole()).isEqualTo(agent.caller().role().sqlName());
            }
            // Meena's row, written twice unchanged: only updated_at moved (stamped by the timestamps trigger)
            var meena = audit.selectFrom(AUDIT_LOG).where(AUDIT_LOG.RECORD_ID.eq(ids.get(2).toString()),
                    AUDIT_LOG.ACTION.eq("UPDATE")).fetch();
            assertThat(meena).hasSize(2).allSatisfy(row -> assertThat(row.getChangedColumns()).doesNotContain(
                    "last_name", "first_name"));
            assertThat(audit.fetchCount(AUDIT_LOG, AUDIT_LOG.RECORD_ID.in(ids.stream().map(UUID::toString).toList()),
                    AUDIT_LOG.ACTION.eq("INSERT"))).isEqualTo(3);
            var deleted = audit.selectFrom(AUDIT_LOG).where(AUDIT_LOG.RECORD_ID.eq(ids.get(1).toString()),
                    AUDIT_LOG.ACTION.eq("DELETE")).fetchOne();
            assertThat(deleted).isNotNull();
            assertThat(deleted.getNewValues()).isNull();
            assertThat(deleted.getOldValues().data()).contains("\"first_name\": \"Ravi\"");
        }

        @Test
        void aBulkUpdatePairsEveryRowsOldAndNewImage() {
            Agent agent = fixtures.agent().create();
            String tag = UUID.randomUUID().toString().substring(0, 8);
            var p = POLICYHOLDERS;
            int rows = 250; // above the 100 rows up to which the function pairs images without a join

            List<UUID> ids = db.database().inTransaction(agent.caller(), tx -> tx.insertInto(p, p.AGENT_ID,
                            p.FIRST_NAME, p.LAST_NAME)
                    .select(DSL.select(DSL.val(agent.agentId()), DSL.val("Bulk"),
                                    DSL.val(tag + "-").concat(DSL.field("i", Integer.class)))
                            .from(DSL.generateSeries(1, rows).as("s", "i")))
                    .returning(p.POLICYHOLDER_ID).fetch(p.POLICYHOLDER_ID));
            db.database().inTransaction(agent.caller(), tx -> tx.update(p).set(p.LAST_NAME, p.LAST_NAME.concat("-new"))
                    .where(p.POLICYHOLDER_ID.in(ids)).execute());

            var audit = DSL.using(db.owner(), SQLDialect.POSTGRES);
            var updates = audit.selectFrom(AUDIT_LOG).where(AUDIT_LOG.TABLE_NAME.eq("policyholders"),
                    AUDIT_LOG.RECORD_ID.in(ids.stream().map(UUID::toString).toList()), AUDIT_LOG.ACTION.eq("UPDATE"))
                    .fetch();
            assertThat(updates).hasSize(rows).allSatisfy(row -> {
                var oldName = java.util.regex.Pattern.compile("\"last_name\": \"([^\"]*)\"")
                        .matcher(row.getOldValues().data()).results().findFirst().orElseThrow().group(1);
                assertThat(oldName).startsWith(tag + "-").doesNotEndWith("-new");
                assertThat(row.getNewValues().data()).contains("\"last_name\": \"" + oldName + "-new\"");
                assertThat(row.getOldValues().data()).contains("\"policyholder_id\": \"" + row.getRecordId() + "\"");
                assertThat(row.getChangedColumns()).contains("last_name");
            });
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
