package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.PERMISSIONS;
import static com.agentmitra.data.jooq.tenant.Tables.ROLES;
import static com.agentmitra.data.jooq.tenant.Tables.ROLE_PERMISSIONS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record1;

/**
 * The permissions of a role (issue 19): what route authorization reads ({@code PermissionGate} in shared/lambda),
 * listed and replaced by administrators. {@code super_admin} holds every permission and cannot be changed; an
 * administrator cannot take {@code role:manage} from the role they sign in with (they would lock themselves and
 * everyone of their role out of this route). Changes are audited by the database (tenant V201).
 */
final class RoleGrants {

    static final String MANAGE = "role:manage";
    static final int MAX_PERMISSIONS = 200;
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z_]{0,99}");
    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z_]{0,48}:[a-z][a-z_]{0,48}");
    private static final Set<String> FIELDS = Set.of("permissions");

    /** A role's permissions; {@code everyPermission} for super_admin (the schema of record's {@code *}). */
    record View(String role, String description, boolean systemRole, boolean everyPermission,
            List<String> permissions) {}

    private final Database database;

    RoleGrants(Database database) {
        this.database = database;
    }

    View get(Caller caller, String role) {
        Access.administrator(caller);
        return database.inTransaction(caller, tx -> view(tx, roleId(tx, role, false), role));
    }

    View replace(Caller caller, String role, JsonNode body) {
        Access.administrator(caller);
        Set<String> wanted = permissions(body);
        return database.inTransaction(caller, tx -> {
            UUID roleId = roleId(tx, role, true);
            if (role.equals(Role.SUPER_ADMIN.sqlName())) {
                throw new ApiProblem.Conflict("super_admin holds every permission (*); it cannot be changed");
            }
            if (role.equals(caller.role().sqlName()) && !wanted.contains(MANAGE)) {
                throw new ApiProblem.Conflict("you cannot take " + MANAGE + " from your own role: nobody of it could "
                        + "change permissions any more");
            }
            Map<String, UUID> known = tx.select(PERMISSIONS.PERMISSION_NAME, PERMISSIONS.PERMISSION_ID)
                    .from(PERMISSIONS).where(PERMISSIONS.PERMISSION_NAME.in(wanted))
                    .fetchMap(PERMISSIONS.PERMISSION_NAME, PERMISSIONS.PERMISSION_ID);
            List<String> unknown = wanted.stream().filter(name -> !known.containsKey(name)).limit(10).toList();
            if (!unknown.isEmpty()) {
                throw new ApiProblem.Other("/problems/unknown-permission", "Unknown permission", 422,
                        "not permissions of this tenant: " + String.join(", ", unknown));
            }
            tx.deleteFrom(ROLE_PERMISSIONS).where(ROLE_PERMISSIONS.ROLE_ID.eq(roleId))
                    .and(ROLE_PERMISSIONS.PERMISSION_ID.notIn(known.values())).execute();
            if (!known.isEmpty()) {
                var insert = tx.insertInto(ROLE_PERMISSIONS, ROLE_PERMISSIONS.ROLE_ID, ROLE_PERMISSIONS.PERMISSION_ID);
                for (UUID permission : known.values()) {
                    insert = insert.values(roleId, permission);
                }
                insert.onConflictDoNothing().execute();
            }
            return view(tx, roleId, role);
        });
    }

    /** The body's {@code permissions}: a list of at most 200 permission names, each well formed; duplicates merge. */
    private static Set<String> permissions(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw new ApiProblem.InvalidInput("the body must be a JSON object");
        }
        Violations violations = new Violations();
        object.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(name, "is not a known field");
            }
        });
        violations.throwIfAny();
        JsonNode list = object.get("permissions");
        if (list == null || !list.isArray()) {
            throw ApiProblem.InvalidInput.field("permissions", "must be a list of permission names");
        }
        if (list.size() > MAX_PERMISSIONS) {
            throw ApiProblem.InvalidInput.field("permissions", "must have at most " + MAX_PERMISSIONS + " names");
        }
        Set<String> names = new TreeSet<>();
        for (JsonNode item : list) {
            if (!item.isTextual() || !PERMISSION.matcher(item.asText()).matches()) {
                throw ApiProblem.InvalidInput.field("permissions", "must be names such as policy:read");
            }
            names.add(item.asText());
        }
        return names;
    }

    /** The role's id (locked for the change when {@code lock}); 404 for a role the tenant does not have. */
    private static UUID roleId(DSLContext tx, String role, boolean lock) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new ApiProblem.NotFound("role");
        }
        var select = tx.select(ROLES.ROLE_ID).from(ROLES).where(ROLES.ROLE_NAME.eq(role));
        Record1<UUID> row = lock ? select.forUpdate().fetchOne() : select.fetchOne();
        if (row == null) {
            throw new ApiProblem.NotFound("role");
        }
        return row.value1();
    }

    private static View view(DSLContext tx, UUID roleId, String role) {
        var definition = tx.select(ROLES.ROLE_DESCRIPTION, ROLES.IS_SYSTEM_ROLE).from(ROLES)
                .where(ROLES.ROLE_ID.eq(roleId)).fetchSingle();
        boolean everything = role.equals(Role.SUPER_ADMIN.sqlName());
        List<String> names = new ArrayList<>(everything
                ? tx.select(PERMISSIONS.PERMISSION_NAME).from(PERMISSIONS).orderBy(PERMISSIONS.PERMISSION_NAME)
                        .fetch(PERMISSIONS.PERMISSION_NAME)
                : tx.select(PERMISSIONS.PERMISSION_NAME).from(ROLE_PERMISSIONS)
                        .join(PERMISSIONS).on(PERMISSIONS.PERMISSION_ID.eq(ROLE_PERMISSIONS.PERMISSION_ID))
                        .where(ROLE_PERMISSIONS.ROLE_ID.eq(roleId)).orderBy(PERMISSIONS.PERMISSION_NAME)
                        .fetch(PERMISSIONS.PERMISSION_NAME));
        return new View(role, definition.value1(), Boolean.TRUE.equals(definition.value2()), everything, names);
    }
}
