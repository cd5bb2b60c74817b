package com.agentmitra.policies;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.testing.Fixtures;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The right to erasure: {@code POST /policyholders/{id}/erasure} and {@code POST /me/erasure}. */
class ErasureIT {

    private final BookApi api = new BookApi();
    private final Fixtures fixtures = api.fixtures;

    /** A customer with a login, a session, a policy, a stored WhatsApp message and an edit in the audit trail. */
    private final class Customer {
        final Fixtures.Agent agent = fixtures.agent().create();
        final String phone = Fixtures.anyPhone();
        final UUID id = fixtures.policyholder().of(agent).named("Sunita").phone(phone).create();
        final BookApi.User login = api.policyholderLogin(agent.tenant(), id);
        final UUID policy = fixtures.policy().of(agent, id).create();
        final String schema = agent.tenant().schema();

        Customer() {
            DSLContext owner = owner();
            owner.execute("update " + schema + ".policyholders set email = 'sunita@example.test', pan_number ="
                    + " 'ABCPS1234K', date_of_birth = '1975-03-02' where policyholder_id = ?", id);
            owner.execute("update " + schema + ".users set phone_number = ? where user_id = ?", phone, login.userId());
            owner.execute("insert into " + schema + ".user_sessions (user_id, refresh_token_hash, expires_at)"
                    + " values (?, ?, now() + interval '30 days')", login.userId(), "hash-" + UUID.randomUUID());
            owner.execute("insert into " + schema + ".whatsapp_messages (policyholder_id, agent_id, phone_number,"
                    + " message_type, content, is_from_customer) values (?, ?, ?, 'text', 'my PAN is ABCPS1234K', true)",
                    id, agent.agentId(), phone);
            // an edit made through the API, so the audit trail holds images with the name and number
            api.call("PUT", "/policyholders/{id}/consent", "/policyholders/" + id + "/consent").id(id).as(agent)
                    .body(Map.of("whatsappUtility", true, "evidence", "agreed on a call")).send();
        }

        DSLContext owner() {
            return api.db.ownerDsl(agent.tenant());
        }

        /** The erasure access events (tenant V202) of this customer: requester, role, request id, detail. */
        java.util.List<Record> erasureEvents() {
            return owner().fetch("select user_id, user_role, request_id, detail::text from " + schema
                    + ".access_events where event = 'erasure' and entity = 'policyholders' and entity_id = ?",
                    id.toString());
        }

        BookApi.Response eraseAs(Fixtures.Agent caller) {
            return api.call("POST", "/policyholders/{id}/erasure", "/policyholders/" + id + "/erasure").id(id)
                    .as(caller).send();
        }

        void openCallback() {
            owner().execute("insert into " + schema + ".callback_requests (customer_id, agent_id, request_type,"
                    + " description, customer_name, customer_phone) values (?, ?, 'policy_issue', 'call me about my"
                    + " policy', 'Sunita', ?)", id, agent.agentId(), phone);
        }
    }

