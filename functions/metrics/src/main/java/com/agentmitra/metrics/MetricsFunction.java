package com.agentmitra.metrics;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code metrics} entry point. The nightly EventBridge schedule (any event without dates) computes the previous
 * business day; {@code {"date": "2026-11-24"}} one day; {@code {"from": "2026-11-01", "to": "2026-11-24"}} a
 * backfill. Answers the run report per tenant; any other event is refused ({@link EventShape#schedule()}).
 */
final class MetricsFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final NightlyMetrics metrics;
    private final Clock clock;

    MetricsFunction(NightlyMetrics metrics, Clock clock) {
        super("metrics", EventShape.schedule());
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        MetricsDays days = MetricsDays.from(event, clock);
        long started = System.nanoTime();
        MetricsReport report = metrics.run(days);
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics emf = invocation.metrics();
        for (MetricsReport.TenantResult tenant : report.tenants()) {
            emf.count(MetricsMetric.MetricRowsWritten, tenant.tenant(), tenant.rowsWritten());
            emf.milliseconds(MetricsMetric.RunMilliseconds, tenant.tenant(), tenant.milliseconds());
        }
        emf.count(MetricsMetric.TenantsFailed, "all", report.tenantsFailed());
        emf.milliseconds(MetricsMetric.RunMilliseconds, "all", millis);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", days.from().toString());
        answer.put("to", days.to().toString());
        answer.put("rowsWritten", report.rowsWritten());
        answer.put("tenantsFailed", report.tenantsFailed());
        answer.put("tenants", report.tenants());
        return answer;
    }
}
