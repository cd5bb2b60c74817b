package com.agentmitra.metrics.reminders;

import java.time.LocalDate;
import java.util.List;

/** What one daily reminders run did, per tenant. */
public record RemindersReport(LocalDate day, List<TenantResult> tenants) {

    public RemindersReport {
        tenants = List.copyOf(tenants);
    }

    public long queued() {
        return tenants.stream().mapToLong(TenantResult::queued).sum();
    }

    public long tenantsFailed() {
        return tenants.stream().filter(tenant -> tenant.error() != null).count();
    }

    /**
     * One tenant's outcome: messages claimed by kind (premium and grace reminders, lapse notices: the customers' and
     * the agents' daily digests, maturity, birthdays), steps skipped because the customer has not opted in to
     * WhatsApp, has no number or turned premium reminders off, policies lapsed, claims expired or cancelled unsent
     * (including those whose customer withdrew consent or turned the category off after the claim), messages queued
     * now (this run's claims and earlier ones whose enqueue had failed), messages that could not be queued (left
     * pending for the next run), and the failure.
     */
    public record TenantResult(String tenant, long premiumReminders, long lapseNotices, long maturityReminders,
            long birthdayGreetings, long skippedOptedOut, long policiesLapsed, long retired, long queued,
            long notQueued, long milliseconds, String error) {}
}
