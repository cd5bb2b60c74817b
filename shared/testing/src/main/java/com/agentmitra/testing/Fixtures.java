package com.agentmitra.testing;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test data that reads like the domain: {@code fixtures.agent().inTenant(lic).senior().create()},
 * {@code fixtures.policyholder().of(agent).create()}. Written as the schema owner, so row level security does not
 * get in the way of arranging a test. Phone numbers are plainly fake ({@code +91 90000 xxxxx}).
 */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestDatabase database;

    public Fixtures(TestDatabase database) {
        this.database = database;
    }

    /** A unique, plainly fake Indian mobile number. */
    public static String anyPhone() {
        return "+9190000" + String.format("%05d", SEQUENCE.incrementAndGet() % 100_000);
    }

    private static String uniqueSuffix() {
        return Integer.toString(SEQUENCE.incrementAndGet());
    }

    public AgentBuilder agent() {
        return new AgentBuilder();
    }

    public PolicyholderBuilder policyholder() {
        return new PolicyholderBuilder();
    }

    public PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    /** An agent with a login: the caller an agent's request runs as. */
    public record Agent(Tenant tenant, UUID userId, UUID agentId, Role role) {
        public Caller caller() {
            return Caller.agent(tenant, userId, role, agentId);
        }

        /** The authorizer context API Gateway would hand a route for this agent. */
        public java.util.Map<String, Object> claims() {
            return new com.agentmitra.lambda.AuthorizerClaims(tenant.id(), tenant.code(), userId, role,
                    java.util.Optional.of(agentId), java.util.Optional.empty()).toContext();
        }
    }

    public final class AgentBuilder {
        private Tenant tenant = database.lic();
        private Role role = Role.JUNIOR_AGENT;
        private Optional<UUID> parent = Optional.empty();
        private String firstName = "Test";
        private String territory = "Pune";

        public AgentBuilder inTenant(Tenant tenant) {
            this.tenant = tenant;
            return this;
        }

        public AgentBuilder senior() {
            this.role = Role.SENIOR_AGENT;
            return this;
        }

        public AgentBuilder regionalManager() {
            this.role = Role.REGIONAL_MANAGER;
            return this;
        }

        public AgentBuilder under(Agent parent) {
            this.parent = Optional.of(parent.agentId());
            return this;
        }

        public AgentBuilder named(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public AgentBuilder territory(String territory) {
            this.territory = territory;
            return this;
        }

        public Agent create() {
            var dsl = database.ownerDsl(tenant);
            String suffix = uniqueSuffix();
            UUID userId = dsl.insertInto(USERS)
                    .set(USERS.USERNAME, "agent" + suffix)
                    .set(USERS.EMAIL, "agent" + suffix + "@example.test")
                    .set(USERS.PHONE_NUMBER, anyPhone())
                    .set(USERS.FIRST_NAME, firstName)
                    .set(USERS.LAST_NAME, "Agent" + suffix)
                    .set(USERS.ROLE, UserRoleEnum.valueOf(role.name().toLowerCase(java.util.Locale.ROOT)))
                    .returning(USERS.USER_ID)
                    .fetchOne(USERS.USER_ID);
            UUID agentId = dsl.insertInto(AGENTS)
                    .set(AGENTS.USER_ID, userId)
                    .set(AGENTS.AGENT_CODE, "AG" + suffix)
                    .set(AGENTS.TERRITORY, territory)
                    .set(AGENTS.PARENT_AGENT_ID, parent.orElse(null))
                    .returning(AGENTS.AGENT_ID)
                    .fetchOne(AGENTS.AGENT_ID);
            return new Agent(tenant, userId, agentId, role);
        }
    }

    public final class PolicyholderBuilder {
        private Agent agent;
        private String firstName = "Customer";
        private String phone;

        public PolicyholderBuilder of(Agent agent) {
            this.agent = agent;
            return this;
        }

        public PolicyholderBuilder named(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public PolicyholderBuilder phone(String phone) {
            this.phone = phone;
            return this;
        }

        public UUID create() {
            if (agent == null) {
                throw new IllegalStateException("a policyholder belongs to an agent: call of(agent)");
            }
            return database.ownerDsl(agent.tenant()).insertInto(POLICYHOLDERS)
                    .set(POLICYHOLDERS.AGENT_ID, agent.agentId())
                    .set(POLICYHOLDERS.FIRST_NAME, firstName)
                    .set(POLICYHOLDERS.LAST_NAME, "Holder" + uniqueSuffix())
                    .set(POLICYHOLDERS.PHONE_NUMBER, phone != null ? phone : anyPhone())
                    .returning(POLICYHOLDERS.POLICYHOLDER_ID)
                    .fetchOne(POLICYHOLDERS.POLICYHOLDER_ID);
        }
    }

    public final class PolicyBuilder {
        private Agent agent;
        private UUID policyholderId;
        private BigDecimal premium = new BigDecimal("12500.00");
        private PolicyStatusEnum status = PolicyStatusEnum.active;

        public PolicyBuilder of(Agent agent, UUID policyholderId) {
            this.agent = agent;
            this.policyholderId = policyholderId;
            return this;
        }

        public PolicyBuilder premium(String amount) {
            this.premium = new BigDecimal(amount);
            return this;
        }

        public PolicyBuilder status(PolicyStatusEnum status) {
            this.status = status;
            return this;
        }

        public UUID create() {
            LocalDate start = LocalDate.of(2024, 4, 1);
            return database.ownerDsl(agent.tenant()).insertInto(INSURANCE_POLICIES)
                    .set(INSURANCE_POLICIES.POLICY_NUMBER, "TP" + String.format("%09d", SEQUENCE.incrementAndGet()))
                    .set(INSURANCE_POLICIES.POLICYHOLDER_ID, policyholderId)
                    .set(INSURANCE_POLICIES.AGENT_ID, agent.agentId())
                    .set(INSURANCE_POLICIES.POLICY_TYPE, "endowment")
                    .set(INSURANCE_POLICIES.PLAN_NAME, "Test Endowment Plan")
                    .set(INSURANCE_POLICIES.SUM_ASSURED, new BigDecimal("500000.00"))
                    .set(INSURANCE_POLICIES.PREMIUM_AMOUNT, premium)
                    .set(INSURANCE_POLICIES.PREMIUM_FREQUENCY, "annual")
                    .set(INSURANCE_POLICIES.APPLICATION_DATE, start.minusDays(14))
                    .set(INSURANCE_POLICIES.START_DATE, start)
                    .set(INSURANCE_POLICIES.STATUS, status)
                    .returning(INSURANCE_POLICIES.POLICY_ID)
                    .fetchOne(INSURANCE_POLICIES.POLICY_ID);
        }
    }
}
