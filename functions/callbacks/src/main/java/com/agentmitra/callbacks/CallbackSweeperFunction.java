package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code callbackSweeper} entry point: the EventBridge schedule (every 5 minutes), or a direct invocation, sweeps
 * every tenant ({@link CallbackSweeper}) and answers each tenant's report; any other event is refused
 * ({@link EventShape#schedule()}).
 */
final class CallbackSweeperFunction
        extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final CallbackSweeper sweeper;

    CallbackSweeperFunction(CallbackSweeper sweeper) {
        super("callbackSweeper", EventShape.schedule());
        this.sweeper = sweeper;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        List<CallbackSweeper.Report> reports = sweeper.sweepAll();
        BusinessMetrics metrics = invocation.metrics();
        for (CallbackSweeper.Report report : reports) {
            metrics.count(CallbackMetric.CallbacksRescored, report.tenant(), report.rescored());
            metrics.count(CallbackMetric.CallbacksMarkedOverdue, report.tenant(), report.markedOverdue());
            metrics.count(CallbackMetric.CallbacksEscalated, report.tenant(), report.escalated());
            metrics.count(CallbackMetric.CallbacksReassigned, report.tenant(), report.reassigned());
            metrics.count(CallbackMetric.CallbacksAssignedBySweeper, report.tenant(), report.assigned());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenants", reports);
        return answer;
    }
}
