package com.agentmitra.metrics;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.LambdaContexts;
import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.messaging.Message;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code metrics} entry point. The nightly EventBridge schedule (any event without dates) computes the previous
 * business day; {@code {"date": "2026-11-24"}} one day; {@code {"from": "2026-11-01", "to": "2026-11-24"}} a
 * backfill. Answers the run report per tenant.
 */
final class MetricsFunction implements Function<Message<Map<String, Object>>, Map<String, Object>> {

    private final NightlyMetrics metrics;
    private final Clock clock;

    MetricsFunction(NightlyMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> apply(Message<Map<String, Object>> message) {
        Optional<Context> context = LambdaContexts.from(message);
        Map<String, Object> event = message.getPayload() == null ? Map.of() : message.getPayload();
        return context.isPresent() ? PowertoolsLogging.withLogging(context.get(), () -> handle(event)) : handle(event);
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        MetricsDays days = MetricsDays.from(event, clock);
        long started = System.nanoTime();
        MetricsReport report = metrics.run(days);
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics emf = BusinessMetrics.forInvocation();
        for (MetricsReport.TenantResult tenant : report.tenants()) {
            emf.count(MetricsMetric.MetricRowsWritten, tenant.tenant(), tenant.rowsWritten());
            emf.milliseconds(MetricsMetric.RunMilliseconds, tenant.tenant(), tenant.milliseconds());
        }
        emf.count(MetricsMetric.TenantsFailed, "all", report.tenantsFailed());
        emf.milliseconds(MetricsMetric.RunMilliseconds, "all", millis);
        emf.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", days.from().toString());
        answer.put("to", days.to().toString());
        answer.put("rowsWritten", report.rowsWritten());
        answer.put("tenantsFailed", report.tenantsFailed());
        answer.put("tenants", report.tenants());
        return answer;
    }
}
