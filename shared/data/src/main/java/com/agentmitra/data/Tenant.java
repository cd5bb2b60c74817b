package com.agentmitra.data;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** A tenant (an insurance provider's space) and the PostgreSQL schema that holds its data. */
public record Tenant(UUID id, String code, String schema) {

    private static final Pattern SAFE_SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(schema, "schema");
        if (!SAFE_SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("tenant schema must be a lower-case identifier: " + schema);
        }
    }
}
