package com.agentmitra.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * The local stack's demo data on the production migrations: the new agent waiting for the administrator's approval
 * (issue 19) sits under the demo agent, and is added to demo data loaded before it existed, once.
 */
class DemoDataIT {

    private static final TestDatabase db = TestDatabase.get();

    @Test
    void aNewAgentWaitsForApprovalUnderTheDemoAgentAndIsAddedToOlderDemoDataOnce() {
        Tenant lic = db.lic();
        String s = lic.schema();
        DSLContext owner = db.ownerDsl(lic);

        assertThat(DemoData.load(db.owner()).orElseThrow())
                .contains("administrator demo.admin / demo-admin-password (password login)")
                .contains("agent DEMO-NEW under demo.agent waiting for approval (no password)");
        Record demo = owner.fetchOne("select agent_id, hierarchy_level, sub_agents_count from " + s
                + ".agents where agent_code = 'DEMO-001'");
        Record newcomer = owner.fetchOne("select a.parent_agent_id, a.hierarchy_level, a.status::text as status,"
                + " u.role::text as role, u.password_hash from " + s + ".agents a join " + s
                + ".users u on u.user_id = a.user_id where a.agent_code = 'DEMO-NEW'");
        assertThat(newcomer.get("status", String.class)).isEqualTo("pending_approval");
        assertThat(newcomer.get("role", String.class)).isEqualTo("junior_agent");
        assertThat(newcomer.get("password_hash")).as("no password login").isNull();
        assertThat(newcomer.get("parent_agent_id")).isEqualTo(demo.get("agent_id"));
        assertThat(newcomer.get("hierarchy_level", Integer.class))
                .isEqualTo(demo.get("hierarchy_level", Integer.class) + 1);
        assertThat(demo.get("sub_agents_count", Integer.class)).isEqualTo(1);

        // demo data loaded before the newcomer existed: the demo agent and book are there, the newcomer is not
        owner.execute("delete from " + s + ".agent_callback_capacity where agent_id in (select agent_id from " + s
                + ".agents where agent_code = 'DEMO-NEW')");
        owner.execute("delete from " + s + ".agents where agent_code = 'DEMO-NEW'");
        owner.execute("delete from " + s + ".users where username = 'demo.newcomer'");
        owner.execute("update " + s + ".agents set sub_agents_count = 0 where agent_code = 'DEMO-001'");

        assertThat(DemoData.load(db.owner()).orElseThrow()).endsWith("(already there)");
        assertThat(DemoData.load(db.owner()).orElseThrow()).endsWith("(already there)");

        assertThat(count(owner, s + ".agents where agent_code = 'DEMO-NEW' and status = 'pending_approval'"))
                .as("added once").isEqualTo(1);
        assertThat(count(owner, s + ".users where username in ('demo.agent', 'demo.admin', 'demo.newcomer')"))
                .isEqualTo(3);
        assertThat(count(owner, s + ".policyholders where agent_id = '" + demo.get("agent_id") + "'"))
                .as("the book not loaded twice").isEqualTo(4);
        assertThat(owner.fetchOne("select sub_agents_count from " + s + ".agents where agent_code = 'DEMO-001'")
                .get(0, Integer.class)).isEqualTo(1);
    }

    private static int count(DSLContext dsl, String from) {
        return dsl.fetchOne("select count(*)::int from " + from).get(0, Integer.class);
    }
}
