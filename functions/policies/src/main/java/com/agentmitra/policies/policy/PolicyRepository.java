package com.agentmitra.policies.policy;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.book.PolicyDetails;
import com.agentmitra.domain.book.PolicyLifecycle;
import com.agentmitra.policies.BookSearch;
import com.agentmitra.policies.Visibility;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SelectJoinStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Policies as the caller may see them, with their customer's name and phone. */
final class PolicyRepository {

    private static final LocalDate NO_DUE_DATE = LocalDate.of(9999, 12, 31);
    /** Inlined, not bound: the expression is exactly idx_policies_agent_due's (tenant V160), for any plan. */
    static final Field<LocalDate> DUE_ORDER = DSL.coalesce(INSURANCE_POLICIES.NEXT_PAYMENT_DATE,
            DSL.inline(NO_DUE_DATE));

    Optional<PolicyView> find(DSLContext tx, Caller caller, UUID id) {
        return select(tx).where(INSURANCE_POLICIES.POLICY_ID.eq(id)).and(Visibility.policies(caller))
                .fetchOptional(PolicyRepository::view);
    }

    Optional<PolicyView> lock(DSLContext tx, Caller caller, UUID id) {
        return select(tx).where(INSURANCE_POLICIES.POLICY_ID.eq(id)).and(Visibility.policies(caller))
                .forUpdate().of(INSURANCE_POLICIES)
                .fetchOptional(PolicyRepository::view);
    }

    Optional<UUID> idByNumber(DSLContext tx, Caller caller, String policyNumber) {
        return tx.select(INSURANCE_POLICIES.POLICY_ID).from(INSURANCE_POLICIES)
                .where(INSURANCE_POLICIES.POLICY_NUMBER.eq(policyNumber)).and(Visibility.policies(caller))
                .fetchOptional(INSURANCE_POLICIES.POLICY_ID);
    }

