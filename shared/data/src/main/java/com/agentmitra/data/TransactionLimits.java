package com.agentmitra.data;

import com.agentmitra.config.Env;
import java.time.Duration;

/**
 * How long one statement may run and how long a transaction may sit idle, set on every transaction
 * ({@link Database}) so that no query or forgotten transaction outlives the function that started it: both stay
 * below the function's own timeout ({@code DB_STATEMENT_TIMEOUT_SECONDS}, {@code DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS}
 * in {@code template.yaml}, per function). They are set transaction-locally, never per session (RDS Proxy would pin
 * the connection).
 */
public record TransactionLimits(Duration statementTimeout, Duration idleInTransactionTimeout) {

    /** Lambda stops every function at 900 s: no limit may reach it (declared first: {@link #API} checks it). */
    private static final Duration LAMBDA_MAXIMUM = Duration.ofSeconds(900);

    /** An API function's: under API Gateway's 29 s. */
    public static final TransactionLimits API = new TransactionLimits(Duration.ofSeconds(25), Duration.ofSeconds(10));

    public TransactionLimits {
        for (Duration limit : new Duration[] {statementTimeout, idleInTransactionTimeout}) {
            if (limit == null || limit.isNegative() || limit.isZero() || limit.compareTo(LAMBDA_MAXIMUM) >= 0) {
                throw new IllegalArgumentException("a transaction limit is more than 0 s and less than 900 s, not "
                        + limit);
            }
        }
    }

    /** The function's limits from its environment; {@link #API} where none are set. */
    public static TransactionLimits fromEnvironment() {
        Env.Reader env = Env.reader();
        int statement = env.optionalInt("DB_STATEMENT_TIMEOUT_SECONDS", (int) API.statementTimeout().toSeconds());
        int idle = env.optionalInt("DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS",
                (int) API.idleInTransactionTimeout().toSeconds());
        env.validate();
        return new TransactionLimits(Duration.ofSeconds(statement), Duration.ofSeconds(idle));
    }

    /** PostgreSQL's spelling of a duration setting (milliseconds). */
    String statementTimeoutSetting() {
        return Long.toString(statementTimeout.toMillis());
    }

    String idleInTransactionTimeoutSetting() {
        return Long.toString(idleInTransactionTimeout.toMillis());
    }
}
