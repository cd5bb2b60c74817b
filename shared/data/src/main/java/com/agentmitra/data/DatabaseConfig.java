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
 *   <li>{@code DB_POOL_SIZE}, at most this many connections per function instance (default 2);</li>
 *   <li>{@code DB_SSL_MODE}: {@code verify-full} (the default: TLS, the server's certificate checked against a
 *       trusted root and its name against the host) or {@code disable} (the local stack and tests only, said
 *       explicitly); {@code DB_SSL_ROOT_CERT}, a PEM bundle of the roots to trust (the RDS certificate bundle, for a
 *       direct connection to the cluster); without it the JVM's trust store is used, which holds the Amazon roots
 *       RDS Proxy's certificates chain to.</li>
 * </ul>
 */
public record DatabaseConfig(String jdbcUrl, String host, int port, Credentials credentials, int poolSize, Tls tls) {

    public DatabaseConfig {
        if (poolSize < 1 || poolSize > 10) {
            throw new IllegalArgumentException("a Lambda function holds 1 to 10 connections, not " + poolSize);
        }
        java.util.Objects.requireNonNull(tls, "tls");
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
        Tls tls = Tls.VERIFY_FULL;
        String mode = env.optional("DB_SSL_MODE", "verify-full");
        switch (mode) {
            case "verify-full" -> tls = env.optional("DB_SSL_ROOT_CERT").filter(path -> !path.isBlank())
                    .<Tls>map(Tls.VerifyFull::new).orElse(Tls.VERIFY_FULL);
            case "disable" -> tls = new Tls.Disabled();
            default -> env.problem("DB_SSL_MODE must be verify-full or disable (a mode that does not verify the"
                    + " server, such as require, is not accepted), not " + mode);
        }
        env.validate();
        return new DatabaseConfig(jdbcUrl, host, port, credentials, poolSize, tls);
    }

    /** The same settings with at least {@code minimum} connections (Flyway holds two at once while migrating). */
    public DatabaseConfig withAtLeast(int minimum) {
        return poolSize >= minimum ? this : new DatabaseConfig(jdbcUrl, host, port, credentials, minimum, tls);
    }

    /** How connections are protected. */
    public sealed interface Tls {

        /** TLS with the server's certificate and host name verified; the JVM's trust store when no bundle is given. */
        Tls VERIFY_FULL = new VerifyFull(null);

        /** {@code rootCertificates}: a PEM bundle path, or null for the JVM's trust store. */
        record VerifyFull(String rootCertificates) implements Tls {}

        /** Plain connections: the local stack's and the tests' embedded PostgreSQL, which has no certificate. */
        record Disabled() implements Tls {}
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
