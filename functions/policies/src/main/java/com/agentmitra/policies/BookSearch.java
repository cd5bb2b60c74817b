package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A search's matches found through indexes (issue 20): tenant V205's {@code search_customer_ids} and
 * {@code search_policy_ids} answer the ids of the caller's visible customers and policies that match {@code q}, from
 * V204's tables and their trigram and prefix indexes, which row level security keeps the application's own queries
 * from using ({@code lower()} and {@code LIKE} are not leakproof). The page is then read as before, as the caller,
 * under row level security, by those ids.
 *
 * <p>Empty (the caller walks its book instead, as before) when the term is shorter than 3 characters (no trigram
 * to look up) or when the matches are more than {@link #CAP}: so many matches fill a page after a short walk.
 */
public final class BookSearch {

    /** At most this many matching customers, and as many policies by number, are read by id. */
    public static final int CAP = 10_000;
    /** The shortest term the functions take (a trigram). */
    static final int MIN_TERM = 3;

    private BookSearch() {}

    /** A condition on {@code insurance_policies}: the policies of the matching customers, or whose number matches. */
    public static Optional<Condition> policies(DSLContext tx, Caller caller, String q) {
        Optional<String> term = term(q);
        if (term.isEmpty()) {
            return Optional.empty();
        }
        Field<UUID[]> customers = ids(caller, "search_customer_ids", term.get());
        Field<UUID[]> policies = ids(caller, "search_policy_ids", term.get());
        Record2<UUID[], UUID[]> found = tx.select(customers, policies).fetchSingle();
        UUID[] customerIds = found.value1();
        UUID[] policyIds = found.value2();
        if (customerIds.length > CAP || policyIds.length > CAP) {
            return Optional.empty();
        }
        Condition byCustomer = customerIds.length == 0 ? DSL.falseCondition()
                : INSURANCE_POLICIES.POLICYHOLDER_ID.eq(DSL.any(DSL.val(customerIds)));
        Condition byNumber = policyIds.length == 0 ? DSL.falseCondition()
                : INSURANCE_POLICIES.POLICY_ID.eq(DSL.any(DSL.val(policyIds)));
        return Optional.of(byCustomer.or(byNumber));
    }

    /** A condition on {@code policyholders}: the matching customers. */
    public static Optional<Condition> customers(DSLContext tx, Caller caller, String q) {
        Optional<String> term = term(q);
        if (term.isEmpty()) {
            return Optional.empty();
        }
        UUID[] customerIds = tx.select(ids(caller, "search_customer_ids", term.get())).fetchSingle().value1();
        if (customerIds.length > CAP) {
            return Optional.empty();
        }
        return Optional.of(customerIds.length == 0 ? DSL.falseCondition()
                : POLICYHOLDERS.POLICYHOLDER_ID.eq(DSL.any(DSL.val(customerIds))));
    }

    /**
     * Whether a search for {@code q} should walk the book before asking the functions: a name may be common (a
     * surname shared by one customer in twenty fills a page within a few hundred rows, while its index lookup reads
     * every match of the tenant); a term with a digit is a phone, a customer id or a policy number, with few matches.
     */
    public static boolean walkFirst(String q) {
        return q.chars().noneMatch(Character::isDigit);
    }

    /** The term as the functions compare it (lower-cased, trimmed), if long enough for them. */
    static Optional<String> term(String q) {
        String term = q.strip().toLowerCase(Locale.ROOT);
        return term.length() >= MIN_TERM && term.length() <= 100 ? Optional.of(term) : Optional.empty();
    }

    private static Field<UUID[]> ids(Caller caller, String function, String term) {
        return DSL.field("array(select {0}({1}, {2}))", SQLDataType.UUID.array(),
                DSL.name(caller.tenant().schema(), function), DSL.val(term), DSL.inline(CAP));
    }
}
