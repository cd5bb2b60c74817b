package com.agentmitra.data;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * visible_agent_ids() keeps its answer for the rest of the transaction (tenant V207): a hierarchy changed in the
     * transaction, or another caller's settings set in it, must still get their own answer.
     */
    @Nested
    class TheVisibleAgentsKeptForTheTransaction {

        /** Thrown to roll a transaction back after its assertions held. */
        private static final class RolledBack extends RuntimeException {}

        private List<UUID> customers(org.jooq.DSLContext tx) {
            return tx.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS).fetch(POLICYHOLDERS.POLICYHOLDER_ID);
        }

        @Test
        void followAnAgentMovedIntoTheTeamInTheSameTransaction() {
            Agent senior = fixtures.agent().senior().create();
            Agent outsider = fixtures.agent().create();
            UUID outsidersCustomer = fixtures.policyholder().of(outsider).create();

            assertThatThrownBy(() -> db.database().inTransaction(senior.caller(), tx -> {
                assertThat(customers(tx)).doesNotContain(outsidersCustomer);
                tx.update(AGENTS).set(AGENTS.PARENT_AGENT_ID, senior.agentId())
                        .where(AGENTS.AGENT_ID.eq(outsider.agentId())).execute();
                assertThat(customers(tx)).contains(outsidersCustomer);
                tx.update(AGENTS).set(AGENTS.PARENT_AGENT_ID, (UUID) null)
                        .where(AGENTS.AGENT_ID.eq(outsider.agentId())).execute();
                assertThat(customers(tx)).doesNotContain(outsidersCustomer);
                throw new RolledBack();
            })).isInstanceOf(RolledBack.class);
        }

        @Test
        void areNotAnotherCallersWhenTheSettingsChangeInTheTransaction() {
            Agent senior = fixtures.agent().senior().create();
            Agent junior = fixtures.agent().under(senior).create();
            UUID teamCustomer = fixtures.policyholder().of(junior).create();

            db.database().inTransaction(senior.caller(), tx -> {
                assertThat(customers(tx)).contains(teamCustomer).doesNotContain(customerOfA);
                tx.fetch("select set_config('app.user_id', ?, true), set_config('app.user_role', 'junior_agent', true)",
                        agentA.userId().toString());
                assertThat(customers(tx)).contains(customerOfA).doesNotContain(teamCustomer);
                tx.fetch("select set_config('app.user_id', ?, true), set_config('app.user_role', 'senior_agent', true)",
                        senior.userId().toString());
                assertThat(customers(tx)).contains(teamCustomer).doesNotContain(customerOfA);
                return null;
            });
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
