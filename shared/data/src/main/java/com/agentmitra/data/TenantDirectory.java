package com.agentmitra.data;

import static com.agentmitra.data.jooq.shared.Tables.TENANTS;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The active tenants, read from {@code shared.tenants} on first use and again when an unknown code or id is asked
 * for (a tenant added since start-up). An unknown tenant is an error, never a default.
 */
public final class TenantDirectory {

    private final Database database;
    private final AtomicReference<List<Tenant>> tenants = new AtomicReference<>();

    public TenantDirectory(Database database) {
        this.database = database;
    }

    /** The tenant with this code (case-insensitive, e.g. {@code LIC}); {@link UnknownTenantException} otherwise. */
    public Tenant byCode(String code) {
        return findByCode(code).orElseThrow(() -> new UnknownTenantException(code));
    }

    public Optional<Tenant> findByCode(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        return find(tenant -> tenant.code().equalsIgnoreCase(wanted));
    }

    /** The tenant with this id; {@link UnknownTenantException} otherwise. */
    public Tenant byId(UUID id) {
        return find(tenant -> tenant.id().equals(id)).orElseThrow(() -> new UnknownTenantException(String.valueOf(id)));
    }

    public List<Tenant> all() {
        return loaded();
    }

    private Optional<Tenant> find(java.util.function.Predicate<Tenant> match) {
        Optional<Tenant> found = loaded().stream().filter(match).findFirst();
        if (found.isPresent()) {
            return found;
        }
        tenants.set(load());
        return tenants.get().stream().filter(match).findFirst();
    }

    private List<Tenant> loaded() {
        List<Tenant> current = tenants.get();
        if (current == null) {
            current = load();
            tenants.set(current);
        }
        return current;
    }

    private List<Tenant> load() {
        return database.inSharedTransaction(tx -> tx
                .select(TENANTS.TENANT_ID, TENANTS.TENANT_CODE, TENANTS.SCHEMA_NAME)
                .from(TENANTS)
                .where(TENANTS.SCHEMA_NAME.isNotNull())
                .and(TENANTS.STATUS.eq("active"))
                .orderBy(TENANTS.TENANT_CODE)
                .fetch(row -> new Tenant(row.value1(), row.value2(), row.value3())));
    }
}
