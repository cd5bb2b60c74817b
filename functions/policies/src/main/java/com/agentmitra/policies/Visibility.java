package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.VISIBLE_AGENT_IDS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Who sees which rows, as query conditions (issue 5), the same rules row level security enforces underneath
 * (tenant V008, V009, V011): a policyholder their own record and policies; a junior agent their own book; a senior
 * agent and a regional manager the books of {@code visible_agent_ids()} (sub-agents at any depth, the region);
 * provider admins, support staff and super admins the whole tenant; anyone else nothing. Stating the rule in the
 * query lets the planner use the agent index instead of filtering a tenant's worth of rows through the policy.
 */
public final class Visibility {

    private Visibility() {}

    public static Condition policies(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM -> DSL.trueCondition();
            case JUNIOR_AGENT, SENIOR_AGENT, REGIONAL_MANAGER -> byAgent(caller, INSURANCE_POLICIES.AGENT_ID);
            case POLICYHOLDER -> INSURANCE_POLICIES.POLICYHOLDER_ID.in(DSL
                    .select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS)
                    .where(POLICYHOLDERS.USER_ID.eq(caller.requireUserId())));
            case GUEST -> DSL.falseCondition();
        };
    }

    public static Condition policyholders(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM -> DSL.trueCondition();
            case JUNIOR_AGENT, SENIOR_AGENT, REGIONAL_MANAGER -> byAgent(caller, POLICYHOLDERS.AGENT_ID);
            case POLICYHOLDER -> POLICYHOLDERS.USER_ID.eq(caller.requireUserId());
            case GUEST -> DSL.falseCondition();
        };
    }

    /** Whether the caller may file customers and policies under {@code agentId}. */
    public static Condition agentInScope(Caller caller, Field<UUID> agentId) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM -> DSL.trueCondition();
            case JUNIOR_AGENT, SENIOR_AGENT, REGIONAL_MANAGER -> byAgent(caller, agentId);
            case POLICYHOLDER, GUEST -> DSL.falseCondition();
        };
    }

    /**
     * The agents whose books a senior agent or a regional manager sees (their own and their sub-agents', the
     * region), one row each in column {@code agent_id}, for reads that take a few rows of each book and merge them
     * rather than sort the whole visible book (issue 20); empty for everyone else (one book, the whole tenant, or
     * none).
     */
    public static Optional<Table<Record1<UUID>>> booksToMerge(Caller caller) {
        if (caller.agentId().isEmpty()
                || (caller.role() != Role.SENIOR_AGENT
                        && caller.role() != Role.REGIONAL_MANAGER)) {
            return Optional.empty();
        }
        return Optional.of(DSL.selectDistinct(VISIBLE_AGENT_IDS.VISIBLE_AGENT_IDS_.as(VISIBLE_AGENT))
                .from(VISIBLE_AGENT_IDS.call()).asTable("visible_agents"));
    }

    /**
     * The agents of {@link #booksToMerge}, read once, for reads that merge their books in more than one round
     * (issue 20): empty for everyone but a senior agent or a regional manager.
     */
    public static Optional<UUID[]> visibleBooks(DSLContext tx, Caller caller) {
        return booksToMerge(caller).map(books -> tx.select(DSL.arrayAgg(books.field(VISIBLE_AGENT, UUID.class)))
                .from(books).fetchSingle().value1())
                .map(ids -> ids == null ? new UUID[0] : ids);
    }

    /** The column of {@link #booksToMerge}'s rows. */
    public static final String VISIBLE_AGENT = "agent_id";

    private static Condition byAgent(Caller caller, Field<UUID> agentId) {
        if (caller.agentId().isEmpty()) {
            return DSL.falseCondition();
        }
        if (caller.role() == Role.JUNIOR_AGENT) {
            // a junior agent's book is their own: no hierarchy to walk
            return agentId.eq(caller.agentId().get());
        }
        return agentId.in(DSL.select(VISIBLE_AGENT_IDS.VISIBLE_AGENT_IDS_).from(VISIBLE_AGENT_IDS.call()));
    }
}
