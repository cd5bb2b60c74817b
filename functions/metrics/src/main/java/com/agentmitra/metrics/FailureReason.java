package com.agentmitra.metrics;

import java.sql.SQLException;

/** What a tenant's run report says when it failed: the database's own words when there are some. */
public final class FailureReason {

    private FailureReason() {}

    /** The first line of the innermost SQL error (jOOQ's own message starts with the whole statement). */
    public static String of(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
        return cause.getClass().getSimpleName() + ": " + message;
    }
}
