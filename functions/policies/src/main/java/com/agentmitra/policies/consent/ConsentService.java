package com.agentmitra.policies.consent;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Problems;
import com.agentmitra.policies.Visibility;
import com.agentmitra.policies.WriteAccess;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A customer's WhatsApp consent as their agent, the agent's managers and staff see and record it
 * ({@code GET/PUT /policyholders/{id}/consent}). A customer outside the caller's book is not found; an erased one
 * has no consent left to record.
 */
public final class ConsentService {

    private final Database database;
    private final Clock clock;
    private final ConsentLedger ledger = new ConsentLedger();

    public ConsentService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public ConsentView get(Caller caller, UUID id) {
        return database.inTransaction(caller, tx -> {
            customer(tx, caller, id);
            return ledger.current(tx, id).orElseThrow().withHistory(ledger.history(tx, id));
        });
    }

    /** Records each purpose given, as said by the customer at {@code saidAt}; answers the current consent. */
    public ConsentView record(Caller caller, UUID id, ConsentBody body) {
        WriteAccess.require(caller);
        List<ConsentStatement> statements = Problems.orInvalid(ConsentRules.fromAgent(body, clock.instant()));
        return database.inTransaction(caller, tx -> {
            Customer customer = customer(tx, caller, id);
            if (customer.erased()) {
                throw new ApiProblem.Conflict("this customer's personal data was erased; no consent can be recorded");
            }
            for (ConsentStatement statement : statements) {
                ledger.record(tx, id, customer.language(), statement);
            }
            return ledger.current(tx, id).orElseThrow();
        });
    }

    private record Customer(String language, boolean erased) {}

    private static Customer customer(DSLContext tx, Caller caller, UUID id) {
        var p = POLICYHOLDERS;
        return tx.select(p.PREFERRED_LANGUAGE, p.ERASED_AT).from(p)
                .where(p.POLICYHOLDER_ID.eq(id)).and(Visibility.policyholders(caller))
                .fetchOptional(r -> new Customer(r.value1(), r.value2() != null))
                .orElseThrow(() -> new ApiProblem.NotFound("policyholder"));
    }
}
