package com.agentmitra.data;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.testing.AgentMitraTest;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.Fixtures.Agent;
import com.agentmitra.testing.TestDatabase;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** One piece of repository code, two tenants: each caller's SQL goes to its own tenant's schema. */
@AgentMitraTest
class TenantSchemaMappingIT {

    private final TestDatabase db;
    private final Fixtures fixtures;

    TenantSchemaMappingIT(TestDatabase db, Fixtures fixtures) {
        this.db = db;
        this.fixtures = fixtures;
    }

    /** The kind of code a repository holds: no schema, no tenant in sight. */
    private static List<String> customerNames(DSLContext tx) {
        return tx.select(POLICYHOLDERS.FIRST_NAME).from(POLICYHOLDERS).fetch(POLICYHOLDERS.FIRST_NAME);
    }

    @Test
    void theSameRepositoryCodeReadsLicAndHdfcFromTheirOwnSchemas() {
        Agent licAgent = fixtures.agent().inTenant(db.lic()).create();
        Agent hdfcAgent = fixtures.agent().inTenant(db.hdfc()).create();
        fixtures.policyholder().of(licAgent).named("Lakshmi").create();
        fixtures.policyholder().of(hdfcAgent).named("Harpreet").create();

        List<String> lic = db.database().inTransaction(licAgent.caller(), TenantSchemaMappingIT::customerNames);
        List<String> hdfc = db.database().inTransaction(hdfcAgent.caller(), TenantSchemaMappingIT::customerNames);

        assertThat(lic).containsExactly("Lakshmi");
        assertThat(hdfc).containsExactly("Harpreet");
    }

    @Test
    void sqlNamesTheCallersTenantSchema() {
        String lic = db.database().renderForTenant(db.lic(), tx -> tx.deleteFrom(POLICYHOLDERS));
        String hdfc = db.database().renderForTenant(db.hdfc(), tx -> tx.deleteFrom(POLICYHOLDERS));

        assertThat(lic).contains("\"lic_schema\".\"policyholders\"");
        assertThat(hdfc).contains("\"hdfc_schema\".\"policyholders\"");
    }

    @Test
    void anUnknownTenantIsAnErrorNotADefault() {
        assertThatThrownBy(() -> db.tenants().byCode("NO_SUCH_INSURER"))
                .isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("NO_SUCH_INSURER");
    }

    @Test
    void tenantTablesCannotBeReachedWithoutATenant() {
        assertThatThrownBy(() -> db.database().inSharedTransaction(TenantSchemaMappingIT::customerNames))
                .hasMessageContaining("\"tenant\".\"policyholders\"");
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        Agent agent = fixtures.agent().create();

        assertThatThrownBy(() -> db.database().inTransaction(agent.caller(), tx -> {
            tx.insertInto(POLICYHOLDERS)
                    .set(POLICYHOLDERS.AGENT_ID, agent.agentId())
                    .set(POLICYHOLDERS.FIRST_NAME, "Halfwritten")
                    .execute();
            throw new IllegalStateException("the rest of the request failed");
        })).isInstanceOf(IllegalStateException.class);

        int written = db.ownerDsl(agent.tenant()).fetchCount(POLICYHOLDERS, POLICYHOLDERS.FIRST_NAME.eq("Halfwritten"));
        assertThat(written).isZero();
    }
}
