package com.agentmitra.data;

/** A tenant code or id that names no active tenant. Never answered with a default tenant. */
public final class UnknownTenantException extends RuntimeException {

    public UnknownTenantException(String tenant) {
        super("unknown tenant: " + tenant);
    }
}
