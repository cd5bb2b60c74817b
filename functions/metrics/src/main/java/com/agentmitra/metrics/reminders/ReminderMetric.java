package com.agentmitra.metrics.reminders;

/** The reminders function's business metrics (embedded metric format). */
enum ReminderMetric {
    RemindersQueued,
    RemindersNotQueued,
    RemindersSkippedOptedOut,
    PoliciesLapsed,
    TenantsFailed,
    RunMilliseconds
}
