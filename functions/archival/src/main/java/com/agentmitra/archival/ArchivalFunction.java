package com.agentmitra.archival;

import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code archival} entry point. The monthly EventBridge schedule (or any event without {@code restore})
 * archives every tenant; {@code {"restore": {"tenant": "LIC", "table": "user_events", "month": "2023-04"}}} loads
 * one archived table-month into {@code <table>_restored}. Any other event is refused ({@link EventShape#schedule()}).
 */
final class ArchivalFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final ArchivalService archival;

    ArchivalFunction(ArchivalService archival) {
        super("archival", EventShape.schedule());
        this.archival = archival;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        if (event.get("restore") instanceof Map<?, ?> restore) {
            return archival.restore(text(restore, "tenant"), text(restore, "table"), month(restore));
        }
        long started = System.nanoTime();
        ArchivalReport report = archival.archiveAll();
        long millis = (System.nanoTime() - started) / 1_000_000;
        BusinessMetrics metrics = invocation.metrics();
        metrics.count(ArchivalMetric.RowsArchived, "all", report.rowsArchived());
        metrics.count(ArchivalMetric.TenantsFailed, "all", report.tenantsFailed());
        metrics.milliseconds(ArchivalMetric.RunMilliseconds, "all", millis);
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
