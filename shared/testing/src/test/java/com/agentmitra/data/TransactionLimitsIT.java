package com.agentmitra.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import com.agentmitra.config.Secret;
import com.agentmitra.testing.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/**
 * Every transaction carries the function's limits, set transaction-locally (a pooled or proxied connection keeps
 * nothing), and a connection that is to verify TLS never falls back to plain text.
 */
class TransactionLimitsIT {

    private static final TestDatabase db = TestDatabase.get();

    private static Database limitedTo(Duration statement, Duration idle) {
        return new Database(db.app(), new TransactionLimits(statement, idle));
    }

    @Test
    void aStatementLongerThanTheLimitIsCancelledAndTheTransactionRolledBack() {
        Database database = limitedTo(Duration.ofSeconds(1), Duration.ofSeconds(10));

        assertThatThrownBy(() -> database.inTransaction(Caller.system(db.lic()),
                tx -> tx.fetchValue("select pg_sleep(3)::text")))
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("57014"));
    }

    @Test
    void aTransactionLeftIdleLongerThanTheLimitIsEnded() {
        Database database = limitedTo(Duration.ofSeconds(20), Duration.ofSeconds(1));

        assertThatThrownBy(() -> database.inTransaction(Caller.system(db.lic()), tx -> {
            tx.fetchValue("select 1");
            sleep(Duration.ofMillis(2500));
            return tx.fetchValue("select 2");
        })).isInstanceOf(DataAccessException.class);
    }

    @Test
    void theLimitsHoldInTheTransactionOnlyAndInSharedTransactionsToo() throws Exception {
        Database database = limitedTo(Duration.ofSeconds(7), Duration.ofSeconds(3));

        String inside = database.inTransaction(Caller.system(db.lic()),
                tx -> (String) tx.fetchValue("select current_setting('statement_timeout')"));
        String shared = database.inSharedTransaction(
                tx -> (String) tx.fetchValue("select current_setting('idle_in_transaction_session_timeout')"));
        String afterwards;
        try (Connection connection = db.app().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery("select current_setting('statement_timeout')")) {
            result.next();
            afterwards = result.getString(1);
        }

        assertThat(inside).isEqualTo("7s");
        assertThat(shared).isEqualTo("3s");
        assertThat(afterwards).isEqualTo("0");
    }

    @Test
    void withoutSettingsAFunctionGetsTheApiLimitsAndALimitAtOrOverLambdasMaximumIsRefused() {
        assertThat(Env.with(Map.of(), TransactionLimits::fromEnvironment)).isEqualTo(TransactionLimits.API);
        assertThat(Env.with(Map.of("DB_STATEMENT_TIMEOUT_SECONDS", "300", "DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS",
                "60"), TransactionLimits::fromEnvironment))
                .isEqualTo(new TransactionLimits(Duration.ofSeconds(300), Duration.ofSeconds(60)));
        assertThatThrownBy(() -> Env.with(Map.of("DB_STATEMENT_TIMEOUT_SECONDS", "900"),
                TransactionLimits::fromEnvironment)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Env.with(Map.of("DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS", "0"),
                TransactionLimits::fromEnvironment)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConnectionThatMustVerifyTlsIsRefusedByAServerWithoutItInsteadOfGoingPlain() {
        URI url = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        DatabaseConfig config = new DatabaseConfig(db.jdbcUrl(), url.getHost(), url.getPort(),
                new DatabaseConfig.Credentials.Password(TestDatabase.APP_USER,
                        Secret.of(db.appEnvironment().get("DB_PASSWORD"))), 1, DatabaseConfig.Tls.VERIFY_FULL);

        try (HikariDataSource pool = ConnectionPool.create(config)) {
            assertThatThrownBy(() -> pool.getConnection().close())
                    .hasStackTraceContaining("The server does not support SSL");
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
