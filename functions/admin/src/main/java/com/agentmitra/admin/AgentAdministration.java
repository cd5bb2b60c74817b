package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The agents of the tenant: listed and read by administrators (everyone) and regional managers (their part of the
 * hierarchy, {@code visible_agent_ids()}); changed and approved by administrators. A move in the hierarchy that
 * would put an agent under itself or one of its own sub-agents is a 409, checked while hierarchy moves of the
 * tenant are serialized (a transaction-level advisory lock), so two moves at once cannot make a cycle either.
 * An agent who is not approved cannot be given customers or callbacks: the database refuses it (tenant V150).
 */
final class AgentAdministration {

    static final String CURSOR_KIND = "admin-agents";
    static final Set<String> PATCH_FIELDS = Set.of("licenseNumber", "licenseExpiryDate", "territory",
            "whatsappBusinessNumber", "specialties", "parentAgentId");
    static final Set<String> APPROVAL_FIELDS = Set.of("decision", "reason");
    private static final Pattern LICENSE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/ .-]{0,99}");
    private static final Pattern SPECIALTY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _&/-]*");
    private static final int MAX_SPECIALTIES = 20;

    record AgentView(UUID id, UUID userId, String agentCode, String name, String phoneNumber, String email,
            String licenseNumber, LocalDate licenseExpiryDate, Instant licenseExpiredAt, String territory,
            String whatsappBusinessNumber, List<String> specialties, UUID parentAgentId, int hierarchyLevel,
            int subAgentsCount, String status, String verificationStatus, Instant approvedAt, UUID approvedBy,
            String approvalReason, Instant createdAt, Instant updatedAt) {}

    record Query(Optional<String> search, Optional<AgentStatusEnum> status, Optional<UUID> parentId,
            Optional<Cursor> cursor, int limit) {}

    private final Database database;
    private final Clock clock;

    AgentAdministration(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    Page<AgentView> list(Caller caller, Query query) {
        Access.administratorOrManager(caller);
        return database.inTransaction(caller, tx -> {
            Condition where = scope(caller);
            if (query.status().isPresent()) {
                where = where.and(AGENTS.STATUS.eq(query.status().get()));
            }
            if (query.parentId().isPresent()) {
                where = where.and(AGENTS.PARENT_AGENT_ID.eq(query.parentId().get()));
            }
            if (query.search().isPresent()) {
                String like = query.search().get();
                where = where.and(AGENTS.AGENT_CODE.likeIgnoreCase(like, '\\')
                        .or(AGENTS.LICENSE_NUMBER.likeIgnoreCase(like, '\\'))
                        .or(AGENTS.TERRITORY.likeIgnoreCase(like, '\\'))
                        .or(AGENTS.BUSINESS_NAME.likeIgnoreCase(like, '\\'))
                        .or(USERS.FIRST_NAME.likeIgnoreCase(like, '\\'))
                        .or(USERS.LAST_NAME.likeIgnoreCase(like, '\\')));
            }
            if (query.cursor().isPresent()) {
                Cursor cursor = query.cursor().get();
                where = where.and(DSL.row(AGENTS.CREATED_AT, AGENTS.AGENT_ID).lt(cursor.instant(0), cursor.uuid(1)));
            }
            List<AgentView> rows = tx.select(viewFields()).from(AGENTS)
                    .leftJoin(USERS).on(USERS.USER_ID.eq(AGENTS.USER_ID))
                    .where(where)
                    .orderBy(AGENTS.CREATED_AT.desc(), AGENTS.AGENT_ID.desc())
                    .limit(query.limit() + 1)
                    .fetch(AgentAdministration::view);
            if (rows.size() <= query.limit()) {
                return Page.last(rows);
            }
            List<AgentView> items = new ArrayList<>(rows.subList(0, query.limit()));
            AgentView last = items.getLast();
            return new Page<>(items, Optional.of(Cursor.of(CURSOR_KIND, last.createdAt(), last.id()).encode()));
        });
    }

    AgentView get(Caller caller, UUID agentId) {
        Access.administratorOrManager(caller);
        return database.inTransaction(caller, tx -> find(tx, caller, agentId))
                .orElseThrow(() -> new ApiProblem.NotFound("agent"));
    }

    /** {@code PATCH /agents/{id}}: only the fields given change; {@code null} clears one (not the agent code). */
    AgentView update(Caller caller, UUID agentId, Fields body) {
        Access.administrator(caller);
        var licenseNumber = body.text("licenseNumber", 100, LICENSE, "letters, digits, '/', '.', '-' or spaces");
        var expiry = body.date("licenseExpiryDate");
        var territory = body.text("territory", 255, null, null);
        var whatsapp = body.text("whatsappBusinessNumber", 16, Paging.E164, "a phone number in E.164 form (+91...)");
        var specialties = body.texts("specialties", MAX_SPECIALTIES, 50, SPECIALTY, "letters, digits and spaces");
        var parent = body.uuid("parentAgentId");
        if (body.isEmpty()) {
            body.violations.add("body", "give at least one of " + String.join(", ", PATCH_FIELDS.stream().sorted().toList()));
        }
        expiry.flatMap(Fields.Given::value).ifPresent(date -> {
            if (date.getYear() < 2000 || date.getYear() > 2100) {
                body.violations.add("licenseExpiryDate", "must be a date between 2000 and 2100");
            }
        });
        body.violations.throwIfAny();
        return database.inTransaction(caller, tx -> {
            AgentView before = find(tx, caller, agentId).orElseThrow(() -> new ApiProblem.NotFound("agent"));
            Map<Field<?>, Object> changes = new HashMap<>();
            licenseNumber.ifPresent(given -> {
                given.value().ifPresent(number -> {
                    if (tx.fetchExists(AGENTS, AGENTS.LICENSE_NUMBER.eq(number).and(AGENTS.AGENT_ID.ne(agentId)))) {
                        throw new ApiProblem.Conflict("another agent of this tenant holds this licence number");
                    }
                });
                changes.put(AGENTS.LICENSE_NUMBER, given.orNull());
            });
            expiry.ifPresent(given -> {
                changes.put(AGENTS.LICENSE_EXPIRY_DATE, given.orNull());
                if (!java.util.Objects.equals(given.orNull(), before.licenseExpiryDate())) {
                    // a new date: the daily check decides again whether (and when) it has expired
                    changes.put(AGENTS.LICENSE_EXPIRED_AT, null);
                }
            });
            territory.ifPresent(given -> changes.put(AGENTS.TERRITORY, given.orNull()));
            whatsapp.ifPresent(given -> changes.put(AGENTS.WHATSAPP_BUSINESS_NUMBER, given.orNull()));
            specialties.ifPresent(given -> changes.put(AGENTS.SPECIALIZATIONS,
                    given.value().map(list -> list.toArray(String[]::new)).orElse(null)));
            if (!changes.isEmpty()) {
                tx.update(AGENTS).set(changes).where(AGENTS.AGENT_ID.eq(agentId)).execute();
            }
            if (parent.isPresent() && !java.util.Objects.equals(parent.get().orNull(), before.parentAgentId())) {
                move(tx, agentId, before.parentAgentId(), parent.get().value());
            }
            return find(tx, caller, agentId).orElseThrow();
        });
    }

    /** {@code POST /agents/{id}/approval}: an agent waiting for approval is approved (active) or rejected. */
    AgentView decide(Caller caller, UUID agentId, Fields body) {
        Access.administrator(caller);
        Optional<String> decision = body.requiredText("decision", 10, Pattern.compile("approve|reject"),
                "approve or reject", true);
        Optional<String> reason = body.requiredText("reason", 500, null, null, false);
        if (decision.filter("reject"::equals).isPresent() && reason.isEmpty() && !body.violations.has("reason")) {
            body.violations.add("reason", "is required to reject an agent");
        }
        body.violations.throwIfAny();
        boolean approve = decision.orElseThrow().equals("approve");
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            AgentView agent = find(tx, caller, agentId).orElseThrow(() -> new ApiProblem.NotFound("agent"));
            int changed = tx.update(AGENTS)
                    .set(AGENTS.STATUS, approve ? AgentStatusEnum.active : AgentStatusEnum.rejected)
                    .set(AGENTS.VERIFICATION_STATUS, approve ? "verified" : "rejected")
                    .set(AGENTS.APPROVED_AT, approve ? now : null)
                    .set(AGENTS.APPROVED_BY, approve ? caller.requireUserId() : null)
                    .set(AGENTS.APPROVAL_REASON, reason.orElse(null))
                    .where(AGENTS.AGENT_ID.eq(agentId)).and(AGENTS.STATUS.eq(AgentStatusEnum.pending_approval))
                    .execute();
            if (changed == 0) {
                throw new ApiProblem.Conflict("the agent is " + agent.status() + ", not pending_approval");
            }
            return find(tx, caller, agentId).orElseThrow();
        });
    }

    /**
     * Puts the agent under {@code newParent} (or at the top): refused 409 when that is the agent itself or one of
     * its own sub-agents. Hierarchy levels of the agent's whole subtree and both parents' sub-agent counts follow.
     */
    private static void move(DSLContext tx, UUID agentId, UUID oldParent, Optional<UUID> newParent) {
        // one hierarchy move at a time per tenant schema: two moves checked against each other's old tree could
        // each pass and together make a cycle
        tx.resultQuery("select pg_advisory_xact_lock(hashtextextended('agent-hierarchy:' || current_setting('app.tenant_id'), 19))")
                .fetch();
        int level = 1;
        if (newParent.isPresent()) {
            UUID parent = newParent.get();
            if (parent.equals(agentId)) {
                throw new ApiProblem.Conflict("an agent cannot be its own parent");
            }
            Optional<Integer> parentLevel = tx.select(AGENTS.HIERARCHY_LEVEL).from(AGENTS)
                    .where(AGENTS.AGENT_ID.eq(parent)).fetchOptional(AGENTS.HIERARCHY_LEVEL);
            if (parentLevel.isEmpty()) {
                throw ApiProblem.InvalidInput.field("parentAgentId", "is not an agent of this tenant");
            }
            if (subtree(tx, agentId).contains(parent)) {
                throw new ApiProblem.Conflict("the new parent is one of this agent's own sub-agents: the move would"
                        + " make a cycle in the hierarchy");
            }
            level = parentLevel.get() + 1;
        }
        int oldLevel = tx.select(AGENTS.HIERARCHY_LEVEL).from(AGENTS).where(AGENTS.AGENT_ID.eq(agentId))
                .fetchSingle(AGENTS.HIERARCHY_LEVEL);
        tx.update(AGENTS).set(AGENTS.PARENT_AGENT_ID, newParent.orElse(null))
                .where(AGENTS.AGENT_ID.eq(agentId)).execute();
        int shift = level - oldLevel;
        if (shift != 0) {
            List<UUID> moved = new ArrayList<>(subtree(tx, agentId));
            moved.add(agentId);
            tx.update(AGENTS).set(AGENTS.HIERARCHY_LEVEL, AGENTS.HIERARCHY_LEVEL.plus(shift))
                    .where(AGENTS.AGENT_ID.in(moved)).execute();
        }
        List<UUID> parents = new ArrayList<>();
        Optional.ofNullable(oldParent).ifPresent(parents::add);
        newParent.ifPresent(parents::add);
        if (!parents.isEmpty()) {
            var child = AGENTS.as("child");
            tx.update(AGENTS).set(AGENTS.SUB_AGENTS_COUNT, DSL.field(DSL.selectCount().from(child)
                            .where(child.PARENT_AGENT_ID.eq(AGENTS.AGENT_ID))))
                    .where(AGENTS.AGENT_ID.in(parents)).execute();
        }
    }

    /** Every agent below {@code agentId}, however deep (the walk stops at rows already seen). */
    private static Set<UUID> subtree(DSLContext tx, UUID agentId) {
        Set<UUID> seen = new java.util.HashSet<>();
        List<UUID> level = List.of(agentId);
        while (!level.isEmpty()) {
            level = tx.select(AGENTS.AGENT_ID).from(AGENTS).where(AGENTS.PARENT_AGENT_ID.in(level))
                    .fetch(AGENTS.AGENT_ID).stream().filter(seen::add).toList();
        }
        return seen;
    }

    private static Optional<AgentView> find(DSLContext tx, Caller caller, UUID agentId) {
        return tx.select(viewFields()).from(AGENTS).leftJoin(USERS).on(USERS.USER_ID.eq(AGENTS.USER_ID))
                .where(AGENTS.AGENT_ID.eq(agentId)).and(scope(caller))
                .fetchOptional(AgentAdministration::view);
    }

    /** Administrators see every agent; a regional manager the agents row level security lets them see. */
    private static Condition scope(Caller caller) {
        if (Access.isAdministrator(caller)) {
            return DSL.noCondition();
        }
        if (caller.role() == Role.REGIONAL_MANAGER) {
            var visible = com.agentmitra.data.jooq.tenant.Tables.VISIBLE_AGENT_IDS();
            return AGENTS.AGENT_ID.in(DSL.select(visible.VISIBLE_AGENT_IDS_).from(visible));
        }
        return DSL.falseCondition();
    }

    private static List<org.jooq.SelectField<?>> viewFields() {
        return List.of(AGENTS.AGENT_ID, AGENTS.USER_ID, AGENTS.AGENT_CODE, USERS.FIRST_NAME, USERS.LAST_NAME,
                USERS.PHONE_NUMBER, USERS.EMAIL, AGENTS.LICENSE_NUMBER, AGENTS.LICENSE_EXPIRY_DATE,
                AGENTS.LICENSE_EXPIRED_AT, AGENTS.TERRITORY, AGENTS.WHATSAPP_BUSINESS_NUMBER, AGENTS.SPECIALIZATIONS,
                AGENTS.PARENT_AGENT_ID, AGENTS.HIERARCHY_LEVEL, AGENTS.SUB_AGENTS_COUNT, AGENTS.STATUS,
                AGENTS.VERIFICATION_STATUS, AGENTS.APPROVED_AT, AGENTS.APPROVED_BY, AGENTS.APPROVAL_REASON,
                AGENTS.CREATED_AT, AGENTS.UPDATED_AT);
    }

    private static AgentView view(Record r) {
        String first = r.get(USERS.FIRST_NAME);
        String last = r.get(USERS.LAST_NAME);
        String name = String.join(" ", java.util.stream.Stream.of(first, last).filter(java.util.Objects::nonNull)
                .toList());
        String[] specialties = r.get(AGENTS.SPECIALIZATIONS);
        return new AgentView(r.get(AGENTS.AGENT_ID), r.get(AGENTS.USER_ID), r.get(AGENTS.AGENT_CODE),
                name.isEmpty() ? null : name, r.get(USERS.PHONE_NUMBER), r.get(USERS.EMAIL),
                r.get(AGENTS.LICENSE_NUMBER), r.get(AGENTS.LICENSE_EXPIRY_DATE), r.get(AGENTS.LICENSE_EXPIRED_AT),
                r.get(AGENTS.TERRITORY), r.get(AGENTS.WHATSAPP_BUSINESS_NUMBER),
                specialties == null ? List.of() : Arrays.asList(specialties), r.get(AGENTS.PARENT_AGENT_ID),
                r.get(AGENTS.HIERARCHY_LEVEL), r.get(AGENTS.SUB_AGENTS_COUNT), r.get(AGENTS.STATUS).getLiteral(),
                r.get(AGENTS.VERIFICATION_STATUS), r.get(AGENTS.APPROVED_AT), r.get(AGENTS.APPROVED_BY),
                r.get(AGENTS.APPROVAL_REASON), r.get(AGENTS.CREATED_AT), r.get(AGENTS.UPDATED_AT));
    }

    static Optional<AgentStatusEnum> status(String literal) {
        return Optional.ofNullable(AgentStatusEnum.lookupLiteral(literal.toLowerCase(Locale.ROOT)));
    }
}
