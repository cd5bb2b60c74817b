package com.agentmitra.policies.policy;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.WALK_BOOK_SEARCH;

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
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
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
     * first rows are read that way and merged, and only the page's rows are then joined to their customer, instead
     * of sorting the whole visible book (issue 20). A page rarely takes many rows of one book, so a first round
     * reads a few rows of each ({@link #firstRoundRows}) and keeps its page when no book ran out of read rows
     * before the page's end ({@link #walk}); otherwise each book's first {@code limit} rows, which always hold the
     * page. A customer's own policies ({@code policyholderId}) are few and read directly.
     *
     * <p>A search ({@code q}) for a name first walks the book(s) in order, testing each policy: an agent's book(s)
     * through tenant V208's search index, a look at {@link #INDEX_LOOK_ROWS} rows and, for a common name, the books
     * that need it read deeper ({@link #searchIndex}); with other filters, or for callers without books, the
     * policies themselves for {@link #SEARCH_WALK_ROWS} rows in all ({@link PolicyService#search}; one book: after a
     * look at its first {@link #SEARCH_LOOK_ROWS}, {@link #lookThenWalk}). A common name fills its page in a few
     * hundred rows. A rarer name, or a term with digits (a phone, a customer id, a policy number: few matches), asks
     * {@link BookSearch} for the matching customers and policies, found through indexes whatever the book's size; up
     * to {@link BookSearch#CAP} of them are read by id (one read, sorted, for any number of books). With more
     * matches or a term too short for an index, the book(s) are walked to the page's end.
     */
    List<PolicyView> list(DSLContext tx, Caller caller, Filters filters, Optional<String> q,
            boolean oneCustomer, PolicySort sort, Optional<List<String>> after, int limit) {
        List<Condition> conditions = new java.util.ArrayList<>(filters.conditions());
        after.ifPresent(values -> conditions.add(keyset(sort, values)));
        Scope oneBook = agent -> Visibility.policies(caller);
        if (oneCustomer) {
            q.ifPresent(term -> conditions.add(PolicyService.search(term)));
            return whole(tx, oneBook, Optional.empty(), conditions, sort, limit);
        }
        boolean name = q.isPresent() && BookSearch.walkFirst(q.get());
        if (q.isPresent() && !name) {
            // a phone, a customer id or a policy number: few matches, found through indexes
            Optional<Condition> found = BookSearch.policies(tx, caller, q.get());
            if (found.isPresent()) {
                conditions.add(found.get());
                return whole(tx, oneBook, Optional.empty(), conditions, sort, limit);
            }
        }
        Optional<UUID[]> books = Visibility.visibleBooks(tx, caller);
        Scope scope = books.isPresent() ? agent -> INSURANCE_POLICIES.AGENT_ID.eq(agent) : oneBook;
        int bookCount = Math.max(1, books.map(ids -> ids.length).orElse(1));
        if (q.isEmpty()) {
            int rows = firstRoundRows(bookCount, limit);
            if (books.isPresent() && rows < limit) {
                Optional<List<PolicyView>> page = walk(tx, scope, books, conditions, DSL.trueCondition(), sort,
                        rows, limit).page();
                if (page.isPresent()) {
                    return page.get();
                }
            }
            return whole(tx, scope, books, conditions, sort, limit);
        }
        Condition matches = PolicyService.search(q.get());
        if (name) {
            // a name: a common one fills its page in a short walk, a rarer one is found through indexes
            // (more books than SEARCH_WALK_ROWS / FIRST_ROUND_MIN_ROWS, a regional manager's, are not walked: at
            // least 8 rows of each would already be more than the walk's rows)
            Optional<UUID[]> indexed = indexedBooks(caller, books, filters);
            Optional<List<PolicyView>> page = indexed.isPresent()
                    ? searchIndex(tx, indexed.get(), q.get(), sort, after, limit).map(ids -> whole(tx, oneBook,
                            Optional.empty(), List.of(INSURANCE_POLICIES.POLICY_ID.eq(DSL.any(ids))), sort, limit))
                    : books.isEmpty()
                    ? lookThenWalk(tx, scope, conditions, matches, sort, limit)
                    : bookCount * FIRST_ROUND_MIN_ROWS > SEARCH_WALK_ROWS ? Optional.empty()
                    : walk(tx, scope, books, conditions, matches, sort, SEARCH_WALK_ROWS / bookCount, limit).page();
            if (page.isPresent()) {
                return page.get();
            }
            Optional<Condition> found = BookSearch.policies(tx, caller, q.get());
            if (found.isPresent()) {
                conditions.add(found.get());
                return whole(tx, oneBook, Optional.empty(), conditions, sort, limit);
            }
        }
        // more matches than the search functions answer, or a term too short for them
        conditions.add(matches);
        return whole(tx, scope, books, conditions, sort, limit);
    }

    /** A merged page's first round reads at least this many rows of each book. */
    static final int FIRST_ROUND_MIN_ROWS = 8;
    /** A name search walks this many rows in all (over every visible book) before asking {@link BookSearch}. */
    static final int SEARCH_WALK_ROWS = 1_024;
    /** A name search in one book first looks at this many rows, and walks on only when it found a few matches there. */
    static final int SEARCH_LOOK_ROWS = 256;
    /** Matches in the first look that make a name common enough to walk on (one customer in a hundred or more). */
    static final int COMMON_NAME_MATCHES = 3;
    /** Rows in all of the first look of a walk through tenant V208's search index (about 1.5 microseconds a row). */
    static final int INDEX_LOOK_ROWS = 512;
    /** Rows in all of a walk through tenant V208's search index read as deep as a look's common name needs. */
    static final int INDEX_WALK_ROWS = 4_096;

    /**
     * What a list of policies is narrowed by besides {@code q}: the conditions on the policy, and whether they are
     * at most one agent's book ({@code agent}), which a name search can walk through tenant V208's search index.
     */
    record Filters(List<Condition> conditions, boolean bookOnly, Optional<UUID> agent) {
        Filters {
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * The books a name search walks through tenant V208's search index: an agent's own book, a senior agent's or a
     * regional manager's visible books (at most {@link #INDEX_WALK_ROWS} / {@link #FIRST_ROUND_MIN_ROWS}), or the one
     * book of an {@code agentId} filter; empty (the walk of the policies themselves) for any other filter, for
     * callers without books of their own (a customer, the tenant-wide roles) and for more books.
     */
    private static Optional<UUID[]> indexedBooks(Caller caller, Optional<UUID[]> visible, Filters filters) {
        if (!filters.bookOnly() || caller.agentId().isEmpty()) {
            return Optional.empty();
        }
        if (filters.agent().isPresent()) {
            return Optional.of(new UUID[] {filters.agent().get()});
        }
        return switch (caller.role()) {
            case JUNIOR_AGENT -> Optional.of(new UUID[] {caller.agentId().get()});
            case SENIOR_AGENT, REGIONAL_MANAGER -> visible
                    .filter(ids -> ids.length * FIRST_ROUND_MIN_ROWS <= INDEX_WALK_ROWS);
            default -> Optional.empty();
        };
    }

    /**
     * A name search's page walked through tenant V208's search index ({@code walk_book_search}): a look at
     * {@link #INDEX_LOOK_ROWS} rows over the books; when it found at least {@link #COMMON_NAME_MATCHES} matches (a
     * common name) but not the page, the books whose last read row came before the page's end are read deeper, to
     * their share of {@link #INDEX_WALK_ROWS}, and the others as far as before, until the page is known (the stop
     * rule of {@link #walk}) or every such book was read that deep: the page's ids, for the caller to read under row
     * level security. Empty for a rarer name, which the search functions find, and when the walk could not know the
     * page.
     */
    private static Optional<UUID[]> searchIndex(DSLContext tx, UUID[] books, String q, PolicySort sort,
            Optional<List<String>> after, int limit) {
        String term = q.strip().toLowerCase(java.util.Locale.ROOT);
        if (term.length() > 100) {
            return Optional.empty(); // lower case can be longer than the 100 characters q was held to
        }
        int[] rows = new int[books.length];
        java.util.Arrays.fill(rows, rowsPerBook(books.length, INDEX_LOOK_ROWS));
        Indexed walked = walkIndex(tx, books, term, sort, after, rows, limit);
        if (walked.page().isEmpty() && walked.matches() < COMMON_NAME_MATCHES) {
            return Optional.empty();
        }
        int deeper = rowsPerBook(books.length, INDEX_WALK_ROWS);
        while (walked.page().isEmpty()) {
            boolean deepened = false;
            for (int i = 0; i < books.length; i++) {
                if (walked.shortBooks().contains(books[i]) && rows[i] < deeper) {
                    rows[i] = deeper;
                    deepened = true;
                }
            }
            if (!deepened) {
                return Optional.empty();
            }
            walked = walkIndex(tx, books, term, sort, after, rows, limit);
        }
        return walked.page().map(ids -> ids.toArray(UUID[]::new));
    }

    /** Rows of each of {@code books} books for {@code total} rows in all, at least {@link #FIRST_ROUND_MIN_ROWS}. */
    static int rowsPerBook(int books, int total) {
        return Math.max(FIRST_ROUND_MIN_ROWS, total / Math.max(1, books));
    }

    /**
     * A walk through the search index: the page's ids, if known; how many matches it read; the books whose last
     * read row came before the page's end (those to read deeper).
     */
    private record Indexed(Optional<List<UUID>> page, int matches, java.util.Set<UUID> shortBooks) {}

    private static Indexed walkIndex(DSLContext tx, UUID[] books, String term, PolicySort sort,
            Optional<List<String>> after, int[] rows, int limit) {
        var walk = WALK_BOOK_SEARCH.call(term, sort.parameter(), books,
                java.util.Arrays.stream(rows).boxed().toArray(Integer[]::new),
                after.map(values -> values.toArray(String[]::new)).orElse(null), limit);
        var read = tx.selectFrom(walk).orderBy(walk.PLACE).fetch();
        List<UUID> matching = new java.util.ArrayList<>();
        java.util.Set<UUID> shortBooks = new java.util.HashSet<>();
        for (int i = 0; i < read.size(); i++) {
            var row = read.get(i);
            boolean isMatch = Boolean.TRUE.equals(row.getMatched());
            if (isMatch) {
                matching.add(row.getPolicyId());
            }
            // a book's unread rows sort after its last read row: the page is known only when none comes before the
            // page's end (a matching last read row that is the page's last row is its end)
            if (Boolean.TRUE.equals(row.getLastRead()) && !(isMatch && i == limit - 1)) {
                shortBooks.add(row.getAgentId());
            }
        }
        return new Indexed(shortBooks.isEmpty() ? Optional.of(matching) : Optional.empty(), matching.size(),
                shortBooks);
    }

    /**
     * A walk's page, if the rows read were enough to know it; else the matching rows it read and the last row it
     * read, after which the unread rows begin (one book).
     */
    private record Walked(Optional<List<PolicyView>> page, List<PolicyView> matched, Optional<PolicyView> lastRead) {}

    /**
     * One book's name search: a look at its first {@link #SEARCH_LOOK_ROWS} rows, and when they held at least
     * {@link #COMMON_NAME_MATCHES} matches (a common name) a walk on from the last of them, up to
     * {@link #SEARCH_WALK_ROWS} rows in all; the look's matches and the walk's page, in order, are the page. A rare
     * name costs only the look before the search functions.
     */
    private Optional<List<PolicyView>> lookThenWalk(DSLContext tx, Scope scope, List<Condition> conditions,
            Condition matches, PolicySort sort, int limit) {
        Walked look = walk(tx, scope, Optional.empty(), conditions, matches, sort, SEARCH_LOOK_ROWS, limit);
        if (look.page().isPresent()) {
            return look.page();
        }
        if (look.matched().size() < COMMON_NAME_MATCHES || look.lastRead().isEmpty()) {
            return Optional.empty();
        }
        List<Condition> after = new java.util.ArrayList<>(conditions);
        after.add(keyset(sort, keyOf(sort, look.lastRead().get())));
        Walked on = walk(tx, scope, Optional.empty(), after, matches, sort, SEARCH_WALK_ROWS - SEARCH_LOOK_ROWS,
                limit - look.matched().size());
        return on.page().map(rest -> {
            List<PolicyView> page = new java.util.ArrayList<>(look.matched());
            page.addAll(rest);
            return page;
        });
    }

    /**
     * Rows of each of {@code books} books a first round reads for a page of {@code limit}: three times a book's
     * share of the page, at least {@link #FIRST_ROUND_MIN_ROWS}: a page of 26 over 51 books of about equal activity
     * almost never needs 8 rows of one book, and one whose first rows sit in a fifth of the books (as the
     * benchmark's due dates do) rarely.
     */
    static int firstRoundRows(int books, int limit) {
        return Math.max(FIRST_ROUND_MIN_ROWS, Math.ceilDiv(3 * limit, books));
    }

    /** The condition that keeps a query to one book ({@code agent}: a merged book's agent) or to the caller's. */
    private interface Scope {
        Condition of(Field<UUID> agent);
    }

    private static final String MATCHED = "matched";
    private static final String POSITION = "read_position";
    private static final String LAST_READ = "last_read";

    /**
     * The page if reading at most {@code rows} rows of each book (in {@code sort} order, after the keyset) is
     * enough to know it. Of each book the read rows that {@code matches} are kept, and its {@code rows}-th row (the
     * last one read, whether it matches or not) marks where its unread rows begin: every unread row of that book
     * sorts after it. The first {@code limit} of those rows of all books, merged, are the page when none of them is
     * such a mark, except a matching mark that is the page's last row: then no unread row can come before the
     * page's end. A book with fewer rows has no mark (it was read whole). Otherwise no page, and (for one book) the
     * matching rows read and the mark, from which {@link #lookThenWalk} goes on.
     */
    private Walked walk(DSLContext tx, Scope scope, Optional<UUID[]> books,
            List<Condition> conditions, Condition matches, PolicySort sort, int rows, int limit) {
        var ip = INSURANCE_POLICIES;
        Function<Field<UUID>, Table<?>> book = agent -> {
            List<Field<?>> fields = new java.util.ArrayList<>(sortKeys(sort));
            fields.add(DSL.field(matches).as(MATCHED));
            fields.add(DSL.rowNumber().over(DSL.orderBy(order(sort))).as(POSITION));
            Table<?> read = DSL.select(fields).from(ip)
                    .where(scope.of(agent)).and(DSL.and(conditions))
                    .orderBy(order(sort))
                    .limit(rows)
                    .asTable("read");
            Field<Boolean> matched = read.field(MATCHED, Boolean.class);
            Field<Integer> position = read.field(POSITION, Integer.class);
            List<Field<?>> kept = new java.util.ArrayList<>(keysOf(sort, read));
            kept.add(matched);
            kept.add(position.eq(rows).as(LAST_READ));
            return DSL.select(kept).from(read)
                    .where(DSL.condition(matched).or(position.eq(rows)))
                    .orderBy(orderOf(sort, read))
                    .limit(limit)
                    .asTable("book");
        };
        Table<?> page = merged(books, book, sort, limit);
        Field<Boolean> matched = page.field(MATCHED, Boolean.class);
        Field<Boolean> lastRead = page.field(LAST_READ, Boolean.class);
        List<Field<?>> fields = new java.util.ArrayList<>(VIEW_FIELDS);
        fields.add(matched);
        fields.add(lastRead);
        var result = tx.select(fields)
                .from(page.join(ip).on(ip.POLICY_ID.eq(page.field(ip.POLICY_ID)))
                        .join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(ip.POLICYHOLDER_ID)))
                .orderBy(orderOf(sort, page))
                .fetch();
        List<PolicyView> matching = new java.util.ArrayList<>();
        Optional<PolicyView> last = Optional.empty();
        boolean known = true;
        for (int i = 0; i < result.size(); i++) {
            Record row = result.get(i);
            PolicyView view = view(row);
            // the search's customer arm is NULL (not false) for a customer who does not match
            boolean isMatch = Boolean.TRUE.equals(row.get(matched));
            if (isMatch) {
                matching.add(view);
            }
            if (Boolean.TRUE.equals(row.get(lastRead))) {
                last = Optional.of(view);
                known &= isMatch && i == limit - 1;
            }
        }
        return new Walked(known ? Optional.of(matching) : Optional.empty(), matching, last);
    }

    /** The page read to its end: each book's first {@code limit} rows that meet {@code conditions}, merged. */
    private List<PolicyView> whole(DSLContext tx, Scope scope, Optional<UUID[]> books, List<Condition> conditions,
            PolicySort sort, int limit) {
        var ip = INSURANCE_POLICIES;
        Function<Field<UUID>, Table<?>> book = agent -> DSL.select(sortKeys(sort)).from(ip)
                .where(scope.of(agent)).and(DSL.and(conditions))
                .orderBy(order(sort))
                .limit(limit)
                .asTable("book");
        Table<?> page = merged(books, book, sort, limit);
        // only the page's rows are joined to their customers
        return tx.select(VIEW_FIELDS)
                .from(page.join(ip).on(ip.POLICY_ID.eq(page.field(ip.POLICY_ID)))
                        .join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(ip.POLICYHOLDER_ID)))
                .orderBy(orderOf(sort, page))
                .fetch(PolicyRepository::view);
    }

    /**
     * The first {@code limit} rows of {@code book} over every merged book (its agent's id given to it, a
     * {@code LATERAL} read each), or {@code book} itself for one book (no agent).
     */
    private static Table<?> merged(Optional<UUID[]> books, Function<Field<UUID>, Table<?>> book, PolicySort sort,
            int limit) {
        if (books.isEmpty()) {
            return book.apply(null).as("page");
        }
        Table<?> visible = DSL.unnest(DSL.val(books.get())).as("visible_books", Visibility.VISIBLE_AGENT);
        Table<?> top = DSL.lateral(book.apply(visible.field(Visibility.VISIBLE_AGENT, UUID.class)));
        return DSL.select(top.fields()).from(visible.crossJoin(top))
                .orderBy(orderOf(sort, top))
                .limit(limit)
                .asTable("page");
    }

    /** {@link #sortKeys}' columns of a derived table. */
    private static List<Field<?>> keysOf(PolicySort sort, Table<?> keys) {
        return sortKeys(sort).stream().<Field<?>>map(key -> keys.field(key.getName())).toList();
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
