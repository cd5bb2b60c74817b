package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.UnknownTenantException;
import java.time.Clock;

/**
 * The authorizer's second check: the session an access token names is still live in the token's own tenant (not
 * logged out, not revoked for reuse, a password change or a suspension). One indexed look-up per request.
 */
class SessionStatus {

    private final Database database;
    private final TenantDirectory tenants;
    private final AuthRepository repository;
    private final Clock clock;

    SessionStatus(Database database, TenantDirectory tenants, AuthRepository repository, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.clock = clock;
    }

    boolean live(AccessClaims claims) {
        Tenant tenant;
        try {
            tenant = tenants.byId(claims.tenantId());
        } catch (UnknownTenantException e) {
            return false;
        }
        if (!tenant.code().equals(claims.tenant())) {
            return false;
        }
        return database.inTransaction(Caller.system(tenant), tx -> repository.sessionLive(tx, claims.sessionId(),
                claims.userId(), clock.instant()));
    }
}
