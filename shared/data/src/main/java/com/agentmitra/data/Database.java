package com.agentmitra.data;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Runs work as a caller: one transaction whose SQL targets the caller's tenant schema (jOOQ render mapping of the
 * generated {@code tenant} schema) and whose session carries the row level security settings, set
 * transaction-locally with {@code set_config(..., true)} so a pooled or proxied connection never keeps them.
 * The search path is never changed (RDS Proxy would pin the connection).
 */
public final class Database {

    /** The schema name the tenant tables are generated under; always mapped, never a real schema. */
    public static final String GENERATED_TENANT_SCHEMA = "tenant";

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final DataSource dataSource;
    private final TransactionLimits limits;
    private final Map<String, DSLContext> contexts = new ConcurrentHashMap<>();
    private final DSLContext sharedOnly;

    /** A database whose transactions have the function's limits ({@link TransactionLimits#fromEnvironment}). */
    public Database(DataSource dataSource) {
        this(dataSource, TransactionLimits.fromEnvironment());
    }

    public Database(DataSource dataSource, TransactionLimits limits) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sharedOnly = DSL.using(dataSource, SQLDialect.POSTGRES, baseSettings());
    }

    /**
     * Work inside one transaction, as {@code caller}: commits when it returns, rolls back when it throws. The
     * caller's settings and the transaction's limits go in one round trip before the work.
     */
    public <T> T inTransaction(Caller caller, Work<T> work) {
        return context(caller.tenant()).transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(
                            setConfig("app.tenant_id", caller.tenant().id().toString()),
                            setConfig("app.user_id", caller.userId().map(Object::toString).orElse("")),
                            setConfig("app.user_role", caller.role().sqlName()),
                            setConfig("statement_timeout", limits.statementTimeoutSetting()),
                            setConfig("idle_in_transaction_session_timeout",
                                    limits.idleInTransactionTimeoutSetting()))
                    .fetch();
            return work.run(tx);
        });
    }

    /**
     * Work on the {@code shared} schema only (tenant registry, reference data). No tenant is set, so row level
     * security shows no tenant rows, and the generated {@code tenant} schema is left unmapped: a tenant table used
     * here fails instead of reading some default tenant.
     */
    public <T> T inSharedTransaction(Work<T> work) {
        return sharedOnly.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(setConfig("statement_timeout", limits.statementTimeoutSetting()),
                            setConfig("idle_in_transaction_session_timeout",
                                    limits.idleInTransactionTimeoutSetting()))
                    .fetch();
            return work.run(tx);
        });
    }

    /** The limits every transaction of this database gets. */
    public TransactionLimits limits() {
        return limits;
    }

    /** Builds (without running) a statement for the tenant, to warm jOOQ before a SnapStart snapshot. */
    public String renderForTenant(Tenant tenant, java.util.function.Function<DSLContext, org.jooq.Query> query) {
        return query.apply(context(tenant)).getSQL();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private DSLContext context(Tenant tenant) {
        return contexts.computeIfAbsent(tenant.schema(), schema -> DSL.using(dataSource, SQLDialect.POSTGRES,
                baseSettings().withRenderMapping(new RenderMapping().withSchemata(
                        new MappedSchema().withInput(GENERATED_TENANT_SCHEMA).withOutput(schema)))));
    }

    private static Settings baseSettings() {
        // execute logging would print bind values (codes, phone numbers) at debug level
        return new Settings().withExecuteLogging(false).withRenderSchema(true);
    }

    private static org.jooq.Field<String> setConfig(String name, String value) {
        return DSL.function("set_config", String.class, DSL.val(name), DSL.val(value), DSL.inline(true));
    }

    /** A unit of work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext tx);
    }
}
