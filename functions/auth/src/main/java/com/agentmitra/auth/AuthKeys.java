package com.agentmitra.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * The module's keys, from one secret: ES256 signing keys as a JWK set (the first signs; the others still verify,
 * for rotation by {@code kid}) and a 256-bit key for the keyed hashes of one-time codes. The secret's JSON:
 * {@code {"signingKeys": {"keys": [<EC P-256 private JWK with kid>...]}, "hashKey": "<base64url, 32 bytes>"}}.
 * Loaded from Secrets Manager (or the development file), the secret is read again every {@link #REREAD_AFTER}
 * ({@link ExpiringValue}), so a changed secret reaches warm and SnapStart-restored functions without a deploy. Only
 * the auth function reads it; the authorizer gets the public keys alone ({@link PublicKeys}).
 * {@link #toString()} prints key ids only.
 */
final class AuthKeys implements TokenVerifiers {

    /** How long a read secret is used before it is read again (issue 15: not for ever in the snapshot). */
    static final java.time.Duration REREAD_AFTER = java.time.Duration.ofMinutes(5);

    private final java.util.function.Supplier<Material> material;

    private AuthKeys(java.util.function.Supplier<Material> material) {
        this.material = material;
    }

    static AuthKeys load(KeySource source, java.time.Clock clock) {
        return reloading(reader(source), clock);
    }

    /** Keys read by {@code read} now, and again once {@link #REREAD_AFTER} has passed. */
    static AuthKeys reloading(java.util.function.Supplier<String> read, java.time.Clock clock) {
        return new AuthKeys(new ExpiringValue<>(() -> Material.parse(read.get()), REREAD_AFTER, clock));
    }

    /**
     * Reads the secret's JSON from where {@code source} says, each time it is asked; one Secrets Manager client for
     * all reads (Powertools' own cache holds a value for 5 seconds only).
     */
    static java.util.function.Supplier<String> reader(KeySource source) {
        return switch (source) {
            case KeySource.SecretsManager secret -> {
                SecretsProvider provider = SecretsProvider.builder().build();
                yield () -> provider.get(secret.secretId());
            }
            case KeySource.DevFile file -> () -> readOrCreate(file.path());
        };
    }

    /** Fresh keys (one signing key, one hash key): development files and tests. */
    static AuthKeys generate() {
        return parse(newSecretJson());
    }

    static AuthKeys parse(String json) {
        Material parsed = Material.parse(json);
        return new AuthKeys(() -> parsed);
    }

    /**
     * A SnapStart restore hook: the keys read before the snapshot are read again on their next use (not in the hook,
     * which opens no connection), so a key rotated or revoked since the snapshot is not used by a restored copy.
     */
    void afterRestore() {
        if (material instanceof ExpiringValue<Material> expiring) {
            expiring.expire();
        }
    }

    ECKey signingKey() {
        return material.get().signingKey;
    }

    ECDSASigner signer() {
        return material.get().signer;
    }

    /** The verifier for {@code kid}, or null when the key is not ours. */
    @Override
    public P256Verifier verifier(String kid) {
        return kid == null ? null : material.get().verifiers.get(kid);
    }

    /** {@code GET /.well-known/jwks.json}: public parts only. */
    Map<String, Object> publicJwks() {
        return material.get().publicKeys.toJSONObject(true);
    }

    /** A keyed hash (HMAC-SHA256, hex) of a one-time code, so a database leak does not hand out codes. */
    String keyedHash(String purpose, String value) {
        return HexFormat.of().formatHex(hmac(material.get().hashKey, purpose + ":" + value));
    }

    /** A key derived for one use ({@code mfa-secret}), so one secret serves several purposes independently. */
    byte[] derivedKey(String use) {
        return hmac(material.get().hashKey, "derive:" + use);
    }

    @Override
    public String toString() {
        return "AuthKeys[kids=" + material.get().verifiers.keySet() + "]";
    }

    /** One read of the secret, parsed. */
    private static final class Material {

        private final ECKey signingKey;
        private final ECDSASigner signer;
        private final Map<String, P256Verifier> verifiers;
        private final JWKSet publicKeys;
        private final byte[] hashKey;

        private Material(List<ECKey> keys, byte[] hashKey) {
            if (keys.isEmpty() || !keys.getFirst().isPrivate()) {
                throw new IllegalStateException("the first signing key must be an EC private key");
            }
            if (hashKey.length < 32) {
                throw new IllegalStateException("hashKey must be at least 32 bytes");
            }
            try {
                this.signingKey = keys.getFirst();
                this.signer = new ECDSASigner(signingKey);
                Map<String, P256Verifier> byId = new LinkedHashMap<>();
                for (ECKey key : keys) {
                    if (key.getKeyID() == null || !Curve.P_256.equals(key.getCurve())) {
                        throw new IllegalStateException("every signing key needs a kid and curve P-256");
                    }
                    // the authorizer verifies on every request (README, "Benchmark"); signing is rare, with the JDK
                    byId.put(key.getKeyID(), new P256Verifier(key.toPublicJWK()));
                }
                this.verifiers = Map.copyOf(byId);
                this.publicKeys = new JWKSet(keys.stream().map(key -> (JWK) key.toPublicJWK()).toList());
                this.hashKey = hashKey.clone();
            } catch (JOSEException e) {
                throw new IllegalStateException("unusable signing key", e);
            }
        }

        static Material parse(String json) {
            try {
                Map<String, Object> secret = JSONObjectUtils.parse(json);
                JWKSet set = JWKSet.parse(JSONObjectUtils.getJSONObject(secret, "signingKeys"));
                List<ECKey> keys = set.getKeys().stream().map(key -> {
                    if (!(key instanceof ECKey ec)) {
                        throw new IllegalStateException("signing keys must be EC (ES256) keys");
                    }
                    return ec;
                }).toList();
                return new Material(keys, new Base64URL(JSONObjectUtils.getString(secret, "hashKey")).decode());
            } catch (ParseException | RuntimeException e) {
                // the parser's message may quote key material: say only what is wrong in general
                throw new IllegalStateException("the auth keys secret is not in the expected JSON shape");
            }
        }
    }

    /** A new secret value: what {@code SIGNING_KEY_SECRET_ID} must hold (README: "Keys"). */
    static String newSecretJson() {
        byte[] hashKey = new byte[32];
        new SecureRandom().nextBytes(hashKey);
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("signingKeys", new JWKSet(newSigningKey()).toJSONObject(false));
        secret.put("hashKey", Base64URL.encode(hashKey).toString());
        return JSONObjectUtils.toJSONString(secret);
    }

    /**
     * The secret with one more signing key, last: it verifies at once but does not sign until moved first (README:
     * "Rotating the signing key"). The other keys and the hash key stay as they are: a new hash key would void every
     * pending code and reset token and every stored TOTP secret.
     */
    static String withAddedSigningKeyJson(String currentJson) {
        AuthKeys current = parse(currentJson);
        try {
            Map<String, Object> secret = JSONObjectUtils.parse(currentJson);
            List<JWK> keys = new ArrayList<>(JWKSet.parse(JSONObjectUtils.getJSONObject(secret, "signingKeys"))
                    .getKeys());
            ECKey added = newSigningKey();
            if (current.verifier(added.getKeyID()) != null) {
                throw new IllegalStateException("the new key id is already taken; run it again");
            }
            keys.add(added);
            secret.put("signingKeys", new JWKSet(keys).toJSONObject(false));
            return JSONObjectUtils.toJSONString(secret);
        } catch (ParseException e) {
            throw new IllegalStateException("the auth keys secret is not in the expected JSON shape");
        }
    }

    /**
     * What the authorizer's secret ({@code PUBLIC_KEYS_SECRET_ID}) holds for an auth keys secret: the public JWK set of
     * its signing keys, {@code {"keys": [...]}}, and nothing else (README: "Keys and secrets").
     */
    static String publicKeysJson(String secretJson) {
        return JSONObjectUtils.toJSONString(Material.parse(secretJson).publicKeys.toJSONObject(true));
    }

    private static ECKey newSigningKey() {
        try {
            byte[] suffix = new byte[3];
            new SecureRandom().nextBytes(suffix);
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("k-" + Instant.now().getEpochSecond() + "-" + HexFormat.of().formatHex(suffix))
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    private static String readOrCreate(Path path) {
        try {
            if (!Files.exists(path)) {
                Path parent = path.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path draft = Files.createTempFile(parent, "auth-keys", ".tmp");
                Files.writeString(draft, newSecretJson(), StandardCharsets.UTF_8);
                try {
                    // the auth function and the authorizer may start together: the first file wins, both read it
                    Files.move(draft, path);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(draft);
                }
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development auth keys at " + path, e);
        }
    }

    private static byte[] hmac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
