package com.agentmitra.platform;

import com.agentmitra.schema.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The login the functions connect as: a member of {@code agent_mitra_app}, owning nothing. Created (once) by the
 * migrate function, optionally allowed RDS IAM authentication. Its password, if any, is never set here: IAM auth or
 * an RDS-managed secret provides it.
 */
record AppLoginRole(String name, boolean iamAuthentication) {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    AppLoginRole {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("APP_DB_USER must be a lower-case identifier");
        }
    }

    void ensure(DataSource owner) {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    begin
                      if not exists (select from pg_catalog.pg_roles where rolname = '%1$s') then
                        create role %1$s login;
                      end if;
                    end
                    $$""".formatted(name));
            statement.execute("grant " + SchemaMigrator.APP_ROLE + " to " + name);
            if (iamAuthentication) {
                statement.execute("""
                        do $$
                        begin
                          if exists (select from pg_catalog.pg_roles where rolname = 'rds_iam') then
                            grant rds_iam to %1$s;
                          end if;
                        end
                        $$""".formatted(name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the application login role " + name, e);
        }
    }
}
