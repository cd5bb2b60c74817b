package com.agentmitra.platform;

import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the database as the application role sees it: reachable, migrated, and at which version. */
final class HealthService {

    private static final Logger log = LoggerFactory.getLogger(HealthService.class);

    private final Database database;

    HealthService(Database database) {
        this.database = database;
    }

    Health check() {
        try {
            String version = database.inSharedTransaction(tx -> tx
                    .select(DSL.field(DSL.name("version"), String.class))
                    .from(DSL.table(DSL.name("shared", "flyway_schema_history")))
                    .where(DSL.field(DSL.name("success"), Boolean.class).isTrue())
                    .and(DSL.field(DSL.name("version")).isNotNull())
                    .orderBy(DSL.field(DSL.name("installed_rank")).desc())
                    .limit(1)
                    .fetchOptional(0, String.class)
                    .orElseThrow(() -> new ApiProblem.ServiceUnavailable("the database has not been migrated")));
            return Health.up(version);
        } catch (DataAccessException e) {
            log.warn("Health check cannot reach the database: {}", e.getClass().getSimpleName());
            throw new ApiProblem.ServiceUnavailable("the database is unreachable");
        }
    }
}
