package com.agentmitra.policies.holders;

import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.AccessEvents;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.domain.book.Aadhaar;
import com.agentmitra.domain.book.BookWriter;
import com.agentmitra.domain.book.PolicyholderDetails;
import com.agentmitra.domain.book.PolicyholderRules;
import com.agentmitra.domain.phone.PhoneNumber;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Page;
import com.agentmitra.policies.BookConflicts;
import com.agentmitra.policies.BookSearch;
import com.agentmitra.policies.ETag;
import com.agentmitra.policies.Problems;
import com.agentmitra.policies.QueryParameters;
import com.agentmitra.policies.WriteAccess;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The customers of an agent's book: list, read, create, edit, and the DPDP export of everything held. */
public final class PolicyholderService {

    static final String SORT = "policyholders.newest";
    static final String WHAT = "policyholder";

    private final Database database;
    private final Clock clock;
    private final PolicyholderRepository repository = new PolicyholderRepository();
    private final PolicyholderExport export = new PolicyholderExport();

    public PolicyholderService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Filters: {@code q} (name, phone digits, customer id), {@code agentId}. */
    public record ListQuery(Optional<String> q, Optional<UUID> agentId, Optional<String> cursor, int limit) {}

    public Page<PolicyholderView> list(Caller caller, ListQuery query) {
        List<Condition> filters = new ArrayList<>();
        query.agentId().ifPresent(agent -> filters.add(POLICYHOLDERS.AGENT_ID.eq(agent)));
        query.q().ifPresent(q -> filters.add(matches(q)));
        Optional<Cursor> after = query.cursor().map(encoded -> Cursor.decode(encoded, SORT, 2));
        Optional<Instant> afterCreatedAt = after.map(c -> c.instant(0));
        Optional<UUID> afterId = after.map(c -> c.uuid(1));
        List<PolicyholderView> rows = database.inTransaction(caller, tx -> {
            // the matches found through indexes (issue 20), when they are few; else the book is walked as before
            List<Condition> conditions = new ArrayList<>(filters);
            query.q().flatMap(q -> BookSearch.customers(tx, caller, q)).ifPresent(conditions::add);
            return repository.list(tx, caller, conditions, afterCreatedAt, afterId, query.limit() + 1);
        });
        if (rows.size() <= query.limit()) {
            return Page.last(rows);
        }
        List<PolicyholderView> page = rows.subList(0, query.limit());
        PolicyholderView last = page.getLast();
        return new Page<>(page, Optional.of(
                new Cursor(SORT, List.of(last.createdAt().toString(), last.id().toString())).encode()));
    }

    public PolicyholderView get(Caller caller, UUID id) {
        return database.inTransaction(caller, tx -> repository.find(tx, caller, id))
                .orElseThrow(() -> new ApiProblem.NotFound(WHAT));
    }

    public PolicyholderView create(Caller caller, PolicyholderBody body) {
        WriteAccess.require(caller);
        PolicyholderDetails person = Problems.orInvalid(PolicyholderRules.validate(
                body.fields(caller.agentId().orElse(null)), BusinessDay.today(clock)));
        return database.inTransaction(caller, tx -> {
            BookConflicts.requireAgentInScope(tx, caller, person.agentId());
            List<BookWriter.Written> written = BookConflicts.guarded(
                    () -> new BookWriter(caller.userId()).insertPolicyholders(tx, List.of(person)));
            if (written.isEmpty()) {
                throw duplicatePhone(tx, caller, person.phone());
            }
            return repository.find(tx, caller, written.getFirst().id()).orElseThrow();
        });
    }

    public PolicyholderView update(Caller caller, UUID id, PolicyholderBody patch, Optional<String> ifMatch) {
        WriteAccess.require(caller);
        return database.inTransaction(caller, tx -> {
            PolicyholderView recorded = repository.lock(tx, caller, id)
                    .orElseThrow(() -> new ApiProblem.NotFound(WHAT));
            ETag.check(ifMatch, recorded.etag());
            if (recorded.erasedAt() != null) {
                throw new ApiProblem.Conflict("this customer's personal data was erased on their request");
            }
            PolicyholderDetails person = Problems.orInvalid(
                    PolicyholderRules.validate(patch.over(recorded), BusinessDay.today(clock)));
            if (patch.aadhaar() == null) {
                person = person.withAadhaar(Optional.ofNullable(recorded.aadhaarMasked())
                        .map(masked -> new Aadhaar(masked, masked.substring(masked.length() - 4))));
            }
            if (!person.agentId().equals(recorded.agentId())) {
                BookConflicts.requireAgentInScope(tx, caller, person.agentId());
            }
            if (!person.phone().e164().equals(recorded.phone()) && phoneTaken(tx, person.phone())) {
                throw duplicatePhone(tx, caller, person.phone());
            }
            PolicyholderDetails checked = person;
            BookConflicts.guarded(() -> {
                repository.update(tx, id, checked);
                return null;
            });
            return repository.find(tx, caller, id).orElseThrow();
        });
    }

    /**
     * Everything held about the person (DPDP Act 2023, right of access), as one JSON document; recorded as an
     * {@code export} access event of the caller (tenant V202) in the same transaction, so the audit trail shows who
     * took a customer's data and when.
     */
    public Map<String, Object> export(Caller caller, UUID id, String requestId) {
        return database.inTransaction(caller, tx -> {
            PolicyholderView person = repository.find(tx, caller, id).orElseThrow(() -> new ApiProblem.NotFound(WHAT));
            Map<String, Object> document = export.of(tx, person, Instant.now(clock));
            AccessEvents.record(tx, caller, "export", "policyholders", id.toString(), requestId,
                    "{\"what\": \"dpdp_export\"}");
            return document;
        });
    }

    /** 404 unless the caller may see the policyholder (for routes under {@code /policyholders/{id}}). */
    public void requireVisible(DSLContext tx, Caller caller, UUID id) {
        if (repository.find(tx, caller, id).isEmpty()) {
            throw new ApiProblem.NotFound(WHAT);
        }
    }

    private static boolean phoneTaken(DSLContext tx, PhoneNumber phone) {
        // sees the caller's book only; a number held in another book meets the unique index (guarded: 409)
        return tx.fetchExists(POLICYHOLDERS, POLICYHOLDERS.PHONE_NUMBER.eq(phone.e164()));
    }

    private ApiProblem duplicatePhone(DSLContext tx, Caller caller, PhoneNumber phone) {
        return repository.idByPhone(tx, caller, phone.e164())
                .<ApiProblem>map(existing -> new ApiProblem.Conflict(
                        "phone " + phone.e164() + " already belongs to policyholder " + existing))
                // held in a book the caller cannot see: say it is taken, never whose or where (issue 15)
                .orElseGet(() -> new ApiProblem.Conflict(
                        "phone " + phone.e164() + " is already registered and cannot be used for another customer"));
    }

    private static Condition matches(String q) {
        String pattern = QueryParameters.likeLiteral(q.toLowerCase(java.util.Locale.ROOT));
        String digits = q.replaceAll("[^0-9]", "");
        Condition condition = DSL.lower(POLICYHOLDERS.FULL_NAME).like("%" + pattern + "%", '\\')
                .or(DSL.lower(POLICYHOLDERS.CUSTOMER_ID).eq(q.toLowerCase(java.util.Locale.ROOT)));
        if (digits.length() >= 4) {
            condition = condition.or(POLICYHOLDERS.PHONE_NUMBER.like("%" + digits + "%"));
        }
        return condition;
    }
}
