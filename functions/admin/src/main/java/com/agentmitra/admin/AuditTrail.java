package com.agentmitra.admin;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Page;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * {@code GET /audit}: the tenant's audit trail for its administrators, newest first, keyset pages on
 * (changed_at, id), filtered by entity (the table: users, agents, policyholders, callback_escalation_rules,
 * tenant_config, ...), the entity's id, the actor and a time range. Read through {@code shared.tenant_audit_log}
 * (shared V090), which checks the caller is an administrator of the tenant and removes secret columns; the
 * application role cannot read {@code audit} itself.
 * <p>
 * Access events (tenant V202: {@code sign_in}, {@code sign_in_failed}, {@code export}, {@code report_download},
 * {@code erasure}) are entries of the same trail: entity {@code access_events}, entity id the record acted on (the
 * account signed in to, the report, the customer erased), actor the person, {@code after} the event (kind, entity,
 * request id, detail). So {@code ?entity=access_events&entityId=<id>} lists every access to one record and
 * {@code ?actor=} a person's accesses among their changes, with the same filters and cursor pages.
 */
final class AuditTrail {

    static final String CURSOR_KIND = "admin-audit";
    private static final Pattern ENTITY = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    record Entry(long id, String entity, String entityId, String action, List<String> changedColumns,
            JsonNode before, JsonNode after, UUID actor, String actorRole, Instant changedAt) {}

    record Query(Optional<String> entity, Optional<String> entityId, Optional<UUID> actor, Optional<Instant> from,
            Optional<Instant> to, Optional<Cursor> cursor, int limit) {

        static Query from(ApiRequest request) {
            Violations violations = new Violations();
            Optional<String> entity = request.query("entity");
            if (entity.isPresent() && !ENTITY.matcher(entity.get()).matches()) {
                violations.add("entity", "must be a table name such as agents or users");
            }
            Optional<String> entityId = request.query("entityId");
            if (entityId.isPresent() && entityId.get().length() > 100) {
                violations.add("entityId", "must be at most 100 characters");
            }
            Optional<UUID> actor = Optional.empty();
            try {
                actor = request.query("actor").map(UUID::fromString);
            } catch (IllegalArgumentException e) {
                violations.add("actor", "must be a user id");
            }
            Optional<Instant> from = instant(request, "from", violations);
            Optional<Instant> to = instant(request, "to", violations);
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                violations.add("to", "must be after from");
            }
            int limit = Paging.limit(request);
            violations.throwIfAny();
            Optional<Cursor> cursor = Paging.cursor(request, CURSOR_KIND, 2);
            cursor.ifPresent(c -> {
                c.instant(0);
                try {
                    Long.parseLong(c.text(1));
                } catch (NumberFormatException e) {
                    throw ApiProblem.InvalidInput.field("cursor", "is not a cursor this list gave out");
                }
            });
            return new Query(entity, entityId, actor, from, to, cursor, limit);
        }

        private static Optional<Instant> instant(ApiRequest request, String name, Violations violations) {
            Optional<String> raw = request.query(name);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (raw.get().length() > 40) {
                    throw new DateTimeParseException("too long", raw.get(), 40);
                }
                return Optional.of(OffsetDateTime.parse(raw.get()).toInstant());
            } catch (DateTimeParseException e) {
                violations.add(name, "must be a time with its offset, e.g. 2026-12-01T00:00:00+05:30");
                return Optional.empty();
            }
        }
    }

    private final Database database;

    AuditTrail(Database database) {
        this.database = database;
    }

    Page<Entry> list(Caller caller, Query query) {
        Access.administrator(caller);
        if (query.entityId().isPresent() && query.entity().isEmpty()) {
            throw ApiProblem.InvalidInput.field("entity", "is required with entityId");
        }
        List<Entry> rows = database.inTransaction(caller, tx -> tx.resultQuery(
                        "select id, table_name, record_id, action, changed_columns, old_values, new_values,"
                                + " changed_by, changed_by_role, changed_at"
                                + " from shared.tenant_audit_log({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})",
                        DSL.val(query.entity().orElse(null), String.class),
                        DSL.val(query.entityId().orElse(null), String.class),
                        DSL.val(query.actor().orElse(null), UUID.class),
                        DSL.val(query.from().orElse(null), Instant.class),
                        DSL.val(query.to().orElse(null), Instant.class),
                        DSL.val(query.cursor().map(c -> c.instant(0)).orElse(null), Instant.class),
                        DSL.val(query.cursor().map(c -> Long.parseLong(c.text(1))).orElse(null), Long.class),
                        DSL.val(query.limit() + 1))
                .fetch(r -> new Entry(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), columns(r.get(4, String[].class)), json(r.get(5, JSONB.class)),
                        json(r.get(6, JSONB.class)), r.get(7, UUID.class), r.get(8, String.class),
                        r.get(9, Instant.class))));
        if (rows.size() <= query.limit()) {
            return Page.last(rows);
        }
        List<Entry> items = new ArrayList<>(rows.subList(0, query.limit()));
        Entry last = items.getLast();
        return new Page<>(items, Optional.of(Cursor.of(CURSOR_KIND, last.changedAt(), last.id()).encode()));
    }

    private static List<String> columns(String[] columns) {
        return columns == null ? List.of() : Arrays.asList(columns);
    }

    private static JsonNode json(JSONB value) {
        try {
            return value == null ? null : Json.mapper().readTree(value.data());
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