    @Nested
    class ByTheAgent {
        @Test
        void personalFieldsGoTheRecordsStayAndTheAuditKeepsOnlyThatItHappened() {
            Customer c = new Customer();

            BookApi.Response response = c.eraseAs(c.agent);

            assertThat(response.status()).isEqualTo(200);
            String pseudonym = response.text("pseudonym");
            assertThat(pseudonym).startsWith("Erased customer ").doesNotContain("Sunita");
            Record person = c.owner().fetchSingle("select full_name, phone_number, email, pan_number, date_of_birth,"
                    + " erased_at, whatsapp_utility_opt_in, agent_id from " + c.schema + ".policyholders"
                    + " where policyholder_id = ?", c.id);
            assertThat(person.get(0, String.class)).isEqualTo(pseudonym);
            assertThat(person.get(1)).isNull();
            assertThat(person.get(2)).isNull();
            assertThat(person.get(3)).isNull();
            assertThat(person.get(4)).isNull();
            assertThat(person.get(5)).isNotNull();
            assertThat(person.get(6, Boolean.class)).as("consent withdrawn").isFalse();
            assertThat(person.get(7, UUID.class)).isEqualTo(c.agent.agentId());
            assertThat(c.owner().fetchSingle("select count(*) from " + c.schema + ".insurance_policies"
                    + " where policyholder_id = ?", c.id).get(0, Long.class)).as("the insurer's records stay").isOne();

            Record user = c.owner().fetchSingle("select phone_number, first_name, status::text from " + c.schema
                    + ".users where user_id = ?", c.login.userId());
            assertThat(user.get(0)).isNull();
            assertThat(user.get(1)).isNull();
            assertThat(user.get(2, String.class)).isEqualTo("deactivated");
            assertThat(c.owner().fetchSingle("select count(*) from " + c.schema + ".user_sessions where user_id = ?"
                    + " and (revoked_at is null or revoked_reason <> 'erased')", c.login.userId()).get(0, Long.class))
                    .as("every session ended").isZero();
            Record message = c.owner().fetchSingle("select content, phone_number from " + c.schema
                    + ".whatsapp_messages where policyholder_id = ?", c.id);
            assertThat(message.get(0)).isNull();
            assertThat(message.get(1)).isNull();

            String audit = c.owner().fetchSingle("select coalesce(string_agg(coalesce(old_values::text, '') ||"
                    + " coalesce(new_values::text, ''), ' '), '') from audit.audit_log where (table_name ="
                    + " 'policyholders' and record_id = ?) or (table_name = 'users' and record_id = ?)",
                    c.id.toString(), c.login.userId().toString()).get(0, String.class);
            assertThat(audit).isNotEmpty().doesNotContain(c.phone).doesNotContain("Sunita")
                    .doesNotContain("ABCPS1234K").doesNotContain("sunita@example.test");
            Record erasureRow = c.owner().fetchSingle("select old_values, new_values::text, changed_by, changed_columns"
                    + " from audit.audit_log where table_name = 'policyholders' and record_id = ?"
                    + " and 'erased_at' = any(changed_columns)", c.id.toString());
            assertThat(erasureRow.get(0)).as("no before-image of an erasure").isNull();
            assertThat(erasureRow.get(1, String.class)).contains("erased_at").doesNotContain("first_name");
            assertThat(erasureRow.get(2, UUID.class)).as("who asked").isEqualTo(c.agent.userId());
            assertThat(erasureRow.get(3, String[].class)).contains("phone_number", "first_name");
            assertThat(c.owner().fetchSingle("select count(*) from " + c.schema + ".consent_events where"
                    + " policyholder_id = ?", c.id).get(0, Long.class)).as("the proof of consent is kept")
                    .isEqualTo(3);
        }

        @Test
        void aSecondRequestAnswersTheFirstErasure() {
            Customer c = new Customer();
            BookApi.Response first = c.eraseAs(c.agent);

            BookApi.Response second = c.eraseAs(c.agent);

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text("pseudonym")).isEqualTo(first.text("pseudonym"));
            assertThat(Instant.parse(second.text("erasedAt"))).isEqualTo(Instant.parse(first.text("erasedAt")));
        }

        @Test
        void refusedWhileACallbackIsOpenAndNothingChanges() {
            Customer c = new Customer();
            c.openCallback();

            BookApi.Response response = c.eraseAs(c.agent);

            assertThat(response.status()).isEqualTo(409);
            Record person = c.owner().fetchSingle("select phone_number, erased_at, whatsapp_utility_opt_in from "
                    + c.schema + ".policyholders where policyholder_id = ?", c.id);
            assertThat(person.get(0, String.class)).isEqualTo(c.phone);
            assertThat(person.get(1)).isNull();
            assertThat(person.get(2, Boolean.class)).isTrue();
        }

