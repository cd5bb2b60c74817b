package com.agentmitra.policies.erasure;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Visibility;
import com.agentmitra.policies.WriteAccess;
import com.agentmitra.policies.consent.ConsentLedger;
import com.agentmitra.policies.consent.ConsentPurpose;
import com.agentmitra.policies.consent.ConsentSource;
import com.agentmitra.policies.consent.ConsentStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

/**
 * The right to erasure (DPDP Act 2023 s.12): on the customer's request, through their agent or staff
 * ({@code POST /policyholders/{id}/erasure}) or themself ({@code POST /me/erasure}). In one transaction:
 * <ul>
 *   <li>WhatsApp consent withdrawn through the ledger (the ledger itself is kept: it is the proof of consent the Act
 *       asks the business to keep, s.6(10), and now points at the pseudonym);</li>
 *   <li>the customer's personal fields cleared and the name replaced by a pseudonym; policies, premium records and the
 *       insurer's customer id stay, as insurer records the insurer must keep;</li>
 *   <li>their login deactivated and cleared, every session ended, sign-in codes to their number deleted;</li>
 *   <li>stored WhatsApp bodies (both directions) redacted, closed callbacks kept under the pseudonym, planned
 *       reminders cancelled;</li>
 *   <li>the audit trail records that an erasure happened (changed columns, who, when, no images: shared V061), and
 *       the personal fields leave the images of earlier audit rows;</li>
 *   <li>an {@code erasure} access event (tenant V202: the customer record, the requester and their role, the API
 *       request), listed by {@code GET /audit?entity=access_events}.</li>
 * </ul>
 * Idempotent: a second request answers the first erasure. Refused (409) while a callback of theirs is open, since
 * someone is about to call them.
 */
public final class ErasureService {

    static final String EVIDENCE = "erasure requested by the customer";

    private final Database database;
    private final Clock clock;
    private final ErasureRepository repository = new ErasureRepository();
    private final ConsentLedger ledger = new ConsentLedger();

    public ErasureService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** An agent (of the customer's book), a manager or staff, on the customer's request. */
    public Erasure erase(Caller caller, UUID policyholderId) {
        WriteAccess.require(caller);
        boolean visible = database.inTransaction(caller, tx -> tx.fetchExists(POLICYHOLDERS,
                POLICYHOLDERS.POLICYHOLDER_ID.eq(policyholderId).and(Visibility.policyholders(caller))));
        if (!visible) {
            throw new ApiProblem.NotFound("policyholder");
        }
        return eraseAs(caller, policyholderId, ConsentSource.AGENT_RECORDED);
    }

    /** The signed-in customer themself. */
    public Erasure eraseSelf(Caller caller) {
        if (caller.role() != Role.POLICYHOLDER) {
            throw new ApiProblem.Forbidden("only a customer erases their own data here; ask an administrator");
        }
        UUID id = database.inTransaction(caller, tx -> tx.select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS)
                        .where(POLICYHOLDERS.USER_ID.eq(caller.requireUserId())).fetchOptional(POLICYHOLDERS.POLICYHOLDER_ID))
                .orElseThrow(() -> new ApiProblem.NotFound("your customer record"));
        return eraseAs(caller, id, ConsentSource.APP);
    }

    /** Runs as the backend on behalf of the requester, who is named in the audit trail. */
    private Erasure eraseAs(Caller requester, UUID id, ConsentSource source) {
        Caller backend = new Caller(requester.tenant(), requester.userId(), Role.SYSTEM, Optional.empty());
        // as PostgreSQL keeps it, so a repeated request answers the same instant
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return database.inTransaction(backend, tx -> {
            ErasureRepository.Person person = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("policyholder"));
            String pseudonym = pseudonym(id);
            if (person.erasedAt().isPresent()) {
                return new Erasure(id, person.fullName(), person.erasedAt().get());
            }
            if (repository.hasOpenCallback(tx, id)) {
                throw new ApiProblem.Conflict("a callback request of this customer is still open: complete or "
                        + "cancel it, then erase");
            }
            for (ConsentPurpose purpose : ConsentPurpose.values()) {
                ledger.record(tx, id, person.language(),
                        new ConsentStatement(purpose, false, source, Optional.of(EVIDENCE), now));
            }
            repository.erasePolicyholder(tx, id, pseudonym, now);
            person.userId().ifPresent(userId -> repository.eraseUser(tx, userId, now));
            person.phone().ifPresent(phone -> repository.deleteLoginCodes(tx, phone));
            repository.redactMessages(tx, id, person.phone());
            List<UUID> callbacks = repository.redactCallbacks(tx, id, pseudonym);
            repository.redactScheduledMessages(tx, id, pseudonym);
            repository.redactAudit(tx, requester.tenant(), "policyholders", List.of(id));
            person.userId().ifPresent(userId -> repository.redactAudit(tx, requester.tenant(), "users", List.of(userId)));
            repository.redactAudit(tx, requester.tenant(), "callback_requests", callbacks);
            repository.recordErasure(tx, requester, id, requestId(),
                    source == ConsentSource.APP ? "customer" : "on_request");
            return new Erasure(id, pseudonym, now);
        });
    }

    /**
     * The API request being served: the HTTP layer (shared/lambda Invocation) keeps its id in the logging context
     * under {@code function_request_id} for the whole request; absent outside one.
     */
    private static Optional<String> requestId() {
        return Optional.ofNullable(MDC.get("function_request_id")).filter(id -> !id.isBlank());
    }

    /** A name that identifies nobody: stable for the record, so an agent can still tell erased customers apart. */
    static String pseudonym(UUID id) {
        return "Erased customer " + id.toString().substring(0, 8);
    }
}
