package com.agentmitra.policies.dashboard;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Visibility;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * {@code GET /agents/me/dashboard}: figures over the caller's visible book (a junior agent's own, a senior agent's
 * with the sub-agents', a regional manager's region). Read from what the writes keep per agent (tenant V161): the
 * totals per agent, and the active premium per agent and due date, of which the 61 days around today give what falls
 * due and what is in grace. So the answer costs the same for 100 policies or 200,000 (issue 20), moves with the day,
 * and shows a premium just recorded (the figures change in the writer's transaction).
 */
public final class DashboardService {

    /** Days after a missed due date during which the policy is in grace (seed §2.4 grace_period_days). */
    static final int GRACE_DAYS = 30;
    private static final int DUE_WINDOW_DAYS = 30;
    private static final List<CallbackStatus> OPEN = List.of(CallbackStatus.pending, CallbackStatus.assigned,
            CallbackStatus.in_progress, CallbackStatus.overdue);

    private final Database database;
    private final Clock clock;

    public DashboardService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Dashboard forCaller(Caller caller) {
        if (caller.agentId().isEmpty()) {
            throw new ApiProblem.Forbidden("the dashboard is an agent's: this sign-in has no agent book");
        }
        LocalDate today = BusinessDay.today(clock);
        var totals = BookFigures.Totals.TABLE;
        var due = BookFigures.Due.TABLE;
        Condition due7 = due.DUE_DATE.between(today, today.plusDays(7));
        Condition due30 = due.DUE_DATE.between(today, today.plusDays(DUE_WINDOW_DAYS));
        Condition grace = due.DUE_DATE.lt(today).and(due.DUE_DATE.ge(today.minusDays(GRACE_DAYS)));
        return database.inTransaction(caller, tx -> {
            Record book = tx.select(count(totals.POLICYHOLDERS), count(totals.ACTIVE_POLICIES),
                            money(totals.ACTIVE_PREMIUM), count(totals.LAPSED_POLICIES))
                    .from(books(caller, totals, totals.AGENT_ID))
                    .where(scope(caller, totals.AGENT_ID))
                    .fetchSingle();
            Record dates = tx.select(
                            count(due.POLICIES, due7), money(due.PREMIUM, due7),
                            count(due.POLICIES, due30), money(due.PREMIUM, due30),
                            count(due.POLICIES, grace))
                    .from(books(caller, due, due.AGENT_ID))
                    .where(scope(caller, due.AGENT_ID))
                    .and(due.DUE_DATE.between(today.minusDays(GRACE_DAYS), today.plusDays(DUE_WINDOW_DAYS)))
                    .fetchSingle();
            long callbacks = tx.fetchCount(CALLBACK_REQUESTS, CALLBACK_REQUESTS.STATUS.in(OPEN)
                    .and(Visibility.agentInScope(caller, CALLBACK_REQUESTS.AGENT_ID)));
            return new Dashboard(today, book.get(0, Long.class), book.get(1, Long.class),
                    book.get(2, BigDecimal.class),
                    new Dashboard.Due(dates.get(0, Long.class), dates.get(1, BigDecimal.class)),
                    new Dashboard.Due(dates.get(2, Long.class), dates.get(3, BigDecimal.class)),
                    dates.get(4, Long.class), book.get(3, Long.class), callbacks);
        });
    }

    /**
     * The figures' rows of the caller's books: for many books (a senior agent, a regional manager), joined to the
     * visible agents so each agent's rows are read by key; otherwise the table, scoped by {@link #scope}.
     */
    private static Table<?> books(Caller caller, Table<?> figures, Field<UUID> agent) {
        return Visibility.booksToMerge(caller)
                .<Table<?>>map(visible -> visible.join(figures)
                        .on(agent.eq(visible.field(Visibility.VISIBLE_AGENT, UUID.class))))
                .orElse(figures);
    }

    private static Condition scope(Caller caller, Field<UUID> agent) {
        return Visibility.booksToMerge(caller).isPresent() ? DSL.trueCondition()
                : Visibility.agentInScope(caller, agent);
    }

    private static Field<Long> count(Field<Long> figure) {
        return DSL.coalesce(DSL.sum(figure), BigDecimal.ZERO).cast(Long.class);
    }

    private static Field<Long> count(Field<Long> figure, Condition where) {
        return DSL.coalesce(DSL.sum(figure).filterWhere(where), BigDecimal.ZERO).cast(Long.class);
    }

    private static Field<BigDecimal> money(Field<BigDecimal> figure) {
        return DSL.coalesce(DSL.sum(figure), BigDecimal.ZERO);
    }

    private static Field<BigDecimal> money(Field<BigDecimal> figure, Condition where) {
        return DSL.coalesce(DSL.sum(figure).filterWhere(where), BigDecimal.ZERO);
    }
}