        @Test
        void anErasureIsOneAccessEventOfTheRequesterAndARefusedOrRepeatedOneIsNone() {
            Customer c = new Customer();
            Customer busy = new Customer();
            busy.openCallback();
            Fixtures.Agent stranger = fixtures.agent().create();

            assertThat(busy.eraseAs(busy.agent).status()).isEqualTo(409);
            assertThat(c.eraseAs(stranger).status()).isEqualTo(404);
            assertThat(c.eraseAs(c.agent).status()).isEqualTo(200);
            assertThat(c.eraseAs(c.agent).status()).isEqualTo(200);

            assertThat(busy.erasureEvents()).as("refused: nothing erased, nothing recorded").isEmpty();
            assertThat(c.erasureEvents()).singleElement().satisfies(event -> {
                assertThat(event.get(0, UUID.class)).isEqualTo(c.agent.userId());
                assertThat(event.get(1, String.class)).isEqualTo("junior_agent");
                assertThat(event.get(2, String.class)).as("the API request").isNotBlank();
                assertThat(event.get(3, String.class)).contains("on_request").doesNotContain("Sunita", c.phone);
            });
            assertThat(c.owner().fetch("select changed_by, new_values::text from audit.audit_log where table_name ="
                    + " 'access_events' and record_id = ?", c.id.toString())).singleElement().satisfies(row -> {
                        assertThat(row.get(0, UUID.class)).as("listed in the audit trail with the requester")
                                .isEqualTo(c.agent.userId());
                        assertThat(row.get(1, String.class)).contains("\"erasure\"").doesNotContain("Sunita", c.phone);
                    });
        }

        @Test
        void anErasedCustomerCannotBeEditedBackIntoExistence() {
            Customer c = new Customer();
            c.eraseAs(c.agent);
            String etag = api.call("GET", "/policyholders/{id}", "/policyholders/" + c.id).id(c.id).as(c.agent).send()
                    .etag();

            BookApi.Response edit = api.call("PATCH", "/policyholders/{id}", "/policyholders/" + c.id).id(c.id)
                    .as(c.agent).ifMatch(etag).body(Map.of("firstName", "Sunita")).send();
            BookApi.Response consent = api.call("PUT", "/policyholders/{id}/consent", "/policyholders/" + c.id
                    + "/consent").id(c.id).as(c.agent).body(Map.of("whatsappUtility", true, "evidence", "x")).send();

            assertThat(edit.status()).isEqualTo(409);
            assertThat(consent.status()).isEqualTo(409);
        }

        @Test
        void anAgentOfAnotherBookCannotErase() {
            Customer c = new Customer();
            Fixtures.Agent stranger = fixtures.agent().create();

            assertThat(c.eraseAs(stranger).status()).isEqualTo(404);
            assertThat(c.owner().fetchSingle("select erased_at from " + c.schema + ".policyholders where"
                    + " policyholder_id = ?", c.id).get(0)).isNull();
        }
    }

    @Nested
    class ByTheCustomer {
        @Test
        void theCustomerErasesThemselfAndTheirSessionsEnd() {
            Customer c = new Customer();

            BookApi.Response response = api.call("POST", "/me/erasure", "/me/erasure").as(c.login).send();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text("policyholderId")).isEqualTo(c.id.toString());
            assertThat(c.owner().fetchSingle("select count(*) from " + c.schema + ".user_sessions where user_id = ?"
                    + " and revoked_reason = 'erased'", c.login.userId()).get(0, Long.class)).isOne();
            assertThat(c.owner().fetchSingle("select source from " + c.schema + ".consent_events where"
                    + " policyholder_id = ? order by recorded_at desc limit 1", c.id).get(0, String.class))
                    .isEqualTo("app");
            assertThat(c.erasureEvents()).singleElement().satisfies(event -> {
                assertThat(event.get(0, UUID.class)).isEqualTo(c.login.userId());
                assertThat(event.get(1, String.class)).isEqualTo("policyholder");
                assertThat(event.get(3, String.class)).contains("customer");
            });
        }

        @Test
        void anAgentCannotUseTheCustomersOwnRoute() {
            Fixtures.Agent agent = fixtures.agent().create();

            assertThat(api.call("POST", "/me/erasure", "/me/erasure").as(agent).send().status()).isEqualTo(403);
        }
    }
}
