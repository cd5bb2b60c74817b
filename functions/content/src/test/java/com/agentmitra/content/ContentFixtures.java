package com.agentmitra.content;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Content test data, written as the schema owner: staff, customers with a login, their consent and language. */
final class ContentFixtures {

    final TestDatabase db;
    final Fixtures fixtures;

    ContentFixtures(TestDatabase db) {
        this.db = db;
        this.fixtures = new Fixtures(db);
    }

    DSLContext owner(Tenant tenant) {
        return db.ownerDsl(tenant);
    }

    record Person(Tenant tenant, UUID userId, Role role, UUID policyholderId) {
        Map<String, Object> claims() {
            return new AuthorizerClaims(tenant.id(), tenant.code(), userId, role, Optional.empty(), Optional.empty())
                    .toContext();
        }
    }

    /** A staff member (administrator or support staff) with a login. */
    Person staff(Tenant tenant, Role role) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID user = owner(tenant).fetchSingle("insert into " + tenant.schema() + ".users (username, email,"
                + " phone_number, first_name, last_name, role) values (?, ?, ?, 'Staff', 'Member', ?::shared.user_role_enum)"
                + " returning user_id", "staff" + suffix, "staff" + suffix + "@example.test", Fixtures.anyPhone(),
                role.sqlName()).get(0, UUID.class);
        return new Person(tenant, user, role, null);
    }

    /** A customer of {@code agent} with a login, their language and marketing consent. */
    Person customer(Fixtures.Agent agent, String language, boolean marketing) {
        UUID holder = fixtures.policyholder().of(agent).named("Cust").create();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID user = owner(agent.tenant()).fetchSingle("insert into " + agent.tenant().schema() + ".users (username,"
                + " email, phone_number, first_name, last_name, role, language_preference) values (?, ?, ?, 'Cust',"
                + " 'Omer', 'policyholder', ?) returning user_id", "cust" + suffix, "cust" + suffix + "@example.test",
                Fixtures.anyPhone(), language).get(0, UUID.class);
        owner(agent.tenant()).execute("update " + agent.tenant().schema() + ".policyholders set user_id = ?,"
                + " preferred_language = ?, whatsapp_marketing_opt_in = ?, whatsapp_utility_opt_in = true"
                + " where policyholder_id = ?", user, language, marketing, holder);
        return new Person(agent.tenant(), user, Role.POLICYHOLDER, holder);
    }

    long count(Tenant tenant, String table, String where, Object... binds) {
        return owner(tenant).fetchSingle("select count(*) from " + tenant.schema() + "." + table + " where " + where,
                binds).get(0, Long.class);
    }
}
