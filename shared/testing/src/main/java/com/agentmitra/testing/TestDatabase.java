package com.agentmitra.testing;

import com.agentmitra.data.ConnectionPool;
import com.agentmitra.data.Database;
import com.agentmitra.data.DatabaseConfig;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.config.Secret;
import com.agentmitra.schema.SchemaMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A real PostgreSQL 16 for tests: started once per test JVM (embedded binaries from Maven Central, no Docker),
 * migrated with the production migrations, with a login role that is only a member of {@code agent_mitra_app}, as
 * the functions connect in AWS.
 */
public final class TestDatabase {

    /** The functions' login in tests: plainly a test value, nothing real. */
    public static final String APP_USER = "agent_mitra_test_app";
    private static final String APP_PASSWORD = "test-only-app-password";

    private static TestDatabase instance;

    private final EmbeddedPostgres postgres;
    private final DataSource owner;
    private final DataSource app;
    private final Database database;
    private final TenantDirectory tenants;

    private TestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.owner = postgres.getPostgresDatabase();
        new SchemaMigrator(owner).migrate();
        createAppLogin();
        this.app = ConnectionPool.create(new DatabaseConfig(jdbcUrl(), "127.0.0.1", postgres.getPort(),
                new DatabaseConfig.Credentials.Password(APP_USER, Secret.of(APP_PASSWORD)), 4,
                new DatabaseConfig.Tls.Disabled()));
        this.database = new Database(app);
        this.tenants = new TenantDirectory(database);
    }

    /** The shared instance, started and migrated on first use. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("timezone", "UTC")
                        .start();
                instance = new TestDatabase(postgres);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the embedded server's own hook cleans up
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return instance;
    }

    /** The schema owner (a superuser here: row level security does not apply to it). For fixtures and checks. */
    public DataSource owner() {
        return owner;
    }

    /** Connections as the application role, exactly what the functions get. */
    public DataSource app() {
        return app;
    }

    /** The data module's entry point over the application role. */
    public Database database() {
        return database;
    }

    public TenantDirectory tenants() {
        return tenants;
    }

    public Tenant lic() {
        return tenants.byCode("LIC");
    }

    public Tenant hdfc() {
        return tenants.byCode("HDFC_LIFE");
    }

    /** jOOQ as the owner, mapped to {@code tenant}'s schema: fixtures write through it, bypassing RLS. */
    public DSLContext ownerDsl(Tenant tenant) {
        return DSL.using(owner, SQLDialect.POSTGRES, new Settings()
                .withExecuteLogging(false)
                .withRenderMapping(new RenderMapping().withSchemata(
                        new MappedSchema().withInput(Database.GENERATED_TENANT_SCHEMA).withOutput(tenant.schema()))));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    /** Environment variables a function needs to reach this database as the application role. */
    public Map<String, String> appEnvironment() {
        // the embedded server has no certificate: plain connections, said explicitly (the default verifies TLS)
        return Map.of("DB_URL", jdbcUrl(), "DB_USER", APP_USER, "DB_PASSWORD", APP_PASSWORD, "DB_SSL_MODE", "disable");
    }

    /** Environment variables for the migrate function (the owner). */
    public Map<String, String> ownerEnvironment() {
        return Map.of("DB_URL", jdbcUrl(), "DB_USER", "postgres", "DB_PASSWORD", "postgres", "DB_SSL_MODE", "disable");
    }

    private void createAppLogin() {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    begin
                      if not exists (select from pg_roles where rolname = '%1$s') then
                        create role %1$s login password '%2$s' in role %3$s;
                      end if;
                    end
                    $$""".formatted(APP_USER, APP_PASSWORD, SchemaMigrator.APP_ROLE));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test application login", e);
        }
    }
}
