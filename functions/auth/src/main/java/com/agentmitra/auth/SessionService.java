package com.agentmitra.auth;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device sessions after sign-in: refresh (rotation with reuse detection), logout, the user's own list, revoking
 * one. Presenting a refresh token that was already exchanged means two parties hold it: the whole session is
 * revoked (RFC 9700 §4.14.2).
 */
final class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final String INVALID = "the refresh token is not valid; sign in again";

    private final Database database;
    private final TenantLookup tenants;
    private final AuthRepository repository;
    private final Sessions sessions;
    private final Clock clock;

    SessionService(Database database, TenantLookup tenants, AuthRepository repository, Sessions sessions,
            Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.sessions = sessions;
        this.clock = clock;
    }

    sealed interface Outcome permits Rotated, Invalid, ReuseDetected {}

    record Rotated(Tokens tokens) implements Outcome {}

    record Invalid() implements Outcome {}

    record ReuseDetected(UUID sessionId) implements Outcome {}

    Tokens refresh(Bodies.Refresh body, SignInContext from) {
        Optional<Tenant> tenant = Sessions.tenantOf(body.refreshToken()).flatMap(tenants.directory()::findByCode);
        if (tenant.isEmpty()) {
            throw new ApiProblem.Unauthorized(INVALID);
        }
        Outcome outcome = database.inTransaction(Caller.system(tenant.get()), tx -> {
            Instant now = clock.instant();
            Optional<AuthRepository.SessionRow> found = repository.sessionByTokenHash(tx,
                    Secrets.sha256(body.refreshToken()));
            if (found.isEmpty() || found.get().revokedAt().isPresent()) {
                return new Invalid();
            }
            AuthRepository.SessionRow row = found.get();
            if (row.rotatedAt().isPresent()) {
                repository.revokeFamily(tx, row.familyId(), Optional.empty(), "reuse_detected", now);
                return new ReuseDetected(row.familyId());
            }
            Instant sessionEnds = repository.sessionStartedAt(tx, row.familyId()).plus(Sessions.ABSOLUTE_LIFETIME);
            if (!now.isBefore(row.expiresAt()) || !now.isBefore(sessionEnds)) {
                // expired, or past the session's absolute lifetime however often refreshed: the session ends here
                repository.revokeFamily(tx, row.familyId(), Optional.empty(), "expired", now);
                return new Invalid();
            }
            Optional<Account> account = repository.accountById(tx, row.userId());
            if (account.isEmpty() || account.get().status() != UserStatusEnum.active) {
                repository.revokeFamily(tx, row.familyId(), Optional.empty(), "user_deactivated", now);
                return new Invalid();
            }
            repository.markRotated(tx, row.sessionId(), now);
            return new Rotated(sessions.rotate(tx, tenant.get(), row, account.get().role(), account.get().agentId(),
                    sessionEnds, from));
        });
        return switch (outcome) {
            case Rotated rotated -> rotated.tokens();
            case Invalid invalid -> throw new ApiProblem.Unauthorized(INVALID);
            case ReuseDetected reuse -> {
                log.warn("Refresh token reused; session revoked: tenant={} sessionId={}", tenant.get().code(),
                        reuse.sessionId());
                throw new ApiProblem.Unauthorized(INVALID);
            }
        };
    }

    /** Ends the session the access token belongs to. */
    void logout(Caller caller, UUID sessionId) {
        database.inTransaction(caller, tx -> repository.revokeFamily(tx, sessionId, Optional.of(caller.requireUserId()),
                "logout", clock.instant()));
    }

    List<AuthRepository.SessionView> list(Caller caller, UUID currentSession) {
        return database.inTransaction(caller, tx -> repository.liveSessions(tx, caller.requireUserId(),
                currentSession, clock.instant()));
    }

    /** Signs one of the caller's own devices out; someone else's session is not found. */
    void revoke(Caller caller, UUID sessionId) {
        int revoked = database.inTransaction(caller, tx -> repository.revokeFamily(tx, sessionId,
                Optional.of(caller.requireUserId()), "logout", clock.instant()));
        if (revoked == 0) {
            throw new ApiProblem.NotFound("session");
        }
    }
}
