package com.agentmitra.auth;

import com.agentmitra.config.Env;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What issuing and verifying access tokens needs, read once at cold start: issuer, audience, lifetime, and where
 * the keys are. In Lambda ({@code AWS_EXECUTION_ENV} set) the keys must come from Secrets Manager: the auth
 * function's signing keys from {@code SIGNING_KEY_SECRET_ID}, the authorizer's public keys from their own secret,
 * {@code PUBLIC_KEYS_SECRET_ID} (it never reads the signing keys). Elsewhere (local stack, tests) a generated
 * development key file is used, {@code DEV_AUTH_KEYS_FILE} or {@code local/.data/dev-auth-keys.json}, so a deployed
 * function can never fall back to a key nobody guards.
 */
record TokenConfig(String issuer, String audience, Duration accessTokenTtl, KeySource keys) {

    static final String DEFAULT_DEV_KEYS = "local/.data/dev-auth-keys.json";
    static final String SIGNING_KEYS_VARIABLE = "SIGNING_KEY_SECRET_ID";
    static final String PUBLIC_KEYS_VARIABLE = "PUBLIC_KEYS_SECRET_ID";

    /** The auth function's: signing keys. */
    static TokenConfig fromEnvironment() {
        return fromEnvironment(SIGNING_KEYS_VARIABLE);
    }

    /** The authorizer's: public keys only. */
    static TokenConfig forAuthorizer() {
        return fromEnvironment(PUBLIC_KEYS_VARIABLE);
    }

    private static TokenConfig fromEnvironment(String secretVariable) {
        Env.Reader env = Env.reader();
        String issuer = env.optional("JWT_ISSUER", "agent-mitra");
        String audience = env.optional("JWT_AUDIENCE", "agent-mitra-api");
        int ttlMinutes = env.optionalInt("ACCESS_TOKEN_TTL_MINUTES", 15);
        KeySource keys;
        var secretId = env.optional(secretVariable);
        if (secretId.isPresent()) {
            keys = new KeySource.SecretsManager(secretId.get());
        } else if (env.optional("AWS_EXECUTION_ENV").isPresent()) {
            env.problem(secretVariable + " is not set (a deployed function never generates its own key)");
            keys = null;
        } else {
            keys = new KeySource.DevFile(Path.of(env.optional("DEV_AUTH_KEYS_FILE", DEFAULT_DEV_KEYS)));
        }
        if (ttlMinutes < 1 || ttlMinutes > 60) {
            env.problem("ACCESS_TOKEN_TTL_MINUTES must be between 1 and 60");
        }
        env.validate();
        return new TokenConfig(issuer, audience, Duration.ofMinutes(ttlMinutes), keys);
    }
}
