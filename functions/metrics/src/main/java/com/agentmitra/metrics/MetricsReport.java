package com.agentmitra.metrics;

import java.time.LocalDate;
import java.util.List;

/** What one metrics run did, per tenant: rows written per table over the days, or the failure. */
record MetricsReport(LocalDate from, LocalDate to, List<TenantResult> tenants) {

    MetricsReport {
        tenants = List.copyOf(tenants);
    }

    long rowsWritten() {
        return tenants.stream().mapToLong(TenantResult::rowsWritten).sum();
    }

    long tenantsFailed() {
        return tenants.stream().filter(tenant -> tenant.error() != null).count();
    }

    /**
     * One tenant's outcome: rows upserted into agent_performance, callback_metrics_daily and
     * agent_callback_performance, whether the dashboard view was refreshed, and {@code error} when it failed (the
     * other tenants still ran; days before the failing one stay written).
     */
    record TenantResult(String tenant, long agentPerformanceRows, long callbackMetricsRows,
            long agentCallbackRows, boolean dashboardRefreshed, long milliseconds, String error) {

        long rowsWritten() {
            return agentPerformanceRows + callbackMetricsRows + agentCallbackRows;
        }
    }
}
