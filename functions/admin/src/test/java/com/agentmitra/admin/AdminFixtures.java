package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Administration test data, written as the schema owner (row level security aside). */
final class AdminFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    final TestDatabase db;
    final Fixtures fixtures;

    AdminFixtures(TestDatabase db) {
        this.db = db;
        this.fixtures = new Fixtures(db);
    }

    /** A staff login of {@code role} (no agents row) and the claims API Gateway would hand a route for it. */
    record Staff(Tenant tenant, UUID userId, Role role) {
        Map<String, Object> claims() {
            return new AuthorizerClaims(tenant.id(), tenant.code(), userId, role, Optional.empty(), Optional.empty())
                    .toContext();
        }
    }

    Staff staff(Tenant tenant, Role role) {
        int n = SEQUENCE.incrementAndGet();
        UUID userId = db.ownerDsl(tenant).insertInto(USERS)
                .set(USERS.USERNAME, role.sqlName() + "-" + n + "-" + UUID.randomUUID())
                .set(USERS.FIRST_NAME, "Staff")
                .set(USERS.LAST_NAME, "Member" + n)
                .set(USERS.ROLE, UserRoleEnum.valueOf(role.name().toLowerCase(Locale.ROOT)))
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
        return new Staff(tenant, userId, role);
    }

    Staff admin(Tenant tenant) {
        return staff(tenant, Role.INSURANCE_PROVIDER_ADMIN);
    }

    /** An agent who signed up and waits for an administrator's approval. */
    Fixtures.Agent pendingAgent(Tenant tenant, String territory) {
        Fixtures.Agent agent = fixtures.agent().inTenant(tenant).territory(territory).create();
        db.ownerDsl(tenant).update(AGENTS).set(AGENTS.STATUS, AgentStatusEnum.pending_approval)
                .set(AGENTS.VERIFICATION_STATUS, "pending")
                .where(AGENTS.AGENT_ID.eq(agent.agentId())).execute();
        return agent;
    }

    AgentStatusEnum status(Fixtures.Agent agent) {
        return db.ownerDsl(agent.tenant()).select(AGENTS.STATUS).from(AGENTS)
                .where(AGENTS.AGENT_ID.eq(agent.agentId())).fetchSingle(AGENTS.STATUS);
    }

    UUID parentOf(Fixtures.Agent agent) {
        return db.ownerDsl(agent.tenant()).select(AGENTS.PARENT_AGENT_ID).from(AGENTS)
                .where(AGENTS.AGENT_ID.eq(agent.agentId())).fetchSingle(AGENTS.PARENT_AGENT_ID);
    }
}