    /**
     * One page (plus one row, to know whether there is another) in {@code sort} order after {@code after};
     * {@code filters} name the policy's columns only (the search's customer arms are a subquery).
     *
     * <p>A book is read as a top-N of its (agent, sort key, id) index (tenant V160), so a page costs the same in a
     * book of 100 or 100,000 policies. A senior agent or a regional manager sees many books: each visible agent's
     * first {@code limit} rows are read that way and merged, and only the page's rows are then joined to their
     * customer, instead of sorting the whole visible book (issue 20). A customer's own policies ({@code
     * policyholderId}) are few and read directly.
     *
     * <p>A search ({@code q}) first asks {@link BookSearch} for the matching customers and policies, found through
     * indexes whatever the book's size; up to {@link BookSearch#CAP} of them are read by id (one read, sorted, for any
     * number of books). With more matches (a common surname) or a term too short for an index, it walks the book(s)
     * as above, testing each policy ({@link PolicyService#search}) until the page is full, which so many matches do
     * quickly.
     */
    List<PolicyView> list(DSLContext tx, Caller caller, List<Condition> filters, Optional<String> q,
            boolean oneCustomer, PolicySort sort, Optional<List<String>> after, int limit) {
        var ip = INSURANCE_POLICIES;
        Condition keyset = after.map(values -> keyset(sort, values)).orElse(DSL.trueCondition());
        Optional<Condition> found = q.isEmpty() || oneCustomer ? Optional.empty()
                : BookSearch.policies(tx, caller, q.get());
        List<Condition> conditions = new java.util.ArrayList<>(filters);
        if (found.isPresent()) {
            conditions.add(found.get());
        } else {
            q.ifPresent(term -> conditions.add(PolicyService.search(term)));
        }
        Optional<Table<Record1<UUID>>> books = oneCustomer || found.isPresent() ? Optional.empty()
                : Visibility.booksToMerge(caller);
        Table<?> page;
        if (books.isEmpty()) {
            page = DSL.select(sortKeys(sort)).from(ip)
                    .where(Visibility.policies(caller)).and(DSL.and(conditions)).and(keyset)
                    .orderBy(order(sort))
                    .limit(limit)
                    .asTable("page");
        } else {
            Table<Record1<UUID>> visible = books.get();
            Field<UUID> visibleAgent = visible.field(Visibility.VISIBLE_AGENT, UUID.class);
            Table<?> top = DSL.lateral(DSL.select(sortKeys(sort)).from(ip)
                    .where(ip.AGENT_ID.eq(visibleAgent)).and(DSL.and(conditions)).and(keyset)
                    .orderBy(order(sort))
                    .limit(limit)
                    .asTable("top"));
            page = DSL.select(top.fields()).from(visible.crossJoin(top))
                    .orderBy(orderOf(sort, top))
                    .limit(limit)
                    .asTable("page");
        }
        // only the page's rows are joined to their customers
        return tx.select(VIEW_FIELDS)
                .from(page.join(ip).on(ip.POLICY_ID.eq(page.field(ip.POLICY_ID)))
                        .join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(ip.POLICYHOLDER_ID)))
                .orderBy(orderOf(sort, page))
                .fetch(PolicyRepository::view);
    }

    private static final String DUE_KEY = "due_order";

    /** The columns {@code sort} orders by, the id last. */
    private static List<Field<?>> sortKeys(PolicySort sort) {
        var ip = INSURANCE_POLICIES;
        return switch (sort) {
            case NEWEST -> List.of(ip.CREATED_AT, ip.POLICY_ID);
            case POLICY_NUMBER -> List.of(ip.POLICY_NUMBER, ip.POLICY_ID);
            case NEXT_PAYMENT_DATE -> List.of(DUE_ORDER.as(DUE_KEY), ip.POLICY_ID);
        };
    }

    /** {@code sort}'s order over the {@link #sortKeys} of a derived table. */
    private static List<SortField<?>> orderOf(PolicySort sort, Table<?> keys) {
        var ip = INSURANCE_POLICIES;
        Field<UUID> id = keys.field(ip.POLICY_ID);
        return switch (sort) {
            case NEWEST -> List.of(keys.field(ip.CREATED_AT).desc(), id.desc());
            case POLICY_NUMBER -> List.of(keys.field(ip.POLICY_NUMBER).asc());
            case NEXT_PAYMENT_DATE -> List.of(keys.field(DUE_KEY, LocalDate.class).asc(), id.asc());
        };
    }

    static List<String> keyOf(PolicySort sort, PolicyView row) {
        return switch (sort) {
            case NEWEST -> List.of(row.createdAt().toString(), row.id().toString());
            case POLICY_NUMBER -> List.of(row.policyNumber());
            case NEXT_PAYMENT_DATE -> List.of(
                    Optional.ofNullable(row.nextPaymentDate()).orElse(NO_DUE_DATE).toString(), row.id().toString());
        };
    }

    static int keySize(PolicySort sort) {
        return sort == PolicySort.POLICY_NUMBER ? 1 : 2;
    }

    void update(DSLContext tx, UUID id, PolicyDetails policy) {
        var ip = INSURANCE_POLICIES;
        tx.update(ip)
                .set(ip.POLICY_NUMBER, policy.policyNumber())
                .set(ip.AGENT_ID, policy.agentId())
                .set(ip.POLICY_TYPE, policy.policyType())
                .set(ip.PLAN_NAME, policy.planName())
                .set(ip.PLAN_CODE, policy.planCode().orElse(null))
                .set(ip.CATEGORY, policy.category().orElse(null))
                .set(ip.SUM_ASSURED, policy.sumAssured())
                .set(ip.PREMIUM_AMOUNT, policy.premiumAmount())
                .set(ip.PREMIUM_FREQUENCY, policy.premiumFrequency().sqlName())
                .set(ip.APPLICATION_DATE, policy.applicationDate())
                .set(ip.START_DATE, policy.startDate())
                .set(ip.MATURITY_DATE, policy.maturityDate().orElse(null))
                .set(ip.NEXT_PAYMENT_DATE, policy.nextPaymentDate().orElse(null))
                .where(ip.POLICY_ID.eq(id))
                .execute();
    }

    void changeStatus(DSLContext tx, UUID id, PolicyStatusEnum status, String reason, Optional<UUID> approvedBy,
            LocalDate today, Optional<LocalDate> nextPaymentDate) {
        var ip = INSURANCE_POLICIES;
        var update = tx.update(ip)
                .set(ip.STATUS, status)
                .set(ip.SUB_STATUS, reason == null || reason.isBlank() ? null : truncate(reason.strip(), 50))
                .set(ip.NEXT_PAYMENT_DATE, DSL.coalesce(ip.NEXT_PAYMENT_DATE,
                        DSL.val(nextPaymentDate.orElse(null), ip.NEXT_PAYMENT_DATE)));
        if (status == PolicyStatusEnum.approved) {
            update = update.set(ip.APPROVAL_DATE, today).set(ip.APPROVED_BY, approvedBy.orElse(null));
        }
        update.where(ip.POLICY_ID.eq(id)).execute();
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** The columns a {@link PolicyView} shows (not the policy's JSON documents), and its customer's name and phone. */
    private static final List<Field<?>> VIEW_FIELDS = List.of(INSURANCE_POLICIES.POLICY_ID,
            INSURANCE_POLICIES.POLICY_NUMBER, INSURANCE_POLICIES.POLICYHOLDER_ID, POLICYHOLDERS.FULL_NAME,
            POLICYHOLDERS.PHONE_NUMBER, INSURANCE_POLICIES.AGENT_ID, INSURANCE_POLICIES.POLICY_TYPE,
            INSURANCE_POLICIES.PLAN_NAME, INSURANCE_POLICIES.PLAN_CODE, INSURANCE_POLICIES.CATEGORY,
            INSURANCE_POLICIES.SUM_ASSURED, INSURANCE_POLICIES.PREMIUM_AMOUNT, INSURANCE_POLICIES.PREMIUM_FREQUENCY,
            INSURANCE_POLICIES.APPLICATION_DATE, INSURANCE_POLICIES.APPROVAL_DATE, INSURANCE_POLICIES.START_DATE,
            INSURANCE_POLICIES.MATURITY_DATE, INSURANCE_POLICIES.STATUS, INSURANCE_POLICIES.PAYMENT_STATUS,
            INSURANCE_POLICIES.LAST_PAYMENT_DATE, INSURANCE_POLICIES.NEXT_PAYMENT_DATE, INSURANCE_POLICIES.REVIVAL_DEADLINE,
            INSURANCE_POLICIES.TOTAL_PAYMENTS, INSURANCE_POLICIES.OUTSTANDING_AMOUNT, INSURANCE_POLICIES.CREATED_AT,
            INSURANCE_POLICIES.UPDATED_AT);

    private static SelectJoinStep<Record> select(DSLContext tx) {
        return tx.select(VIEW_FIELDS).from(INSURANCE_POLICIES)
                .join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(INSURANCE_POLICIES.POLICYHOLDER_ID));
    }

    private static Condition keyset(PolicySort sort, List<String> values) {
        try {
            return switch (sort) {
                case NEWEST -> DSL.row(INSURANCE_POLICIES.CREATED_AT, INSURANCE_POLICIES.POLICY_ID)
                        .lt(java.time.Instant.parse(values.get(0)), UUID.fromString(values.get(1)));
                case POLICY_NUMBER -> INSURANCE_POLICIES.POLICY_NUMBER.gt(values.get(0));
                case NEXT_PAYMENT_DATE -> DSL.row(DUE_ORDER, INSURANCE_POLICIES.POLICY_ID)
                        .gt(LocalDate.parse(values.get(0)), UUID.fromString(values.get(1)));
            };
        } catch (RuntimeException e) {
            throw com.agentmitra.lambda.ApiProblem.InvalidInput.field("cursor",
                    "is not a cursor from this list and sort: start again without it");
        }
    }

    private static List<SortField<?>> order(PolicySort sort) {
        return switch (sort) {
            case NEWEST -> List.of(INSURANCE_POLICIES.CREATED_AT.desc(), INSURANCE_POLICIES.POLICY_ID.desc());
            case POLICY_NUMBER -> List.of(INSURANCE_POLICIES.POLICY_NUMBER.asc());
            case NEXT_PAYMENT_DATE -> List.of(DUE_ORDER.asc(), INSURANCE_POLICIES.POLICY_ID.asc());
        };
    }

    static PolicyView view(Record row) {
        var ip = INSURANCE_POLICIES;
        PolicyStatusEnum status = row.get(ip.STATUS);
        return new PolicyView(row.get(ip.POLICY_ID), row.get(ip.POLICY_NUMBER), row.get(ip.POLICYHOLDER_ID),
                row.get(POLICYHOLDERS.FULL_NAME), row.get(POLICYHOLDERS.PHONE_NUMBER), row.get(ip.AGENT_ID),
                row.get(ip.POLICY_TYPE), row.get(ip.PLAN_NAME), row.get(ip.PLAN_CODE), row.get(ip.CATEGORY),
                row.get(ip.SUM_ASSURED), row.get(ip.PREMIUM_AMOUNT), row.get(ip.PREMIUM_FREQUENCY),
                row.get(ip.APPLICATION_DATE), row.get(ip.APPROVAL_DATE), row.get(ip.START_DATE),
                row.get(ip.MATURITY_DATE), status.getLiteral(),
                PolicyLifecycle.allowedFrom(status).stream().map(PolicyStatusEnum::getLiteral).toList(),
                row.get(ip.PAYMENT_STATUS), row.get(ip.LAST_PAYMENT_DATE), row.get(ip.NEXT_PAYMENT_DATE),
                row.get(ip.REVIVAL_DEADLINE),
                row.get(ip.TOTAL_PAYMENTS), row.get(ip.OUTSTANDING_AMOUNT), row.get(ip.CREATED_AT),
                row.get(ip.UPDATED_AT));
    }
}
