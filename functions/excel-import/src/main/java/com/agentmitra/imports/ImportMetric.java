package com.agentmitra.imports;

/** The upload function's business metrics (embedded metric format, per tenant): imports by outcome, rows. */
enum ImportMetric {
    ImportsCompleted,
    ImportsFailed,
    /** Rows created, updated or found unchanged in completed imports. */
    ImportRowsImported,
    /** Rows rejected or duplicated in completed imports (the error report lists them). */
    ImportRowsRejected
}
