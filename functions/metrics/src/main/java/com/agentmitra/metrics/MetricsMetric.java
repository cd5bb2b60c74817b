package com.agentmitra.metrics;

/** The metrics function's business metrics (embedded metric format). */
enum MetricsMetric {
    MetricRowsWritten,
    TenantsFailed,
    RunMilliseconds
}
