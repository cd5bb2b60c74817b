package com.agentmitra.policies.dashboard;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.policies.Visibility;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@code GET /agents/me/dashboard}: live figures over the caller's visible book (a junior agent's own, a senior
 * agent's with the sub-agents', a regional manager's region). Live rather than the daily materialized view (tenant
 * V022) because due dates and grace move with the day and a just-recorded payment must show.
 */
public final class DashboardService {

    /** Days after a missed due date during which the policy is in grace (seed §2.4 grace_period_days). */
    static final int GRACE_DAYS = 30;
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
        var ip = INSURANCE_POLICIES;
        Condition active = ip.STATUS.eq(PolicyStatusEnum.active);
        Condition due7 = active.and(ip.NEXT_PAYMENT_DATE.between(today, today.plusDays(7)));
        Condition due30 = active.and(ip.NEXT_PAYMENT_DATE.between(today, today.plusDays(30)));
        Condition grace = active.and(ip.NEXT_PAYMENT_DATE.lt(today))
                .and(ip.NEXT_PAYMENT_DATE.ge(today.minusDays(GRACE_DAYS)));
        return database.inTransaction(caller, tx -> {
            Record figures = tx.select(
                            count(active), sum(active),
                            count(due7), sum(due7),
                            count(due30), sum(due30),
                            count(grace),
                            count(ip.STATUS.eq(PolicyStatusEnum.lapsed)))
                    .from(ip).where(Visibility.policies(caller))
                    .fetchSingle();
            long holders = tx.fetchCount(POLICYHOLDERS, Visibility.policyholders(caller));
            long callbacks = tx.fetchCount(CALLBACK_REQUESTS, CALLBACK_REQUESTS.STATUS.in(OPEN)
                    .and(Visibility.agentInScope(caller, CALLBACK_REQUESTS.AGENT_ID)));
            return new Dashboard(today, holders, figures.get(0, Long.class), figures.get(1, BigDecimal.class),
                    new Dashboard.Due(figures.get(2, Long.class), figures.get(3, BigDecimal.class)),
                    new Dashboard.Due(figures.get(4, Long.class), figures.get(5, BigDecimal.class)),
                    figures.get(6, Long.class), figures.get(7, Long.class), callbacks);
        });
    }

    private static Field<Integer> count(Condition condition) {
        return DSL.count().filterWhere(condition);
    }

    private static Field<BigDecimal> sum(Condition condition) {
        return DSL.coalesce(DSL.sum(INSURANCE_POLICIES.PREMIUM_AMOUNT).filterWhere(condition), BigDecimal.ZERO);
    }
}
