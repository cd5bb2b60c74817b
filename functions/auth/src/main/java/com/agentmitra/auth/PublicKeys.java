package com.agentmitra.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the authorizer verifies access tokens with (issue 15): the public ES256 keys alone, from their own secret
 * ({@code PUBLIC_KEYS_SECRET_ID}, a JWK set {@code {"keys": [...]}}), so the function on every request's path never
 * holds a key that signs. A set holding a private key, or anything but EC P-256 keys with a {@code kid}, is refused.
 * Read again every {@link AuthKeys#REREAD_AFTER}, like the auth keys. Locally (no secret) the public part of the
 * development keys file is used.
 */
final class PublicKeys implements TokenVerifiers {

    private final Supplier<Map<String, P256Verifier>> verifiers;

    private PublicKeys(Supplier<Map<String, P256Verifier>> verifiers) {
        this.verifiers = verifiers;
    }

    static PublicKeys load(KeySource source, Clock clock) {
        Supplier<String> read = AuthKeys.reader(source);
        return reloading(switch (source) {
            case KeySource.SecretsManager secret -> read;
            // the development file is the whole auth secret: take its public part, as an operator would
            case KeySource.DevFile file -> () -> AuthKeys.publicKeysJson(read.get());
        }, clock);
    }

    static PublicKeys reloading(Supplier<String> read, Clock clock) {
        return new PublicKeys(new ExpiringValue<>(() -> verifiers(read.get()), AuthKeys.REREAD_AFTER, clock));
    }

    static PublicKeys parse(String json) {
        Map<String, P256Verifier> parsed = verifiers(json);
        return new PublicKeys(() -> parsed);
    }

    /** A SnapStart restore hook: the keys read before the snapshot are read again on their next use. */
    void afterRestore() {
        if (verifiers instanceof ExpiringValue<Map<String, P256Verifier>> expiring) {
            expiring.expire();
        }
    }

    @Override
    public P256Verifier verifier(String kid) {
        return kid == null ? null : verifiers.get().get(kid);
    }

    private static Map<String, P256Verifier> verifiers(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException | RuntimeException e) {
            // the parser's message may quote key material: say only what is wrong in general
            throw new IllegalStateException("the public keys secret is not a JWK set");
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalStateException("the public keys secret holds no key");
        }
        Map<String, P256Verifier> byId = new LinkedHashMap<>();
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                throw new IllegalStateException("the public keys secret holds a private key: give the authorizer "
                        + "the public keys only");
            }
            if (!(key instanceof ECKey ec) || ec.getKeyID() == null || !Curve.P_256.equals(ec.getCurve())) {
                throw new IllegalStateException("every public key must be EC P-256 with a kid");
            }
            try {
                byId.put(ec.getKeyID(), new P256Verifier(ec));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("unusable public key");
            }
        }
        return Map.copyOf(byId);
    }

    @Override
    public String toString() {
        return "PublicKeys[kids=" + verifiers.get().keySet() + "]";
    }
}
