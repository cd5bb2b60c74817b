package com.agentmitra.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * One tiny connection pool per function instance, reused across invocations: at most {@code DB_POOL_SIZE}
 * connections (RDS Proxy multiplexes them), none opened before the first query (so a SnapStart snapshot holds no
 * socket), each new connection authenticated afresh (IAM token or the current secret, so rotation just works).
 *
 * <p>Around a SnapStart snapshot: {@link #closeIdleConnections} before it, {@link #afterRestore} in every restored
 * copy, so no connection, token, secret or AWS credential of the snapshot is used after it.
 */
public final class ConnectionPool {

    /**
     * The one line logged when a connection cannot be opened: template.yaml turns its count into the
     * DatabaseConnectionErrors metric and alarm, so the text is constant and must not change without the template.
     */
    public static final String CONNECTION_FAILED = "Database connection failed";

    /** The one line {@link #afterRestore} logs: a restored copy says its pool was renewed (PrimingIT looks for it). */
    public static final String RESTORED = "Connection pool restored: connections retired, credentials renewed";

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    private ConnectionPool() {}

    public static HikariDataSource create(DatabaseConfig config) {
        return create(config, () -> credentials(config, java.time.Clock.systemUTC()));
    }

    /**
     * A pool whose connections log in with what {@code credentialSource} builds: built now (its classes are in a
     * SnapStart snapshot; building opens no connection), and built again for the first connection after each
     * {@link #afterRestore} (a new Secrets Manager client with an empty cache, a new AWS credentials provider).
     */
    static HikariDataSource create(DatabaseConfig config, Supplier<Supplier<String[]>> credentialSource) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("agent-mitra");
        hikari.setDataSource(new AuthenticatingDataSource(config.jdbcUrl(), config.tls(), credentialSource));
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        hikari.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        hikari.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        hikari.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }

    /** Closes idle connections (before a SnapStart snapshot: a restored instance must not reuse a dead socket). */
    public static void closeIdleConnections(HikariDataSource pool) {
        if (pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /**
     * After a SnapStart restore (one snapshot resumed as many copies, maybe days later): every connection of the
     * pool is retired (an idle one closed now, one in use closed when it is returned: none made before the snapshot
     * is handed out again), and the next connection builds its credentials afresh: a new IAM token signed with
     * credentials resolved after the restore, or the secret read again from Secrets Manager, never one cached before
     * the snapshot. Opens no connection: the first query after the restore does.
     */
    public static void afterRestore(HikariDataSource pool) {
        if (pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        try {
            pool.getDataSource().unwrap(AuthenticatingDataSource.class).renewCredentials();
        } catch (SQLException e) {
            throw new IllegalStateException("not a pool made by ConnectionPool.create", e);
        }
        log.info(RESTORED);
    }

    static Supplier<String[]> credentials(DatabaseConfig config, java.time.Clock clock) {
        return switch (config.credentials()) {
            case DatabaseConfig.Credentials.Password password ->
                    () -> new String[] {password.user(), password.password().reveal()};
            case DatabaseConfig.Credentials.SecretsManager secret -> {
                SecretsProvider secrets = SecretsProvider.builder().build();
                ObjectMapper json = new ObjectMapper();
                yield () -> {
                    try {
                        JsonNode value = json.readTree(
                                secrets.withMaxAge(5, ChronoUnit.MINUTES).get(secret.secretId()));
                        return new String[] {value.path("username").asText(), value.path("password").asText()};
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("database secret is not the RDS JSON shape", e);
                    }
                };
            }
            case DatabaseConfig.Credentials.IamToken iam -> {
                RdsIamToken tokens = new RdsIamToken(DefaultCredentialsProvider.builder().build(), iam.region(), clock);
                yield () -> new String[] {iam.user(), tokens.generate(config.host(), config.port(), iam.user())};
            }
        };
    }

    /** Opens each connection with credentials fetched at that moment. */
    private static final class AuthenticatingDataSource implements DataSource {
        private final PGSimpleDataSource postgres = new PGSimpleDataSource();
        private final Supplier<Supplier<String[]>> credentialSource;
        /** Built with the pool, and again on the first connection after {@link #renewCredentials()}. */
        private volatile Supplier<String[]> credentials;

        AuthenticatingDataSource(String jdbcUrl, DatabaseConfig.Tls tls, Supplier<Supplier<String[]>> credentialSource) {
            postgres.setUrl(jdbcUrl);
            postgres.setConnectTimeout(5);
            postgres.setApplicationName("agent-mitra");
            switch (tls) {
                case DatabaseConfig.Tls.VerifyFull verify -> {
                    postgres.setSslMode("verify-full");
                    if (verify.rootCertificates() != null) {
                        postgres.setSslRootCert(verify.rootCertificates());
                    } else {
                        postgres.setSslfactory("org.postgresql.ssl.DefaultJavaSSLFactory");
                    }
                }
                case DatabaseConfig.Tls.Disabled disabled -> postgres.setSslMode("disable");
            }
            this.credentialSource = credentialSource;
            this.credentials = credentialSource.get();
        }

        void renewCredentials() {
            credentials = null;
        }

        private Supplier<String[]> credentials() {
            Supplier<String[]> current = credentials;
            if (current == null) {
                synchronized (this) {
                    current = credentials;
                    if (current == null) {
                        current = credentialSource.get();
                        credentials = current;
                    }
                }
            }
            return current;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                String[] userAndPassword = credentials().get();
                return postgres.getConnection(userAndPassword[0], userAndPassword[1]);
            } catch (SQLException | RuntimeException e) {
                // the class and SQL state only: a driver's message can name the host and the user
                log.error(CONNECTION_FAILED + " (error={}, sqlState={})", e.getClass().getName(),
                        e instanceof SQLException sql ? sql.getSQLState() : "none");
                throw e;
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return postgres.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {
            postgres.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return postgres.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper for " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
