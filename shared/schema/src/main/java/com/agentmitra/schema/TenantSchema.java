package com.agentmitra.schema;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** A tenant's own PostgreSQL schema, as registered in {@code shared.tenants}. */
public record TenantSchema(UUID tenantId, String code, String schemaName) {

    private static final Pattern SAFE_SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public TenantSchema {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(schemaName, "schemaName");
        // the name reaches SQL as an identifier and a Flyway placeholder: allow only plain lower-case names
        if (!SAFE_SCHEMA.matcher(schemaName).matches()) {
            throw new IllegalArgumentException("tenant schema name must be a lower-case identifier: " + schemaName);
        }
    }
}
