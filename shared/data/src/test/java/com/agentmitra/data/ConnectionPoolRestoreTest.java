package com.agentmitra.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.config.Secret;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SnapStart snapshot simulated on a real PostgreSQL: {@code closeIdleConnections} as the function's
 * {@code beforeCheckpoint}, then {@code afterRestore} as in a copy restored days later with new role credentials.
 */
class ConnectionPoolRestoreTest {

    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"};
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
    }

    @Test
    void aRestoredCopyUsesNoConnectionFromBeforeTheSnapshotAndLogsInWithANewToken() throws Exception {
        // the function's role credentials as the SDK's default chain finds them (system properties come first)
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        System.setProperty("aws.sessionToken", "session-of-the-init");
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "localhost", postgres.getPort(), new DatabaseConfig.Credentials.IamToken("postgres", "ap-south-1"), 3,
                new DatabaseConfig.Tls.Disabled());
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        AtomicInteger built = new AtomicInteger();
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        // the pool's own IAM credentials (embedded PostgreSQL trusts any password: the tokens are recorded here)
        Supplier<Supplier<String[]>> source = () -> {
            built.incrementAndGet();
            Supplier<String[]> iam = ConnectionPool.credentials(config, clock);
            return () -> {
                String[] userAndToken = iam.get();
                tokens.add(userAndToken[1]);
                return userAndToken;
            };
        };

        try (HikariDataSource pool = ConnectionPool.create(config, source)) {
            Connection held = pool.getConnection(); // in use while the snapshot is taken
            int heldAcrossTheSnapshot = backend(held);
            int used; // used and back in the pool, idle
            try (Connection connection = pool.getConnection()) {
                used = backend(connection);
            }

            ConnectionPool.closeIdleConnections(pool); // the function's beforeCheckpoint
            int late; // opened after the function's hook, before the snapshot (another resource's hook)
            try (Connection connection = pool.getConnection()) {
                late = backend(connection);
            }

            clock.set(Instant.parse("2026-12-10T10:00:00Z")); // restored three days later, as a new copy
            System.setProperty("aws.sessionToken", "session-of-the-restored-copy");
            ConnectionPool.afterRestore(pool);
            assertThat(tokens).as("the restore hook opens no connection").hasSize(3);
            held.close(); // returned after the restore: closed, never handed out again

            int after;
            try (Connection connection = pool.getConnection()) {
                after = backend(connection);
            }
            assertThat(Set.of(used, heldAcrossTheSnapshot, late)).doesNotContain(after);
            awaitGone(Set.of(used, heldAcrossTheSnapshot, late));

            assertThat(built).as("credentials built with the pool and again after the restore").hasValue(2);
            assertThat(tokens).hasSize(4);
            String restored = tokens.getLast();
            assertThat(restored).startsWith("localhost:" + postgres.getPort() + "/?")
                    .contains("X-Amz-Date=20261210T100000Z")
                    .contains("X-Amz-Security-Token=session-of-the-restored-copy");
            assertThat(tokens.subList(0, 3)).allSatisfy(token -> assertThat(token)
                    .contains("X-Amz-Date=20261207T100000Z").isNotEqualTo(restored));
        }
    }

    @Test
    void theRestoreHookOfAPoolWithAPasswordOpensNothingAndKeepsThePoolUsable() throws Exception {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "localhost", postgres.getPort(),
                new DatabaseConfig.Credentials.Password("postgres", Secret.of("unused")), 2,
                new DatabaseConfig.Tls.Disabled());
        try (HikariDataSource pool = ConnectionPool.create(config)) {
            ConnectionPool.closeIdleConnections(pool);
            ConnectionPool.afterRestore(pool);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isZero();
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                    ResultSet one = statement.executeQuery("select 1")) {
                assertThat(one.next()).isTrue();
            }
        }
    }

    private static int backend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet pid = statement.executeQuery("select pg_backend_pid()")) {
            pid.next();
            return pid.getInt(1);
        }
    }

    /** Waits (at most 5 s) until none of these server processes is connected: Hikari closes them in the background. */
    private static void awaitGone(Set<Integer> backends) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Integer> connected;
        do {
            connected = new ArrayList<>();
            try (Connection admin = postgres.getPostgresDatabase().getConnection();
                    Statement statement = admin.createStatement();
                    ResultSet rows = statement.executeQuery("select pid from pg_stat_activity")) {
                while (rows.next()) {
                    if (backends.contains(rows.getInt(1))) {
                        connected.add(rows.getInt(1));
                    }
                }
            }
            if (!connected.isEmpty()) {
                Thread.sleep(50);
            }
        } while (!connected.isEmpty() && System.nanoTime() < deadline);
        assertThat(connected).as("connections from before the snapshot still open").isEmpty();
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
