package com.agentmitra.data;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who a caller is, as row level security sees it ({@code app.user_role}). The first eight are the schema of record's
 * {@code user_role_enum}; {@link #SYSTEM} is for the backend's own work (sign-in look-ups, schedules) and is never
 * taken from a token.
 */
public enum Role {
    SUPER_ADMIN("super_admin"),
    INSURANCE_PROVIDER_ADMIN("insurance_provider_admin"),
    REGIONAL_MANAGER("regional_manager"),
    SENIOR_AGENT("senior_agent"),
    JUNIOR_AGENT("junior_agent"),
    POLICYHOLDER("policyholder"),
    SUPPORT_STAFF("support_staff"),
    GUEST("guest"),
    SYSTEM("system");

    private final String sqlName;

    Role(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The value row level security policies compare with. */
    public String sqlName() {
        return sqlName;
    }

    /** A role named in a token or a request; {@link #SYSTEM} is never accepted from outside. */
    public static Optional<Role> fromUserRole(String name) {
        return Arrays.stream(values())
                .filter(role -> role != SYSTEM && role.sqlName.equals(name))
                .findFirst();
    }

    public boolean isAgent() {
        return this == SENIOR_AGENT || this == JUNIOR_AGENT;
    }
}
