package com.agentmitra.policies;

import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The big-book tests' oracle: the policies of {@code agents} that meet {@code where}, read whole as the owner (no row
 * level security) and sorted by PostgreSQL in the order {@code sort} names, as {@code GET /policies} answered before
 * issue 20 read books by parts; its pages, followed to the end, must be exactly this list.
 */
final class BookOrder {

    private BookOrder() {}

    static List<String> ids(DSLContext owner, List<UUID> agents, String sort, Condition where) {
        var ip = INSURANCE_POLICIES;
        List<SortField<?>> order = switch (sort) {
            case "newest" -> List.of(ip.CREATED_AT.desc(), ip.POLICY_ID.desc());
            case "policyNumber" -> List.of(ip.POLICY_NUMBER.asc());
            case "nextPaymentDate" -> List.of(
                    DSL.coalesce(ip.NEXT_PAYMENT_DATE, DSL.inline(LocalDate.of(9999, 12, 31))).asc(),
                    ip.POLICY_ID.asc());
            default -> throw new IllegalArgumentException(sort);
        };
        return owner.select(ip.POLICY_ID)
                .from(ip).join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(ip.POLICYHOLDER_ID))
                .where(ip.AGENT_ID.in(agents)).and(where)
                .orderBy(order)
                .fetch(r -> r.value1().toString());
    }
}
