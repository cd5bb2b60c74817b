package com.agentmitra.data;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.Fixtures.Agent;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Row level security is the backstop when application code forgets a filter: these queries deliberately have
 * none, and run as the application role the functions use.
 */
class RowLevelSecurityIT {

    static TestDatabase db;
    static Fixtures fixtures;
    static Agent agentA;
    static Agent agentB;
    static UUID customerOfA;
    static UUID customerOfB;

    @BeforeAll
    static void twoAgentsWithCustomers() {
        db = TestDatabase.get();
        fixtures = new Fixtures(db);
        agentA = fixtures.agent().named("Asha").create();
        agentB = fixtures.agent().named("Bharat").create();
        customerOfA = fixtures.policyholder().of(agentA).create();
        customerOfB = fixtures.policyholder().of(agentB).create();
    }

    @Nested
    class AnAgentsSession {

        @Test
        void seesNoneOfAnotherAgentsPolicyholdersEvenWithAnUnfilteredQuery() {
            List<UUID> visible = db.database().inTransaction(agentA.caller(),
                    tx -> tx.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS).fetch(POLICYHOLDERS.POLICYHOLDER_ID));

            assertThat(visible).contains(customerOfA).doesNotContain(customerOfB);
        }

        @Test
        void cannotReadAnotherAgentsPolicyholderById() {
            int found = db.database().inTransaction(agentA.caller(),
                    tx -> tx.fetchCount(POLICYHOLDERS, POLICYHOLDERS.POLICYHOLDER_ID.eq(customerOfB)));

            assertThat(found).isZero();
        }

        @Test
        void cannotMoveAnotherAgentsPolicyholder() {
            int updated = db.database().inTransaction(agentA.caller(), tx -> tx.update(POLICYHOLDERS)
                    .set(POLICYHOLDERS.AGENT_ID, agentA.agentId())
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(customerOfB))
                    .execute());

            assertThat(updated).isZero();
        }
    }

    @Nested
    class ASeniorAgent {

        @Test
        void seesTheirSubAgentsCustomersToAnyDepth() {
            Agent senior = fixtures.agent().senior().create();
            Agent junior = fixtures.agent().under(senior).create();
            Agent juniorsJunior = fixtures.agent().under(junior).create();
            UUID deepCustomer = fixtures.policyholder().of(juniorsJunior).create();

            List<UUID> visible = db.database().inTransaction(senior.caller(),
                    tx -> tx.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS).fetch(POLICYHOLDERS.POLICYHOLDER_ID));

            assertThat(visible).contains(deepCustomer).doesNotContain(customerOfA, customerOfB);
        }
    }

    @Nested
    class WithoutTenantSettings {

        @Test
        void theApplicationRoleSeesNoTenantRowsAtAll() throws SQLException {
            try (Connection connection = db.app().getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select count(*) from lic_schema.policyholders")) {
                rows.next();

                assertThat(rows.getLong(1)).isZero();
            }
            try (Connection owner = db.owner().getConnection(); Statement statement = owner.createStatement();
                    ResultSet rows = statement.executeQuery("select count(*) from lic_schema.policyholders")) {
                rows.next();

                assertThat(rows.getLong(1)).as("the rows exist").isGreaterThanOrEqualTo(2);
            }
        }

        @Test
        void settingsDoNotOutliveTheirTransaction() throws SQLException {
            db.database().inTransaction(agentA.caller(), tx -> tx.fetchCount(POLICYHOLDERS));

            try (Connection connection = db.app().getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "select coalesce(current_setting('app.tenant_id', true), ''), count(*) from lic_schema.policyholders")) {
                rows.next();

                assertThat(rows.getString(1)).isEmpty();
                assertThat(rows.getLong(2)).isZero();
            }
        }
    }

    @Nested
    class AnotherTenantsCaller {

        @Test
        void seesNothingInThisTenantsSchemaEvenByNamingIt() throws SQLException {
            Agent hdfcAgent = fixtures.agent().inTenant(db.hdfc()).create();

            long count = db.database().inTransaction(hdfcAgent.caller(), tx ->
                    tx.fetchSingle("select count(*) from lic_schema.policyholders").get(0, Long.class));

            assertThat(count).isZero();
        }
    }
}
