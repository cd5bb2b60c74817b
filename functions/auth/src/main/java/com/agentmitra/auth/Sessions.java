package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Opens and rotates device sessions inside the caller's transaction. A refresh token is
 * {@code <tenant code>.<256 random bits>} (the tenant tells refresh which schema holds it), stored only as its
 * SHA-256; every use rotates it (a new row in the same family), and the access token's {@code sid} is the family.
 */
final class Sessions {

    static final Duration REFRESH_TTL = Duration.ofDays(30);
    /**
     * A device session ends this long after sign-in however often it is refreshed (issue 15): a stolen refresh token
     * kept alive by rotation dies with it. Every refresh token of the session expires by then.
     */
    static final Duration ABSOLUTE_LIFETIME = Duration.ofDays(30);

    private final AuthRepository repository;
    private final AccessTokens accessTokens;
    private final Clock clock;

    Sessions(AuthRepository repository, AccessTokens accessTokens, Clock clock) {
        this.repository = repository;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    /** A new device session for the user. */
    Tokens open(DSLContext tx, Tenant tenant, UUID userId, Role role, Optional<UUID> agentId, SignInContext from) {
        return issue(tx, tenant, userId, role, agentId, UUID.randomUUID(), Optional.empty(), from);
    }

    /**
     * The next token of a session whose current row {@code rotated} was just marked rotated; it expires no later than
     * the session's absolute end ({@code sessionEnds}).
     */
    Tokens rotate(DSLContext tx, Tenant tenant, AuthRepository.SessionRow rotated, Role role, Optional<UUID> agentId,
            Instant sessionEnds, SignInContext from) {
        return issue(tx, tenant, rotated.userId(), role, agentId, rotated.familyId(), Optional.of(rotated.sessionId()),
                Optional.of(sessionEnds), from);
    }

    private Tokens issue(DSLContext tx, Tenant tenant, UUID userId, Role role, Optional<UUID> agentId, UUID familyId,
            Optional<UUID> rotatedFrom, SignInContext from) {
        return issue(tx, tenant, userId, role, agentId, familyId, rotatedFrom, Optional.empty(), from);
    }

    private Tokens issue(DSLContext tx, Tenant tenant, UUID userId, Role role, Optional<UUID> agentId, UUID familyId,
            Optional<UUID> rotatedFrom, Optional<Instant> sessionEnds, SignInContext from) {
        Instant now = clock.instant();
        Instant expires = now.plus(REFRESH_TTL);
        Instant ends = sessionEnds.orElse(now.plus(ABSOLUTE_LIFETIME));
        if (ends.isBefore(expires)) {
            expires = ends;
        }
        String refreshToken = tenant.code() + "." + Secrets.token(32);
        repository.insertSession(tx, userId, Secrets.sha256(refreshToken), familyId, rotatedFrom,
                from.device().map(Bodies.Device::json), from.sourceIp(), from.userAgent(), now, expires);
        String access = accessTokens.issue(userId, tenant.id(), tenant.code(), role, agentId, familyId);
        return Tokens.bearer(access, refreshToken, accessTokens.ttl().toSeconds());
    }

    /** The tenant code a refresh token names, if it has the shape of one. */
    static Optional<String> tenantOf(String refreshToken) {
        int dot = refreshToken.indexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(refreshToken.substring(0, dot));
    }
}
