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
        return database.inTransaction(caller, tx -> {
            Book book = book(caller, totals, totals.AGENT_ID, DSL.trueCondition(), 1);
            Record figures = tx.select(count(book.field(totals.POLICYHOLDERS)),
                            count(book.field(totals.ACTIVE_POLICIES)), money(book.field(totals.ACTIVE_PREMIUM)),
                            count(book.field(totals.LAPSED_POLICIES)))
                    .from(book.from())
                    .fetchSingle();
            Book dates = book(caller, due, due.AGENT_ID,
                    due.DUE_DATE.between(today.minusDays(GRACE_DAYS), today.plusDays(DUE_WINDOW_DAYS)),
                    GRACE_DAYS + DUE_WINDOW_DAYS + 1);
            Field<LocalDate> date = dates.field(due.DUE_DATE);
            Field<Long> policies = dates.field(due.POLICIES);
            Field<BigDecimal> premium = dates.field(due.PREMIUM);
            Condition due7 = date.between(today, today.plusDays(7));
            Condition due30 = date.between(today, today.plusDays(DUE_WINDOW_DAYS));
            Condition grace = date.lt(today);
            Record window = tx.select(count(policies, due7), money(premium, due7), count(policies, due30),
                            money(premium, due30), count(policies, grace))
                    .from(dates.from())
                    .fetchSingle();
            long callbacks = tx.fetchCount(CALLBACK_REQUESTS, CALLBACK_REQUESTS.STATUS.in(OPEN)
                    .and(Visibility.agentInScope(caller, CALLBACK_REQUESTS.AGENT_ID)));
            return new Dashboard(today, figures.get(0, Long.class), figures.get(1, Long.class),
                    figures.get(2, BigDecimal.class),
                    new Dashboard.Due(window.get(0, Long.class), window.get(1, BigDecimal.class)),
                    new Dashboard.Due(window.get(2, Long.class), window.get(3, BigDecimal.class)),
                    window.get(4, Long.class), figures.get(3, Long.class), callbacks);
        });
    }

    /** The rows of a figures table that belong to the caller's books ({@code rows}), and what to read them from. */
    private record Book(Table<?> rows, Table<?> from) {
        <T> Field<T> field(Field<T> column) {
            return rows.field(column);
        }
    }

    /**
     * A junior agent's (or anyone's with one book or the tenant): the table filtered by {@link Visibility}. Many
     * books (a senior agent, a regional manager): each visible agent's rows read by key ({@code LATERAL}), since
     * the planner, not knowing how many agents {@code visible_agent_ids()} answers, would otherwise hash-join a scan
     * of the whole table. {@code perAgent}, the most rows an agent has there (its key's), is the subquery's LIMIT,
     * which keeps PostgreSQL from flattening the LATERAL back into that join.
     */
    private static Book book(Caller caller, Table<?> figures, Field<UUID> agent, Condition where, int perAgent) {
        return Visibility.booksToMerge(caller)
                .map(visible -> {
                    Table<?> rows = DSL.lateral(DSL.select(figures.fields()).from(figures)
                            .where(agent.eq(visible.field(Visibility.VISIBLE_AGENT, UUID.class))).and(where)
                            .limit(DSL.inline(perAgent))
                            .asTable("book"));
                    return new Book(rows, visible.crossJoin(rows));
                })
                .orElseGet(() -> {
                    Table<?> rows = DSL.select(figures.fields()).from(figures)
                            .where(Visibility.agentInScope(caller, agent)).and(where)
                            .asTable("book");
                    return new Book(rows, rows);
                });
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
