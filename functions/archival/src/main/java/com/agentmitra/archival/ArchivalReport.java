package com.agentmitra.archival;

import java.util.List;
import java.util.Map;

/** What one monthly run did, per tenant: rows archived per table, partitions created and dropped, or the failure. */
record ArchivalReport(List<TenantResult> tenants) {

    ArchivalReport {
        tenants = List.copyOf(tenants);
    }

    long rowsArchived() {
        return tenants.stream().mapToLong(tenant -> tenant.archived().values().stream().mapToLong(Long::longValue).sum()).sum();
    }

    long tenantsFailed() {
        return tenants.stream().filter(tenant -> tenant.error() != null).count();
    }

    /** One tenant's outcome; {@code error} names the failure (the other tenants still ran). */
    record TenantResult(String tenant, Map<String, Long> archived, int partitionsCreated, int partitionsDropped,
            String error) {

        TenantResult {
            archived = Map.copyOf(archived);
        }
    }
}
