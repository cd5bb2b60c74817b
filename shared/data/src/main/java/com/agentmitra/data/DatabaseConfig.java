package com.agentmitra.data;

import com.agentmitra.config.Env;
import com.agentmitra.config.Secret;
import java.net.URI;
import java.util.Optional;

/**
 * How a function reaches PostgreSQL, read once at cold start.
 *
 * <ul>
 *   <li>{@code DB_URL} (a {@code jdbc:postgresql://host:port/db} URL) or {@code DB_HOST}, {@code DB_PORT} (5432),
 *       {@code DB_NAME};</li>
 *   <li>credentials, one of: {@code DB_IAM_AUTH=true} with {@code DB_USER} (an RDS IAM token per new connection),
 *       {@code DB_SECRET_ID} (a Secrets Manager secret in the RDS JSON shape, read through Powertools parameters),
 *       or {@code DB_USER} and {@code DB_PASSWORD} (local stack and tests only);</li>
 *   <li>{@code DB_POOL_SIZE}, at most this many connections per function instance (default 2).</li>
 * </ul>
 */
public record DatabaseConfig(String jdbcUrl, String host, int port, Credentials credentials, int poolSize) {

    public DatabaseConfig {
        if (poolSize < 1 || poolSize > 10) {
            throw new IllegalArgumentException("a Lambda function holds 1 to 10 connections, not " + poolSize);
        }
    }

    public static DatabaseConfig fromEnvironment() {
        Env.Reader env = Env.reader();
        String jdbcUrl;
        String host;
        int port;
        Optional<String> url = env.optional("DB_URL");
        if (url.isPresent()) {
            jdbcUrl = url.get();
            URI uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : 5432;
        } else {
            host = env.required("DB_HOST");
            port = env.optionalInt("DB_PORT", 5432);
            String name = env.required("DB_NAME");
            jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }
        Credentials credentials;
        if (env.flag("DB_IAM_AUTH")) {
            credentials = new Credentials.IamToken(env.required("DB_USER"), env.optional("AWS_REGION", "ap-south-1"));
        } else if (env.optional("DB_SECRET_ID").isPresent()) {
            credentials = new Credentials.SecretsManager(env.required("DB_SECRET_ID"));
        } else {
            String user = env.required("DB_USER");
            Optional<String> password = env.optional("DB_PASSWORD");
            if (password.isEmpty()) {
                env.problem("DB_PASSWORD, DB_SECRET_ID or DB_IAM_AUTH=true is needed for credentials");
            }
            credentials = new Credentials.Password(user, Secret.of(password.orElse("")));
        }
        int poolSize = env.optionalInt("DB_POOL_SIZE", 2);
        env.validate();
        return new DatabaseConfig(jdbcUrl, host, port, credentials, poolSize);
    }

    /** The same settings with at least {@code minimum} connections (Flyway holds two at once while migrating). */
    public DatabaseConfig withAtLeast(int minimum) {
        return poolSize >= minimum ? this : new DatabaseConfig(jdbcUrl, host, port, credentials, minimum);
    }

    /** Where the password for a new connection comes from. */
    public sealed interface Credentials {

        /** A fixed user and password: the local stack and tests. */
        record Password(String user, Secret password) implements Credentials {}

        /** A Secrets Manager secret holding {@code username} and {@code password} (the RDS-managed shape). */
        record SecretsManager(String secretId) implements Credentials {}

        /** An RDS IAM authentication token, generated for each new connection (valid 15 minutes). */
        record IamToken(String user, String region) implements Credentials {}
    }
}
