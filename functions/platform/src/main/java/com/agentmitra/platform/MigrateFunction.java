package com.agentmitra.platform;

import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import com.agentmitra.schema.MigrationReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code migrate} entry point. Invoked directly (any event without {@code RequestType}) it migrates and answers
 * the report; invoked by CloudFormation as a custom resource it migrates on Create and Update, does nothing on
 * Delete (the data outlives the stack), and always answers CloudFormation. Any other event (a schedule, an SQS
 * batch, an API request) is refused ({@link EventShape#customResourceOrDirect()}).
 */
final class MigrateFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private static final Logger log = LoggerFactory.getLogger(MigrateFunction.class);

    private final MigrateService migrations;
    private final CustomResourceResponder cloudFormation;

    MigrateFunction(MigrateService migrations, CustomResourceResponder cloudFormation) {
        super("migrate", EventShape.customResourceOrDirect());
        this.migrations = migrations;
        this.cloudFormation = cloudFormation;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        if (!event.containsKey("RequestType")) {
            return describe(migrations.migrate());
        }
        if (!event.containsKey("ResponseURL")) {
            throw new IllegalArgumentException("a custom resource request without ResponseURL cannot be answered");
        }
        String requestType = String.valueOf(event.get("RequestType"));
        try {
            Map<String, Object> data = switch (requestType) {
                case "Create", "Update" -> describe(migrations.migrate());
                case "Delete" -> Map.of();
                default -> throw new IllegalArgumentException("unknown RequestType " + requestType);
            };
            cloudFormation.respond(event, true, "schemas up to date", data);
            return data;
        } catch (RuntimeException e) {
            log.error("Migration failed; CloudFormation is told", e);
            cloudFormation.respond(event, false, "migration failed: " + e.getClass().getSimpleName()
                    + " (see the function's logs)", Map.of());
            return Map.of("status", "FAILED");
        }
    }

    private static Map<String, Object> describe(MigrationReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("migrationsApplied", report.migrationsApplied());
        data.put("sharedVersion", report.shared().version());
        List<Map<String, Object>> tenants = report.tenants().stream()
                .map(tenant -> Map.<String, Object>of(
                        "schema", tenant.schema(),
                        "migrationsApplied", tenant.migrationsApplied(),
                        "version", String.valueOf(tenant.version())))
                .toList();
        data.put("tenantSchemas", tenants);
        return data;
    }
}
