package com.agentmitra.whatsapp;

import com.agentmitra.data.Tenant;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Each tenant's {@link QuietHours} as the sender sees them: read from {@code shared.tenant_config} in the sender's own
 * transaction and kept per function instance for {@link #FRESH} (a change through {@code PATCH /tenant/settings}
 * reaches every sender within a minute, without a query per message at 78 messages a second).
 */
interface TenantQuietHours {

    Duration FRESH = Duration.ofSeconds(60);

    /** The tenant's quiet hours, or empty when none apply (tests of other rules). */
    Optional<QuietHours> of(DSLContext tx, Tenant tenant);

    /** No quiet hours at all: for tests of the sender's other rules, which run at any hour. */
    static TenantQuietHours none() {
        return (tx, tenant) -> Optional.empty();
    }

    /** The tenant's setting, read at most once per {@link #FRESH} per tenant. */
    static TenantQuietHours fromSettings() {
        return fromSettings(FRESH, System::nanoTime);
    }

    static TenantQuietHours fromSettings(Duration fresh, LongSupplier nanoTime) {
        record Read(QuietHours hours, long at) {}
        Map<UUID, Read> cache = new ConcurrentHashMap<>();
        return (tx, tenant) -> {
            long now = nanoTime.getAsLong();
            Read read = cache.get(tenant.id());
            if (read == null || now - read.at() >= fresh.toNanos()) {
                Optional<String> json = tx.resultQuery("select config_value::text from shared.tenant_config"
                                + " where tenant_id = {0} and config_key = 'quiet_hours'", DSL.val(tenant.id()))
                        .fetchOptional(0, String.class);
                read = new Read(QuietHours.parse(json), now);
                cache.put(tenant.id(), read);
            }
            return Optional.of(read.hours());
        };
    }
}
