package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;

import com.agentmitra.data.Caller;
import com.agentmitra.lambda.ApiProblem;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/** Checks shared by the book's writes: the agent a row is filed under, and unique keys the database guards. */
public final class BookConflicts {

    private static final String UNIQUE_VIOLATION = "23505";

    private BookConflicts() {}

    /** 400 on {@code agentId} unless the caller may file under that agent (their own, a sub-agent, their region). */
    public static void requireAgentInScope(DSLContext tx, Caller caller, UUID agentId) {
        boolean inScope = tx.fetchExists(tx.selectOne().from(AGENTS)
                .where(AGENTS.AGENT_ID.eq(agentId)).and(Visibility.agentInScope(caller, AGENTS.AGENT_ID)));
        if (!inScope) {
            throw ApiProblem.InvalidInput.field("agentId", "is not an agent whose book you manage");
        }
    }

    /** Runs a write; a unique key the checks did not foresee (a customer id, a race) is a 409, not a 500. */
    public static <T> T guarded(Supplier<T> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw new ApiProblem.Conflict("a record with the same " + keyOf(e) + " is already on record");
            }
            throw e;
        }
    }

    private static String keyOf(DataAccessException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("customer_id")) {
            return "customer id";
        }
        if (message.contains("phone_number")) {
            return "phone number";
        }
        if (message.contains("policy_number")) {
            return "policy number";
        }
        return "key";
    }
}
