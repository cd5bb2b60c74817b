package com.agentmitra.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The new tables' row level security underneath the API's own conditions: as the application role, with the
 * caller's session settings, another agent's customer's thread, notes, read markers and canned replies are not there
 * at all, the customer's own agent and manager see them, and a customer sees no notes. Writes that would land outside
 * the caller's scope are refused by the policies' WITH CHECK.
 */
class ConversationRowLevelSecurityIT {

    private static final TestDatabase db = TestDatabase.get();
    private final ConversationFixtures data = new ConversationFixtures(db);
    private Tenant lic;
    private Fixtures.Agent senior;
    private Fixtures.Agent agent;
    private Fixtures.Agent stranger;
    private UUID customer;

    @BeforeEach
    void aCustomerWithAThread() {
        lic = db.lic();
        senior = data.fixtures.agent().senior().territory("Rls-" + UUID.randomUUID()).create();
        agent = data.fixtures.agent().under(senior).territory("Rls-" + UUID.randomUUID()).create();
        stranger = data.fixtures.agent().territory("Rls-" + UUID.randomUUID()).create();
        customer = data.customer(agent, "Asha");
        data.inbound(lic, customer, "hello", Instant.now().minusSeconds(60));
        data.owner(lic).execute("insert into " + lic.schema() + ".conversation_events (policyholder_id, event_type,"
                + " body, actor_user_id) values (?, 'note', 'internal', ?)", customer, agent.userId());
        data.owner(lic).execute("insert into " + lic.schema() + ".conversation_reads (policyholder_id, user_id,"
                + " read_sequence) values (?, ?, 1)", customer, agent.userId());
        data.owner(lic).execute("insert into " + lic.schema() + ".canned_replies (agent_id, title, bodies)"
                + " values (?, ?, '{\"en\": \"hi\"}')", agent.agentId(), "Rls " + UUID.randomUUID());
    }

    private long count(Caller caller, String table, String where) {
        return db.database().inTransaction(caller, tx -> tx.fetchSingle("select count(*) from " + lic.schema() + "."
                + table + " where " + where).get(0, Long.class));
    }

    private long ofCustomer(Caller caller, String table) {
        return db.database().inTransaction(caller, tx -> tx.fetchSingle("select count(*) from " + lic.schema() + "."
                + table + " where policyholder_id = ?", customer).get(0, Long.class));
    }

    @Test
    void anotherAgentSeesNoneOfTheThreadsRows() {
        Caller other = stranger.caller();

        assertThat(ofCustomer(other, "conversations")).isZero();
        assertThat(ofCustomer(other, "conversation_events")).isZero();
        assertThat(ofCustomer(other, "conversation_reads")).isZero();
        assertThat(count(other, "canned_replies", "agent_id = '" + agent.agentId() + "'")).isZero();
    }

    @Test
    void theAgentAndTheManagerAboveSeeThem() {
        for (Caller caller : new Caller[] {agent.caller(), senior.caller()}) {
            assertThat(ofCustomer(caller, "conversations")).isEqualTo(1);
            assertThat(ofCustomer(caller, "conversation_events")).isEqualTo(1);
            assertThat(count(caller, "canned_replies", "agent_id = '" + agent.agentId() + "'")).isEqualTo(1);
        }
        // read markers are each reader's own
        assertThat(ofCustomer(agent.caller(), "conversation_reads")).isEqualTo(1);
        assertThat(ofCustomer(senior.caller(), "conversation_reads")).isZero();
    }

    @Test
    void aCustomerSeesNoNotesNorMarkersNorCannedReplies() {
        Caller holder = Caller.user(lic, UUID.randomUUID(), Role.POLICYHOLDER);

        assertThat(ofCustomer(holder, "conversation_events")).isZero();
        assertThat(ofCustomer(holder, "conversation_reads")).isZero();
        assertThat(count(holder, "canned_replies", "true")).isZero();
    }

    @Test
    void writesOutsideTheScopeAreRefused() {
        assertThatThrownBy(() -> db.database().inTransaction(stranger.caller(), tx -> tx.execute("insert into "
                + lic.schema() + ".conversation_events (policyholder_id, event_type, body) values (?, 'note', 'x')",
                customer))).hasMessageContaining("row-level security");
        assertThatThrownBy(() -> db.database().inTransaction(agent.caller(), tx -> tx.execute("insert into "
                + lic.schema() + ".canned_replies (agent_id, title, bodies) values (null, 'tenant', '{\"en\":\"x\"}')")))
                .hasMessageContaining("row-level security");
    }

    @Test
    void aCustomersMessageThatTheSenderStoresKeepsTheThreadNumbered() {
        UUID second = data.inbound(lic, customer, "again", Instant.now());
        UUID reply = data.outbound(lic, customer, "answer", Instant.now(), "queued", null, null, null);

        var rows = data.owner(lic).fetch("select message_id, message_sequence, conversation_id from " + lic.schema()
                + ".whatsapp_messages where policyholder_id = ? order by message_sequence", customer);
        assertThat(rows).hasSize(3);
        assertThat(rows.getValues(1, Integer.class)).containsExactly(1, 2, 3);
        assertThat(rows.getValues(2, UUID.class)).doesNotContainNull().containsOnly(rows.get(0).get(2, UUID.class));
        var thread = data.owner(lic).fetchSingle("select last_message_id, last_inbound_sequence, last_sequence from "
                + lic.schema() + ".conversations where policyholder_id = ?", customer);
        assertThat(thread.get(0, UUID.class)).isEqualTo(reply);
        assertThat(thread.get(1, Integer.class)).isEqualTo(2);
        assertThat(thread.get(2, Integer.class)).isEqualTo(3);
        assertThat(second).isNotNull();
    }

    @Test
    void aWebhookRetryOfTheSameMessageChangesNothingButTheNumbers() {
        String wamid = "wamid.retry." + UUID.randomUUID();
        String insert = "insert into " + lic.schema() + ".whatsapp_messages (whatsapp_message_id, policyholder_id,"
                + " agent_id, phone_number, message_type, content, is_from_customer, created_at)"
                + " select ?, policyholder_id, agent_id, phone_number, 'text', 'dup', true, now() - interval '1 hour'"
                + " from " + lic.schema() + ".policyholders where policyholder_id = ?"
                + " on conflict (whatsapp_message_id) do nothing";
        data.owner(lic).execute(insert, wamid, customer);
        var before = data.owner(lic).fetchSingle("select last_message_id, last_inbound_sequence from " + lic.schema()
                + ".conversations where policyholder_id = ?", customer);

        data.owner(lic).execute(insert, wamid, customer);

        var after = data.owner(lic).fetchSingle("select last_message_id, last_inbound_sequence from " + lic.schema()
                + ".conversations where policyholder_id = ?", customer);
        assertThat(after.intoList()).isEqualTo(before.intoList());
        assertThat(data.rows(lic, "whatsapp_message_id = ?", wamid)).isEqualTo(1);
    }
}
