package com.agentmitra.auth;

import com.agentmitra.data.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies access tokens: JWTs (RFC 9068 type {@code at+jwt}) signed ES256 with the current key, named
 * by {@code kid}. Verification accepts exactly ES256 with one of our keys (never {@code none}, never an HMAC keyed
 * with a public key), then checks issuer, audience, expiry and the claims' shape. Session revocation is the
 * authorizer's second check ({@link SessionStatus}).
 */
final class AccessTokens {

    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    /** Tolerated clock difference for {@code iat} in the future (never for expiry). */
    private static final Duration SKEW = Duration.ofSeconds(30);
    /** Tokens are short; anything longer is not ours and is refused before parsing. */
    private static final int MAX_LENGTH = 4096;

    /** Signing keys: the auth function's only; the authorizer has none. */
    private final AuthKeys keys;
    private final TokenVerifiers verifiers;
    private final TokenConfig config;
    private final Clock clock;

    /** Issues and verifies (the auth function). */
    AccessTokens(AuthKeys keys, TokenConfig config, Clock clock) {
        this(keys, keys, config, clock);
    }

    private AccessTokens(AuthKeys keys, TokenVerifiers verifiers, TokenConfig config, Clock clock) {
        this.keys = keys;
        this.verifiers = verifiers;
        this.config = config;
        this.clock = clock;
    }

    /** Verifies only, with public keys (the authorizer): {@link #issue} refuses. */
    static AccessTokens verifying(TokenVerifiers verifiers, TokenConfig config, Clock clock) {
        return new AccessTokens(null, verifiers, config, clock);
    }

    /** Why a token was refused (for logs: constant strings, never the token). */
    sealed interface Check permits Valid, Refused {}

    record Valid(AccessClaims claims) implements Check {}

    record Refused(String reason) implements Check {}

    Duration ttl() {
        return config.accessTokenTtl();
    }

    String issue(UUID userId, UUID tenantId, String tenant, Role role, Optional<UUID> agentId, UUID sessionId) {
        if (keys == null) {
            throw new IllegalStateException("this function holds no signing key");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(config.accessTokenTtl())))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", tenantId.toString())
                .claim("tenant", tenant)
                .claim("role", role.sqlName())
                .claim("sid", sessionId.toString());
        agentId.ifPresent(id -> claims.claim("agent_id", id.toString()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.signingKey().getKeyID()).type(TYPE).build(), claims.build());
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    Check verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return new Refused("missing or oversized");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return new Refused("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return new Refused("algorithm not allowed");
        }
        if (!TYPE.equals(header.getType())) {
            return new Refused("not an access token");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return new Refused("unknown critical header");
        }
        P256Verifier verifier = verifiers.verifier(header.getKeyID());
        if (verifier == null) {
            return new Refused("unknown key");
        }
        try {
            if (!jwt.verify(verifier)) {
                return new Refused("bad signature");
            }
        } catch (JOSEException e) {
            return new Refused("bad signature");
        }
        try {
            return claims(jwt.getJWTClaimsSet());
        } catch (ParseException | RuntimeException e) {
            // a missing or non-UUID claim in a token signed by our key: refuse, never fail
            return new Refused("malformed claims");
        }
    }

    private Check claims(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        if (!config.issuer().equals(claims.getIssuer())) {
            return new Refused("wrong issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(config.audience())) {
            return new Refused("wrong audience");
        }
        Date expires = claims.getExpirationTime();
        Date issued = claims.getIssueTime();
        if (expires == null || issued == null) {
            return new Refused("no expiry");
        }
        if (!now.isBefore(expires.toInstant())) {
            return new Refused("expired");
        }
        if (issued.toInstant().isAfter(now.plus(SKEW))
                || Duration.between(issued.toInstant(), expires.toInstant()).compareTo(config.accessTokenTtl()) > 0) {
            return new Refused("implausible lifetime");
        }
        Optional<Role> role = Optional.ofNullable(claims.getStringClaim("role")).flatMap(Role::fromUserRole);
        if (role.isEmpty()) {
            return new Refused("unknown role");
        }
        String agent = claims.getStringClaim("agent_id");
        return new Valid(new AccessClaims(
                UUID.fromString(claims.getSubject()),
                UUID.fromString(claims.getStringClaim("tid")),
                requireText(claims.getStringClaim("tenant")),
                role.get(),
                agent == null ? Optional.empty() : Optional.of(UUID.fromString(agent)),
                UUID.fromString(claims.getStringClaim("sid")),
                issued.toInstant(),
                expires.toInstant()));
    }

    private static String requireText(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing claim");
        }
        return value;
    }
}
