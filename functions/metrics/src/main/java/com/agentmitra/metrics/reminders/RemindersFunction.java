package com.agentmitra.metrics.reminders;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code reminders} entry point: the daily EventBridge schedule (08:00 IST), or a direct invocation, runs every
 * tenant for today's business day. Answers the run report per tenant; any other event is refused
 * ({@link EventShape#schedule()}).
 */
final class RemindersFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final ReminderService reminders;

    RemindersFunction(ReminderService reminders) {
        super("reminders", EventShape.schedule());
        this.reminders = reminders;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        long started = System.nanoTime();
        RemindersReport report = reminders.run();
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics emf = invocation.metrics();
        for (RemindersReport.TenantResult tenant : report.tenants()) {
            emf.count(ReminderMetric.RemindersQueued, tenant.tenant(), tenant.queued());
            emf.count(ReminderMetric.RemindersNotQueued, tenant.tenant(), tenant.notQueued());
            emf.count(ReminderMetric.RemindersSkippedOptedOut, tenant.tenant(), tenant.skippedOptedOut());
            emf.count(ReminderMetric.PoliciesLapsed, tenant.tenant(), tenant.policiesLapsed());
        }
        emf.count(ReminderMetric.TenantsFailed, "all", report.tenantsFailed());
        emf.milliseconds(ReminderMetric.RunMilliseconds, "all", millis);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("day", report.day().toString());
        answer.put("queued", report.queued());
        answer.put("tenantsFailed", report.tenantsFailed());
        answer.put("tenants", report.tenants());
        return answer;
    }
}
