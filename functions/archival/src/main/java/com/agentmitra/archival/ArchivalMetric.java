package com.agentmitra.archival;

/** The archival function's business metrics (embedded metric format). */
enum ArchivalMetric {
    RowsArchived,
    TenantsFailed,
    RunMilliseconds
}
