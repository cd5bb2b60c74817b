package com.agentmitra.metrics.reminders;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.LambdaContexts;
import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.messaging.Message;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code reminders} entry point: the daily EventBridge schedule (08:00 IST) runs every tenant for today's
 * business day. Answers the run report per tenant.
 */
final class RemindersFunction implements Function<Message<Map<String, Object>>, Map<String, Object>> {

    private final ReminderService reminders;

    RemindersFunction(ReminderService reminders) {
        this.reminders = reminders;
    }

    @Override
    public Map<String, Object> apply(Message<Map<String, Object>> message) {
        Optional<Context> context = LambdaContexts.from(message);
        return context.isPresent() ? PowertoolsLogging.withLogging(context.get(), this::handle) : handle();
    }

    private Map<String, Object> handle() {
        long started = System.nanoTime();
        RemindersReport report = reminders.run();
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics emf = BusinessMetrics.forInvocation();
        for (RemindersReport.TenantResult tenant : report.tenants()) {
            emf.count(ReminderMetric.RemindersQueued, tenant.tenant(), tenant.queued());
            emf.count(ReminderMetric.RemindersNotQueued, tenant.tenant(), tenant.notQueued());
            emf.count(ReminderMetric.RemindersSkippedOptedOut, tenant.tenant(), tenant.skippedOptedOut());
            emf.count(ReminderMetric.PoliciesLapsed, tenant.tenant(), tenant.policiesLapsed());
        }
        emf.count(ReminderMetric.TenantsFailed, "all", report.tenantsFailed());
        emf.milliseconds(ReminderMetric.RunMilliseconds, "all", millis);
        emf.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("day", report.day().toString());
        answer.put("queued", report.queued());
        answer.put("tenantsFailed", report.tenantsFailed());
        answer.put("tenants", report.tenants());
        return answer;
    }
}
