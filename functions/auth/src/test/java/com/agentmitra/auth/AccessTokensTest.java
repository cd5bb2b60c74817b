package com.agentmitra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Role;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Access tokens as an attacker would try them: every forgery is refused, with a reason for the log. */
class AccessTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-11-25T06:30:00Z"));
    private final AuthKeys keys = AuthKeys.generate();
    private final AccessTokens tokens = new AccessTokens(keys, config("agent-mitra-test", "agent-mitra-api"), clock);
    private final UUID user = UUID.randomUUID();
    private final UUID tenant = UUID.randomUUID();
    private final UUID agent = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();

    private static TokenConfig config(String issuer, String audience) {
        return new TokenConfig(issuer, audience, Duration.ofMinutes(15), new KeySource.DevFile(Path.of("unused")));
    }

    private String agentToken() {
        return tokens.issue(user, tenant, "LIC", Role.JUNIOR_AGENT, Optional.of(agent), session);
    }

    private JWTClaimsSet claimsOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private String reason(String token) {
        return switch (tokens.verify(token)) {
            case AccessTokens.Valid valid -> "valid";
            case AccessTokens.Refused refused -> refused.reason();
        };
    }

    @Test
    void aTokenWeIssuedVerifiesWithAllItsClaims() {
        AccessTokens.Check check = tokens.verify(agentToken());

        assertThat(check).isInstanceOf(AccessTokens.Valid.class);
        AccessClaims claims = ((AccessTokens.Valid) check).claims();
        assertThat(claims.userId()).isEqualTo(user);
        assertThat(claims.tenantId()).isEqualTo(tenant);
        assertThat(claims.tenant()).isEqualTo("LIC");
        assertThat(claims.role()).isEqualTo(Role.JUNIOR_AGENT);
        assertThat(claims.agentId()).contains(agent);
        assertThat(claims.sessionId()).isEqualTo(session);
        assertThat(claims.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
    }

    @Test
    void headerNamesEs256AndTheSigningKey() throws Exception {
        JWSHeader header = SignedJWT.parse(agentToken()).getHeader();

        assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(header.getKeyID()).isEqualTo(keys.signingKey().getKeyID());
        assertThat(header.getType()).isEqualTo(AccessTokens.TYPE);
    }

    @Nested
    class Forgeries {

        @Test
        void algNoneIsRefused() throws Exception {
            String unsigned = new PlainJWT(claimsOf(agentToken())).serialize();

            assertThat(reason(unsigned)).isEqualTo("not a signed JWT");
        }

        @Test
        void algNoneDressedAsASignedTokenIsRefused() throws Exception {
            String[] parts = agentToken().split("\\.");
            String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\""
                    + keys.signingKey().getKeyID() + "\"}").toString();

            assertThat(reason(header + "." + parts[1] + ".")).isNotEqualTo("valid");
            assertThat(reason(header + "." + parts[1] + "." + parts[2])).isNotEqualTo("valid");
        }

        @Test
        void hs256SignedWithOurPublicKeyIsRefused() throws Exception {
            byte[] publicKey = keys.signingKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .keyID(keys.signingKey().getKeyID()).type(AccessTokens.TYPE).build(), claimsOf(agentToken()));
            forged.sign(new MACSigner(publicKey));
            SignedJWT forgedDer = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .keyID(keys.signingKey().getKeyID()).type(AccessTokens.TYPE).build(), claimsOf(agentToken()));
            forgedDer.sign(new MACSigner(keys.signingKey().toECPublicKey().getEncoded()));

            assertThat(reason(forged.serialize())).isEqualTo("algorithm not allowed");
            assertThat(reason(forgedDer.serialize())).isEqualTo("algorithm not allowed");
        }

        @Test
        void aSignatureFromAnotherKeyWithOurKeyIdIsRefused() throws Exception {
            ECKey foreign = new ECKeyGenerator(Curve.P_256).keyID(keys.signingKey().getKeyID()).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(foreign.getKeyID()).type(AccessTokens.TYPE).build(), claimsOf(agentToken()));
            forged.sign(new ECDSASigner(foreign));

            assertThat(reason(forged.serialize())).isEqualTo("bad signature");
        }

        @Test
        void aKeyIdWeDoNotHaveIsRefused() throws Exception {
            SignedJWT other = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("someone-elses")
                    .type(AccessTokens.TYPE).build(), claimsOf(agentToken()));
            other.sign(keys.signer());

            assertThat(reason(other.serialize())).isEqualTo("unknown key");
        }

        @Test
        void tamperedClaimsBreakTheSignature() throws Exception {
            String[] parts = agentToken().split("\\.");
            JWTClaimsSet promoted = new JWTClaimsSet.Builder(claimsOf(agentToken()))
                    .claim("role", "insurance_provider_admin").build();
            String tampered = parts[0] + "." + Base64URL.encode(promoted.toString()) + "." + parts[2];

            assertThat(reason(tampered)).isEqualTo("bad signature");
        }

        @Test
        void aTokenForAnotherTenantCannotBeMadeFromOurs() throws Exception {
            String[] parts = agentToken().split("\\.");
            JWTClaimsSet moved = new JWTClaimsSet.Builder(claimsOf(agentToken()))
                    .claim("tid", UUID.randomUUID().toString()).claim("tenant", "HDFC_LIFE").build();

            assertThat(reason(parts[0] + "." + Base64URL.encode(moved.toString()) + "." + parts[2]))
                    .isEqualTo("bad signature");
        }

        @Test
        void aSignedJwtThatIsNotAnAccessTokenIsRefused() throws Exception {
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(keys.signingKey().getKeyID()).type(JOSEObjectType.JWT).build(), claimsOf(agentToken()));
            idToken.sign(keys.signer());

            assertThat(reason(idToken.serialize())).isEqualTo("not an access token");
        }

        @Test
        void garbageIsRefusedWithoutAnException() {
            assertThat(reason("")).isEqualTo("missing or oversized");
            assertThat(reason("not.a.jwt")).isNotEqualTo("valid");
            assertThat(reason("x".repeat(5000))).isEqualTo("missing or oversized");
        }
    }

    @Nested
    class Validity {

        @Test
        void anExpiredTokenIsRefused() {
            String token = agentToken();

            clock.advance(Duration.ofMinutes(15));

            assertThat(reason(token)).isEqualTo("expired");
        }

        @Test
        void aTokenForAnotherAudienceIsRefused() {
            String token = new AccessTokens(keys, config("agent-mitra-test", "another-api"), clock)
                    .issue(user, tenant, "LIC", Role.JUNIOR_AGENT, Optional.of(agent), session);

            assertThat(reason(token)).isEqualTo("wrong audience");
        }

        @Test
        void aTokenFromAnotherIssuerIsRefused() {
            String token = new AccessTokens(keys, config("someone-else", "agent-mitra-api"), clock)
                    .issue(user, tenant, "LIC", Role.JUNIOR_AGENT, Optional.of(agent), session);

            assertThat(reason(token)).isEqualTo("wrong issuer");
        }

        @Test
        void aTokenSignedByTheRightKeyButMissingClaimsIsRefused() throws Exception {
            SignedJWT partial = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(keys.signingKey().getKeyID()).type(AccessTokens.TYPE).build(),
                    new JWTClaimsSet.Builder(claimsOf(agentToken())).claim("sid", null).build());
            partial.sign(keys.signer());

            assertThat(reason(partial.serialize())).isEqualTo("malformed claims");
        }

        @Test
        void aTokenClaimingTheSystemRoleIsRefused() throws Exception {
            SignedJWT system = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(keys.signingKey().getKeyID()).type(AccessTokens.TYPE).build(),
                    new JWTClaimsSet.Builder(claimsOf(agentToken())).claim("role", "system").build());
            system.sign(keys.signer());

            assertThat(reason(system.serialize())).isEqualTo("unknown role");
        }
    }

    @Test
    void keysPrintOnlyTheirIds() {
        assertThat(keys.toString()).contains(keys.signingKey().getKeyID()).doesNotContain("\"d\"");
        @SuppressWarnings("unchecked")
        var published = (java.util.List<java.util.Map<String, Object>>) keys.publicJwks().get("keys");
        assertThat(published).hasSize(1).allSatisfy(key -> assertThat(key).doesNotContainKey("d")
                .containsEntry("kid", keys.signingKey().getKeyID()).containsEntry("alg", "ES256"));
    }
}
