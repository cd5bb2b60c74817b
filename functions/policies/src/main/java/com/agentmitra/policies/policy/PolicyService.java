package com.agentmitra.policies.policy;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.book.BookWriter;
import com.agentmitra.domain.book.PolicyDetails;
import com.agentmitra.domain.book.PolicyLifecycle;
import com.agentmitra.domain.book.PolicyRules;
import com.agentmitra.domain.book.PremiumFrequency;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Page;
import com.agentmitra.policies.BookConflicts;
import com.agentmitra.policies.ETag;
import com.agentmitra.policies.Problems;
import com.agentmitra.policies.QueryParameters;
import com.agentmitra.policies.Visibility;
import com.agentmitra.policies.WriteAccess;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Policies of the caller's visible book: list and search, read, create, edit, and move through the lifecycle. */
public final class PolicyService {

    static final String WHAT = "policy";

    private final Database database;
    private final Clock clock;
    private final PolicyRepository repository = new PolicyRepository();

    public PolicyService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Filters of {@code GET /policies}; all optional, combined with AND ({@code q}: {@link #search}). */
    public record ListQuery(List<PolicyStatusEnum> statuses, Optional<String> paymentStatus,
            Optional<Integer> dueWithinDays, Optional<String> planName, Optional<UUID> agentId,
            Optional<UUID> policyholderId, Optional<String> q, PolicySort sort, Optional<String> cursor, int limit) {
        public ListQuery {
            statuses = List.copyOf(statuses);
        }
    }

    public Page<PolicyView> list(Caller caller, ListQuery query) {
        LocalDate today = BusinessDay.today(clock);
        boolean bookOnly = query.statuses().isEmpty() && query.paymentStatus().isEmpty()
                && query.dueWithinDays().isEmpty() && query.planName().isEmpty();
        var filters = new PolicyRepository.Filters(filters(query, today), bookOnly, query.agentId());
        Optional<List<String>> after = query.cursor()
                .map(encoded -> Cursor.decode(encoded, "policies." + query.sort().parameter(),
                        PolicyRepository.keySize(query.sort())))
                .map(Cursor::values);
        List<PolicyView> rows = database.inTransaction(caller,
                tx -> repository.list(tx, caller, filters, query.q(), query.policyholderId().isPresent(),
                        query.sort(), after, query.limit() + 1));
        if (rows.size() <= query.limit()) {
            return Page.last(rows);
        }
        List<PolicyView> page = rows.subList(0, query.limit());
        return new Page<>(page, Optional.of(new Cursor("policies." + query.sort().parameter(),
                PolicyRepository.keyOf(query.sort(), page.getLast())).encode()));
    }

    public PolicyView get(Caller caller, UUID id) {
        return database.inTransaction(caller, tx -> repository.find(tx, caller, id))
                .orElseThrow(() -> new ApiProblem.NotFound(WHAT));
    }

    public PolicyView create(Caller caller, PolicyBody body) {
        WriteAccess.require(caller);
        LocalDate today = BusinessDay.today(clock);
        return database.inTransaction(caller, tx -> {
            Optional<UUID> holderAgent = body.policyholderId() == null ? Optional.empty()
                    : tx.select(POLICYHOLDERS.AGENT_ID).from(POLICYHOLDERS)
                            .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(body.policyholderId()))
                            .and(Visibility.policyholders(caller))
                            .fetchOptional(POLICYHOLDERS.AGENT_ID);
            if (body.policyholderId() != null && holderAgent.isEmpty()) {
                throw ApiProblem.InvalidInput.field("policyholderId", "is not a policyholder in your book");
            }
            // filed under the customer's agent unless another is named
            UUID defaultAgent = holderAgent.orElse(caller.agentId().orElse(null));
            PolicyDetails policy = Problems.orInvalid(PolicyRules.validate(body.fields(defaultAgent), today));
            BookConflicts.requireAgentInScope(tx, caller, policy.agentId());
            List<BookWriter.Written> written = BookConflicts.guarded(
                    () -> new BookWriter(caller.userId()).insertPolicies(tx, List.of(policy)));
            if (written.isEmpty()) {
                throw duplicateNumber(tx, caller, policy.policyNumber());
            }
            return repository.find(tx, caller, written.getFirst().id()).orElseThrow();
        });
    }

    public PolicyView update(Caller caller, UUID id, PolicyBody patch, Optional<String> ifMatch) {
        WriteAccess.require(caller);
        if (patch.status() != null) {
            throw ApiProblem.InvalidInput.field("status", "changes through POST /policies/{id}/status");
        }
        if (patch.policyholderId() != null) {
            throw ApiProblem.InvalidInput.field("policyholderId", "cannot change: a policy stays with its holder");
        }
        LocalDate today = BusinessDay.today(clock);
        return database.inTransaction(caller, tx -> {
            PolicyView recorded = repository.lock(tx, caller, id).orElseThrow(() -> new ApiProblem.NotFound(WHAT));
            ETag.check(ifMatch, recorded.etag());
            PolicyDetails policy = Problems.orInvalid(PolicyRules.validate(patch.over(recorded), today));
            if (!policy.agentId().equals(recorded.agentId())) {
                BookConflicts.requireAgentInScope(tx, caller, policy.agentId());
            }
            if (!policy.policyNumber().equals(recorded.policyNumber())
                    && tx.fetchExists(INSURANCE_POLICIES, INSURANCE_POLICIES.POLICY_NUMBER.eq(policy.policyNumber()))) {
                throw duplicateNumber(tx, caller, policy.policyNumber());
            }
            BookConflicts.guarded(() -> {
                repository.update(tx, id, policy);
                return null;
            });
            return repository.find(tx, caller, id).orElseThrow();
        });
    }

    public PolicyView changeStatus(Caller caller, UUID id, StatusChange change, Optional<String> ifMatch) {
        WriteAccess.require(caller);
        if (change.status() == null || change.status().isBlank()) {
            throw ApiProblem.InvalidInput.field("status", "is required");
        }
        if (change.reason() != null && change.reason().length() > 500) {
            throw ApiProblem.InvalidInput.field("reason", "must be at most 500 characters");
        }
        PolicyStatusEnum wanted = switch (PolicyLifecycle.parse(change.status())) {
            case com.agentmitra.domain.book.Parsed.Valid<PolicyStatusEnum> valid -> valid.value();
            case com.agentmitra.domain.book.Parsed.Invalid<PolicyStatusEnum> invalid ->
                    throw ApiProblem.InvalidInput.field("status", invalid.message());
        };
        LocalDate today = BusinessDay.today(clock);
        return database.inTransaction(caller, tx -> {
            PolicyView recorded = repository.lock(tx, caller, id).orElseThrow(() -> new ApiProblem.NotFound(WHAT));
            ETag.check(ifMatch, recorded.etag());
            PolicyStatusEnum from = PolicyStatusEnum.lookupLiteral(recorded.status());
            switch (PolicyLifecycle.check(from, wanted)) {
                case PolicyLifecycle.Refused refused -> throw new ApiProblem.Conflict(refused.explanation());
                case PolicyLifecycle.Allowed allowed -> repository.changeStatus(tx, id, allowed.to(), change.reason(),
                        caller.userId(), today, firstDue(recorded, allowed.to(), today));
            }
            return repository.find(tx, caller, id).orElseThrow();
        });
    }

    /** A policy becoming active for the first time gets its first due date from its start and frequency. */
    private static Optional<LocalDate> firstDue(PolicyView policy, PolicyStatusEnum to, LocalDate today) {
        if (to != PolicyStatusEnum.active || policy.nextPaymentDate() != null) {
            return Optional.empty();
        }
        return PremiumFrequency.fromSql(policy.premiumFrequency()).firstDueOnOrAfter(policy.startDate(), today);
    }

    private ApiProblem duplicateNumber(DSLContext tx, Caller caller, String policyNumber) {
        return repository.idByNumber(tx, caller, policyNumber)
                .<ApiProblem>map(existing -> new ApiProblem.Conflict(
                        "policy number " + policyNumber + " is already on record as policy " + existing))
                .orElseGet(() -> new ApiProblem.Conflict("policy number " + policyNumber
                        + " is already on record, in another agent's book"));
    }

    private static List<Condition> filters(ListQuery query, LocalDate today) {
        var ip = INSURANCE_POLICIES;
        List<Condition> filters = new ArrayList<>();
        if (!query.statuses().isEmpty()) {
            filters.add(ip.STATUS.in(query.statuses()));
        }
        query.paymentStatus().ifPresent(status -> filters.add(ip.PAYMENT_STATUS.eq(status.toLowerCase(Locale.ROOT))));
        query.dueWithinDays().ifPresent(days -> filters.add(ip.STATUS.eq(PolicyStatusEnum.active)
                .and(ip.NEXT_PAYMENT_DATE.between(today, today.plusDays(days)))));
        query.planName().ifPresent(plan -> filters.add(DSL.lower(ip.PLAN_NAME)
                .like("%" + QueryParameters.likeLiteral(plan.toLowerCase(Locale.ROOT)) + "%", '\\')));
        query.agentId().ifPresent(agent -> filters.add(ip.AGENT_ID.eq(agent)));
        query.policyholderId().ifPresent(holder -> filters.add(ip.POLICYHOLDER_ID.eq(holder)));
        return filters;
    }

    /**
     * {@code q}: policy number (prefix), customer name (substring), phone digits (substring, 4 or more), customer id
     * (exact), case-insensitive, as search_policies_optimized (tenant V023) matches. Stated over the policy alone, the
     * customer's arms a scalar subquery by the customer's key, so a list walks its (agent, sort key) index and tests
     * each policy until the page is full; an EXISTS would be planned as a hash of every matching customer of the
     * tenant, and a join as a hash of the whole book (issue 20).
     */
    static Condition search(String q) {
        String term = q.strip().toLowerCase(Locale.ROOT);
        String pattern = QueryParameters.likeLiteral(term);
        String digits = q.replaceAll("[^0-9]", "");
        var customer = POLICYHOLDERS.as("search_customer");
        Condition matches = DSL.lower(customer.FULL_NAME).like("%" + pattern + "%", '\\')
                .or(DSL.lower(customer.CUSTOMER_ID).eq(term));
        if (digits.length() >= 4) {
            matches = matches.or(customer.PHONE_NUMBER.like("%" + digits + "%"));
        }
        Field<Boolean> customerMatches = DSL.field(DSL.select(DSL.inline(true)).from(customer)
                .where(customer.POLICYHOLDER_ID.eq(INSURANCE_POLICIES.POLICYHOLDER_ID)).and(matches));
        return DSL.lower(INSURANCE_POLICIES.POLICY_NUMBER).like(pattern + "%", '\\')
                .or(DSL.condition(customerMatches));
    }
}
