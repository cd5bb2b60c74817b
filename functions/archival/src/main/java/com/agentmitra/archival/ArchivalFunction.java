package com.agentmitra.archival;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.LambdaContexts;
import com.amazonaws.services.lambda.runtime.Context;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.messaging.Message;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The {@code archival} entry point. The monthly EventBridge schedule (or any event without {@code restore})
 * archives every tenant; {@code {"restore": {"tenant": "LIC", "table": "user_events", "month": "2023-04"}}} loads
 * one archived table-month into {@code <table>_restored}.
 */
final class ArchivalFunction implements Function<Message<Map<String, Object>>, Map<String, Object>> {

    private final ArchivalService archival;

    ArchivalFunction(ArchivalService archival) {
        this.archival = archival;
    }

    @Override
    public Map<String, Object> apply(Message<Map<String, Object>> message) {
        Optional<Context> context = LambdaContexts.from(message);
        Map<String, Object> event = message.getPayload() == null ? Map.of() : message.getPayload();
        return context.isPresent() ? PowertoolsLogging.withLogging(context.get(), () -> handle(event)) : handle(event);
    }

    private Map<String, Object> handle(Map<String, Object> event) {
        if (event.get("restore") instanceof Map<?, ?> restore) {
            return archival.restore(text(restore, "tenant"), text(restore, "table"), month(restore));
        }
        long started = System.nanoTime();
        ArchivalReport report = archival.archiveAll();
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics metrics = BusinessMetrics.forInvocation();
        metrics.count(ArchivalMetric.RowsArchived, "all", report.rowsArchived());
        metrics.count(ArchivalMetric.TenantsFailed, "all", report.tenantsFailed());
        metrics.milliseconds(ArchivalMetric.RunMilliseconds, "all", millis);
        metrics.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rowsArchived", report.rowsArchived());
        answer.put("tenantsFailed", report.tenantsFailed());
        answer.put("tenants", report.tenants());
        return answer;
    }

    private static String text(Map<?, ?> restore, String field) {
        Object value = restore.get(field);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("restore needs " + field);
        }
        return value.toString();
    }

    private static YearMonth month(Map<?, ?> restore) {
        try {
            return YearMonth.parse(text(restore, "month"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("restore month must be YYYY-MM");
        }
    }
}
