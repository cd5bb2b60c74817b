package com.agentmitra.domain.callbacks;

import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.AGENT_CALLBACK_CAPACITY;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ACTIVITIES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_QUEUES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_SLA_TRACKING;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.data.jooq.tenant.tables.records.AgentCallbackCapacityRecord;
import com.agentmitra.data.jooq.tenant.tables.records.CallbackRequestsRecord;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/**
 * Callback rows in the caller's tenant schema (jOOQ; generated records stay in here). Every method runs inside the
 * caller's transaction, so row level security decides what exists; capacity is taken and given back with
 * conditional UPDATEs on the agent's {@code agent_callback_capacity} row, the one place that decides it.
 */
public final class CallbackRepository {

    private static final TypeReference<Map<String, List<WeeklyAvailability.Window>>> AVAILABILITY =
            new TypeReference<>() {};

    /** A customer as a callback copies them, with the language and choices their notices follow. */
    public record Customer(UUID id, String name, String phone, String email, UUID agentId, String customerValue,
            String language, CustomerNoticeChoices notices) {
        public Customer {
            language = CallbackNotifications.language(language);
        }
    }

    /** A callback locked for a change. */
    public record Locked(UUID id, UUID customerId, UUID agentId, CallbackStatus status, Integer rating, String source,
            int assignmentCount) {}

    /** What a new callback row holds. */
    public record NewRow(Customer customer, NewCallback request, String source, PriorityScore score, SlaDeadline sla,
            Instant createdAt, UUID createdBy) {}

    /** Who should get a callback: the customer's own agent first, then specialists, then the least loaded. */
    public record AgentChoice(Optional<UUID> preferredAgent, String requestType, Optional<UUID> excluding) {}

    /** Where the contact details of a notice come from, with the language the person reads. */
    public record Contact(String name, String phone, String language) {
        public Contact {
            language = CallbackNotifications.language(language);
        }
    }

    // ---------------------------------------------------------------- customers

    public Optional<Customer> customerOfUser(DSLContext tx, UUID userId) {
        return customers(tx, POLICYHOLDERS.USER_ID.eq(userId));
    }

    public Optional<Customer> customer(DSLContext tx, UUID customerId) {
        return customers(tx, POLICYHOLDERS.POLICYHOLDER_ID.eq(customerId));
    }

    private Optional<Customer> customers(DSLContext tx, Condition which) {
        var p = POLICYHOLDERS;
        // "callbackUpdates" is off only when the customer set it to false: a missing key or no preferences is on
        Field<Boolean> callbackUpdates = DSL.field("coalesce(({0} -> 'callbackUpdates') <> 'false'::jsonb, true)",
                Boolean.class, p.COMMUNICATION_PREFERENCES);
        Field<Boolean> utilityStated = DSL.field(p.WHATSAPP_UTILITY_CONSENT_AT.isNotNull());
        return tx.select(p.POLICYHOLDER_ID, p.FULL_NAME, p.PHONE_NUMBER, p.EMAIL, p.AGENT_ID, p.CUSTOMER_VALUE,
                        p.PREFERRED_LANGUAGE, p.WHATSAPP_UTILITY_OPT_IN, utilityStated, callbackUpdates)
                .from(p).where(which)
                .fetchOptional(r -> new Customer(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), new CustomerNoticeChoices(Boolean.TRUE.equals(r.value8()),
                                Boolean.TRUE.equals(r.value9()), !Boolean.FALSE.equals(r.value10()))));
    }

    public boolean policyOfCustomerExists(DSLContext tx, UUID policyId, UUID customerId) {
        var i = com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
        return tx.fetchExists(i, i.POLICY_ID.eq(policyId).and(i.POLICYHOLDER_ID.eq(customerId)));
    }

    // ---------------------------------------------------------------- callbacks

    public Optional<UUID> bySourceReference(DSLContext tx, String source, String reference) {
        var c = CALLBACK_REQUESTS;
        return tx.select(c.CALLBACK_REQUEST_ID).from(c)
                .where(c.SOURCE.eq(source)).and(c.SOURCE_REFERENCE_ID.eq(reference))
                .fetchOptional(c.CALLBACK_REQUEST_ID);
    }

    public UUID insert(DSLContext tx, NewRow row) {
        var c = CALLBACK_REQUESTS;
        NewCallback request = row.request();
        return tx.insertInto(c)
                .set(c.CUSTOMER_ID, row.customer().id())
                .set(c.POLICY_ID, request.policyId())
                .set(c.REQUEST_TYPE, request.requestType())
                .set(c.DESCRIPTION, request.description())
                .set(c.PRIORITY, row.score().category())
                .set(c.PRIORITY_SCORE, row.score().value())
                .set(c.STATUS, CallbackStatus.pending)
                .set(c.CUSTOMER_NAME, row.customer().name())
                .set(c.CUSTOMER_PHONE, row.customer().phone())
                .set(c.CUSTOMER_EMAIL, row.customer().email())
                .set(c.SLA_HOURS, row.sla().hours())
                .set(c.CREATED_AT, row.createdAt())
                .set(c.SCHEDULED_AT, request.preferredTime())
                .set(c.DUE_AT, row.sla().dueAt())
                .set(c.SOURCE, row.source())
                .set(c.SOURCE_REFERENCE_ID, request.sourceReferenceId())
                .set(c.TAGS, request.tags().toArray(String[]::new))
                .set(c.CATEGORY, request.category())
                .set(c.URGENCY_LEVEL, request.urgency())
                .set(c.CUSTOMER_VALUE, row.customer().customerValue())
                .set(c.CREATED_BY, row.createdBy())
                .set(c.LAST_UPDATED_BY, row.createdBy())
                .set(c.LAST_UPDATED_AT, row.createdAt())
                .returning(c.CALLBACK_REQUEST_ID)
                .fetchOne(c.CALLBACK_REQUEST_ID);
    }

    public void insertSlaTargets(DSLContext tx, UUID callbackId, SlaDeadline sla, Instant now) {
        var s = CALLBACK_SLA_TRACKING;
        tx.insertInto(s, s.CALLBACK_REQUEST_ID, s.SLA_TYPE, s.TARGET_TIME, s.CREATED_AT)
                .values(callbackId, "first_response", sla.firstResponseTarget(), now)
                .values(callbackId, "resolution", sla.resolutionTarget(), now)
                .onConflictDoNothing()
                .execute();
    }

    /** Stamps an SLA's actual time once (the first response is the first contact). */
    public void meetSla(DSLContext tx, UUID callbackId, String type, Instant at) {
        var s = CALLBACK_SLA_TRACKING;
        tx.update(s).set(s.ACTUAL_TIME, at)
                .where(s.CALLBACK_REQUEST_ID.eq(callbackId)).and(s.SLA_TYPE.eq(type)).and(s.ACTUAL_TIME.isNull())
                .execute();
    }

    public void insertActivity(DSLContext tx, UUID callbackId, UUID agentId, String type, String description,
            Integer durationMinutes, String contactMethod, String outcome, String notes, Map<String, ?> metadata,
            Instant at) {
        var a = CALLBACK_ACTIVITIES;
        tx.insertInto(a)
                .set(a.CALLBACK_REQUEST_ID, callbackId)
                .set(a.AGENT_ID, agentId)
                .set(a.ACTIVITY_TYPE, type)
                .set(a.DESCRIPTION, description)
                .set(a.DURATION_MINUTES, durationMinutes)
                .set(a.CONTACT_METHOD, contactMethod)
                .set(a.CONTACT_OUTCOME, outcome)
                .set(a.NOTES, notes)
                .set(a.METADATA, JSONB.valueOf(Json.write(metadata)))
                .set(a.CREATED_AT, at)
                .execute();
    }

    /** The callback, locked for this transaction; empty when it does not exist or the caller may not see it. */
    public Optional<Locked> lock(DSLContext tx, UUID callbackId) {
        var c = CALLBACK_REQUESTS;
        return tx.select(c.CALLBACK_REQUEST_ID, c.CUSTOMER_ID, c.AGENT_ID, c.STATUS, c.SATISFACTION_RATING, c.SOURCE,
                        c.ASSIGNMENT_COUNT)
                .from(c).where(c.CALLBACK_REQUEST_ID.eq(callbackId))
                .forUpdate().of(c)
                .fetchOptional(Records.mapping(Locked::new));
    }

    /** Gives the callback to {@code agentId}: pending becomes assigned, overdue stays overdue. Answers the new count. */
    public int assign(DSLContext tx, UUID callbackId, UUID agentId, UUID assignedBy, Instant now) {
        var c = CALLBACK_REQUESTS;
        return tx.update(c)
                .set(c.AGENT_ID, agentId)
                .set(c.STATUS, when(c.STATUS.eq(CallbackStatus.overdue), inline(CallbackStatus.overdue))
                        .otherwise(inline(CallbackStatus.assigned)))
                .set(c.ASSIGNED_AT, now)
                .set(c.ASSIGNED_BY, assignedBy)
                .set(c.ASSIGNMENT_COUNT, c.ASSIGNMENT_COUNT.plus(1))
                .set(c.LAST_UPDATED_BY, assignedBy)
                .where(c.CALLBACK_REQUEST_ID.eq(callbackId))
                .returning(c.ASSIGNMENT_COUNT)
                .fetchOne(c.ASSIGNMENT_COUNT);
    }

    public void changeStatus(DSLContext tx, UUID callbackId, CallbackStatus to, UUID by, Instant now) {
        var c = CALLBACK_REQUESTS;
        var update = tx.update(c).set(c.STATUS, to).set(c.LAST_UPDATED_BY, by);
        if (to == CallbackStatus.in_progress) {
            update = update.set(c.STARTED_AT, now);
        }
        update.where(c.CALLBACK_REQUEST_ID.eq(callbackId)).execute();
    }

    public void complete(DSLContext tx, UUID callbackId, CallbackCommands.Complete body, UUID by, Instant now) {
        var c = CALLBACK_REQUESTS;
        tx.update(c)
                .set(c.STATUS, CallbackStatus.completed)
                .set(c.COMPLETED_AT, now)
                .set(c.COMPLETED_BY, by)
                .set(c.RESOLUTION, body.resolution())
                .set(c.RESOLUTION_CATEGORY, body.resolutionCategory())
                .set(c.LAST_UPDATED_BY, by)
                .where(c.CALLBACK_REQUEST_ID.eq(callbackId))
                .execute();
    }

    public void rate(DSLContext tx, UUID callbackId, int rating, UUID by) {
        var c = CALLBACK_REQUESTS;
        tx.update(c).set(c.SATISFACTION_RATING, rating).set(c.LAST_UPDATED_BY, by)
                .where(c.CALLBACK_REQUEST_ID.eq(callbackId)).execute();
    }

    public Optional<CallbackViews.Callback> find(DSLContext tx, UUID callbackId) {
        return tx.selectFrom(CALLBACK_REQUESTS).where(CALLBACK_REQUESTS.CALLBACK_REQUEST_ID.eq(callbackId))
                .fetchOptional(CallbackRepository::view);
    }

    public List<CallbackViews.Activity> activities(DSLContext tx, UUID callbackId) {
        var a = CALLBACK_ACTIVITIES;
        return tx.select(a.CALLBACK_ACTIVITY_ID, a.AGENT_ID, a.ACTIVITY_TYPE, a.DESCRIPTION, a.DURATION_MINUTES,
                        a.CONTACT_METHOD, a.CONTACT_OUTCOME, a.NOTES, a.CREATED_AT)
                .from(a).where(a.CALLBACK_REQUEST_ID.eq(callbackId))
                .orderBy(a.CREATED_AT, a.ACTIVITY_SEQ)
                .fetch(Records.mapping(CallbackViews.Activity::new));
    }

    public List<CallbackViews.Sla> sla(DSLContext tx, UUID callbackId) {
        var s = CALLBACK_SLA_TRACKING;
        return tx.select(s.SLA_TYPE, s.TARGET_TIME, s.ACTUAL_TIME, s.IS_MET, s.DELAY_MINUTES)
                .from(s).where(s.CALLBACK_REQUEST_ID.eq(callbackId))
                .orderBy(s.TARGET_TIME, s.SLA_TYPE)
                .fetch(Records.mapping(CallbackViews.Sla::new));
    }

    /** One page of a queue, sorted by priority score (highest first), then due time, then id. */
    public List<CallbackViews.Callback> list(DSLContext tx, Condition view, Optional<QueueCursor> after, int limit) {
        var c = CALLBACK_REQUESTS;
        Condition page = after.map(cursor -> c.PRIORITY_SCORE.lt(cursor.score())
                        .or(c.PRIORITY_SCORE.eq(cursor.score()).and(c.DUE_AT.gt(cursor.dueAt())))
                        .or(c.PRIORITY_SCORE.eq(cursor.score()).and(c.DUE_AT.eq(cursor.dueAt()))
                                .and(c.CALLBACK_REQUEST_ID.gt(cursor.id()))))
                .orElse(noCondition());
        return tx.selectFrom(c).where(view).and(page)
                .orderBy(c.PRIORITY_SCORE.desc(), c.DUE_AT.asc(), c.CALLBACK_REQUEST_ID.asc())
                .limit(limit)
                .fetch(CallbackRepository::view);
    }

    public Condition visibleAgentsCondition() {
        var visible = com.agentmitra.data.jooq.tenant.Tables.VISIBLE_AGENT_IDS;
        return CALLBACK_REQUESTS.AGENT_ID.in(select(visible.VISIBLE_AGENT_IDS_).from(visible.call()));
    }

    public CallbackViews.Summary summary(DSLContext tx, Instant now, LocalDate businessDay, Instant dayStart, Instant dayEnd) {
        var c = CALLBACK_REQUESTS;
        Map<String, Long> byStatus = new LinkedHashMap<>();
        Map<String, Long> byPriority = new LinkedHashMap<>();
        Arrays.stream(CallbackStatus.values()).forEach(status -> byStatus.put(status.getLiteral(), 0L));
        Arrays.stream(CallbackPriority.values()).forEach(priority -> byPriority.put(priority.getLiteral(), 0L));
        tx.select(c.STATUS, c.PRIORITY, count()).from(c).groupBy(c.STATUS, c.PRIORITY).fetch().forEach(row -> {
            byStatus.merge(row.value1().getLiteral(), row.value3().longValue(), Long::sum);
            if (StatusTransition.OPEN.contains(row.value1())) {
                byPriority.merge(row.value2().getLiteral(), row.value3().longValue(), Long::sum);
            }
        });
        long open = StatusTransition.OPEN.stream().mapToLong(status -> byStatus.get(status.getLiteral())).sum();
        var s = CALLBACK_SLA_TRACKING;
        // SLA targets falling due today (IST) that are decided: met, or missed (past without an answer, or late)
        var decided = tx.select(count(), count().filterWhere(s.IS_MET.isTrue()))
                .from(s)
                .where(s.TARGET_TIME.ge(dayStart)).and(s.TARGET_TIME.lt(dayEnd))
                .and(s.ACTUAL_TIME.isNotNull().or(s.TARGET_TIME.lt(now)))
                .fetchOne();
        long due = decided.value1();
        long met = decided.value2();
        BigDecimal percent = due == 0 ? null
                : BigDecimal.valueOf(met * 100).divide(BigDecimal.valueOf(due), 2, java.math.RoundingMode.HALF_UP);
        return new CallbackViews.Summary(byStatus, byPriority, open, byStatus.get("overdue"), businessDay, due, met,
                percent);
    }

    // ---------------------------------------------------------------- capacity

    /** Auto-assignment is on unless an active queue of the tenant turns it off (seed default: on). */
    public boolean autoAssignmentEnabled(DSLContext tx) {
        var q = CALLBACK_QUEUES;
        return !tx.fetchExists(q, q.IS_ACTIVE.isTrue().and(q.AUTO_ASSIGNMENT_ENABLED.isFalse()));
    }

    /** Waiting rounds after the lock-free pass found nobody, before the callback is left for the sweeper. */
    public static final int WAITING_ATTEMPTS = 20;

    /**
     * Takes one unit of capacity from the best eligible agent and answers who, or empty when nobody is free. Capacity
     * is only ever taken by a conditional UPDATE that re-checks the limits on the row's latest version, so two
     * transactions can never both take an agent's last slot. First pass: the best candidate not locked by another
     * transaction ({@code FOR UPDATE SKIP LOCKED}), which never waits. If every eligible agent is locked, the
     * candidates are tried again waiting for the row, one at a time and holding no other capacity row, so a free
     * slot is not missed because of a lock and no two creates can deadlock.
     */
    public Optional<UUID> takeCapacity(DSLContext tx, AgentChoice choice, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, WeeklyAvailability.BUSINESS_ZONE);
        var k = AGENT_CALLBACK_CAPACITY;
        var locked = candidates(choice, now, today).forUpdate().skipLocked();
        Optional<UUID> taken = tx.update(k)
                .set(takeOne(today, now))
                .where(k.AGENT_ID.eq(locked.asField()))
                .and(underLimits(today))
                .returning(k.AGENT_ID)
                .fetchOptional(k.AGENT_ID);
        for (int attempt = 0; taken.isEmpty() && attempt < WAITING_ATTEMPTS; attempt++) {
            Optional<UUID> candidate = tx.fetchOptional(candidates(choice, now, today)).map(row -> row.value1());
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            taken = tx.update(k).set(takeOne(today, now))
                    .where(k.AGENT_ID.eq(candidate.get())).and(underLimits(today)).and(k.IS_AVAILABLE.isTrue())
                    .returning(k.AGENT_ID)
                    .fetchOptional(k.AGENT_ID);
        }
        return taken;
    }

    private static org.jooq.SelectLimitPercentStep<org.jooq.Record1<UUID>> candidates(AgentChoice choice, Instant now,
            LocalDate today) {
        var k = AGENT_CALLBACK_CAPACITY;
        Condition eligible = underLimits(today)
                .and(k.IS_AVAILABLE.isTrue())
                .and(availableAt(now))
                .and(choice.excluding().map(k.AGENT_ID::ne).orElse(noCondition()));
        Field<Integer> preferred = choice.preferredAgent()
                .map(agent -> when(k.AGENT_ID.eq(agent), inline(0)).otherwise(inline(1)))
                .orElse(inline(1));
        Field<Integer> specialist = when(condition("{0} = any({1})", val(choice.requestType()), k.SPECIALTIES), inline(0))
                .otherwise(inline(1));
        return select(k.AGENT_ID).from(k).where(eligible)
                .orderBy(preferred, specialist, k.CURRENT_ACTIVE_CALLBACKS, assignedOn(today),
                        k.LAST_ASSIGNED_AT.asc().nullsFirst(), k.AGENT_ID)
                .limit(1);
    }

    /** Takes one unit of {@code agentId}'s capacity (manual assignment): false when the agent is at a limit. */
    public boolean takeCapacityOf(DSLContext tx, UUID agentId, Instant now) {
        var k = AGENT_CALLBACK_CAPACITY;
        LocalDate today = LocalDate.ofInstant(now, WeeklyAvailability.BUSINESS_ZONE);
        tx.insertInto(k, k.AGENT_ID).values(agentId).onConflict(k.AGENT_ID).doNothing().execute();
        return tx.update(k).set(takeOne(today, now))
                .where(k.AGENT_ID.eq(agentId)).and(underLimits(today))
                .execute() == 1;
    }

    /** Gives back one unit of an agent's capacity (the callback closed or moved on). */
    public void releaseCapacity(DSLContext tx, UUID agentId, Instant now) {
        var k = AGENT_CALLBACK_CAPACITY;
        tx.update(k)
                .set(k.CURRENT_ACTIVE_CALLBACKS, DSL.greatest(k.CURRENT_ACTIVE_CALLBACKS.minus(1), inline(0)))
                .set(k.LAST_UPDATED_AT, now)
                .where(k.AGENT_ID.eq(agentId))
                .execute();
    }

    private static Condition underLimits(LocalDate today) {
        var k = AGENT_CALLBACK_CAPACITY;
        return k.CURRENT_ACTIVE_CALLBACKS.lt(k.MAX_CONCURRENT_CALLBACKS)
                .and(k.ASSIGNED_ON.isDistinctFrom(today).or(k.ASSIGNED_TODAY.lt(k.MAX_DAILY_CALLBACKS)))
                .and(k.MAX_DAILY_CALLBACKS.gt(0));
    }

    private static Field<Integer> assignedOn(LocalDate today) {
        var k = AGENT_CALLBACK_CAPACITY;
        return when(k.ASSIGNED_ON.eq(today), k.ASSIGNED_TODAY).otherwise(inline(0));
    }

    private static Map<Field<?>, Object> takeOne(LocalDate today, Instant now) {
        var k = AGENT_CALLBACK_CAPACITY;
        Map<Field<?>, Object> changes = new LinkedHashMap<>();
        changes.put(k.CURRENT_ACTIVE_CALLBACKS, k.CURRENT_ACTIVE_CALLBACKS.plus(1));
        changes.put(k.ASSIGNED_TODAY, assignedOn(today).plus(1));
        changes.put(k.ASSIGNED_ON, val(today));
        changes.put(k.LAST_ASSIGNED_AT, val(now));
        changes.put(k.LAST_UPDATED_AT, val(now));
        return changes;
    }

    /** The agent's weekly hours (IST) include {@code now}; no hours at all means always. See {@link WeeklyAvailability}. */
    private static Condition availableAt(Instant now) {
        var local = now.atZone(WeeklyAvailability.BUSINESS_ZONE);
        String day = WeeklyAvailability.dayKey(local.getDayOfWeek());
        LocalTime time = local.toLocalTime().withNano(0);
        return condition("""
                ({0} = '{}'::jsonb or exists (
                    select 1 from jsonb_array_elements(coalesce({0} -> {1}, '[]'::jsonb)) w
                    where {2}::time >= (w ->> 'from')::time and {2}::time < (w ->> 'to')::time))""",
                AGENT_CALLBACK_CAPACITY.AVAILABILITY_SCHEDULE, val(day), val(time.toString()));
    }

    public Optional<CallbackViews.Capacity> capacity(DSLContext tx, UUID agentId, LocalDate today) {
        return tx.selectFrom(AGENT_CALLBACK_CAPACITY).where(AGENT_CALLBACK_CAPACITY.AGENT_ID.eq(agentId))
                .fetchOptional(row -> capacityView(row, today));
    }

    public CallbackViews.Capacity saveCapacity(DSLContext tx, UUID agentId, CallbackCommands.Capacity body, Instant now) {
        var k = AGENT_CALLBACK_CAPACITY;
        JSONB availability = JSONB.valueOf(Json.write(body.availability()));
        return tx.insertInto(k)
                .set(k.AGENT_ID, agentId)
                .set(k.MAX_CONCURRENT_CALLBACKS, body.maxConcurrentCallbacks())
                .set(k.MAX_DAILY_CALLBACKS, body.maxDailyCallbacks())
                .set(k.SPECIALTIES, body.specialties().toArray(String[]::new))
                .set(k.AVAILABILITY_SCHEDULE, availability)
                .set(k.IS_AVAILABLE, body.isAvailable())
                .set(k.LAST_UPDATED_AT, now)
                .onConflict(k.AGENT_ID).doUpdate()
                .set(k.MAX_CONCURRENT_CALLBACKS, body.maxConcurrentCallbacks())
                .set(k.MAX_DAILY_CALLBACKS, body.maxDailyCallbacks())
                .set(k.SPECIALTIES, body.specialties().toArray(String[]::new))
                .set(k.AVAILABILITY_SCHEDULE, availability)
                .set(k.IS_AVAILABLE, body.isAvailable())
                .set(k.LAST_UPDATED_AT, now)
                .returning()
                .fetchOne(row -> capacityView(row, LocalDate.ofInstant(now, WeeklyAvailability.BUSINESS_ZONE)));
    }

    /** Whether the agent exists in this tenant (the agent directory is visible tenant-wide). */
    public boolean agentExists(DSLContext tx, UUID agentId) {
        return tx.fetchExists(AGENTS, AGENTS.AGENT_ID.eq(agentId));
    }

    /**
     * Whether the agent is not approved (waiting for approval, or rejected): such an agent is given no callbacks
     * (tenant V150's trigger refuses the row; this lets the route say why instead).
     */
    public boolean agentNotApproved(DSLContext tx, UUID agentId) {
        return tx.fetchExists(AGENTS, AGENTS.AGENT_ID.eq(agentId).and(AGENTS.STATUS.in(
                com.agentmitra.data.jooq.shared.enums.AgentStatusEnum.pending_approval,
                com.agentmitra.data.jooq.shared.enums.AgentStatusEnum.rejected)));
    }

    /** Whether the caller's hierarchy (row level security's {@code visible_agent_ids()}) includes the agent. */
    public boolean agentVisible(DSLContext tx, UUID agentId) {
        var visible = com.agentmitra.data.jooq.tenant.Tables.VISIBLE_AGENT_IDS;
        return tx.fetchExists(selectOne().from(visible.call()).where(visible.VISIBLE_AGENT_IDS_.eq(agentId)));
    }

    /** Name, phone and language of an agent's login, for a WhatsApp notice (read as the system). */
    public Optional<Contact> agentContact(DSLContext tx, UUID agentId) {
        return tx.select(DSL.concat(USERS.FIRST_NAME, DSL.coalesce(DSL.concat(inline(" "), USERS.LAST_NAME), inline(""))),
                        USERS.PHONE_NUMBER, USERS.LANGUAGE_PREFERENCE)
                .from(AGENTS).join(USERS).on(USERS.USER_ID.eq(AGENTS.USER_ID))
                .where(AGENTS.AGENT_ID.eq(agentId)).and(USERS.PHONE_NUMBER.isNotNull())
                .fetchOptional(Records.mapping(Contact::new));
    }

    // ---------------------------------------------------------------- sweeper (as the system)

    /** Re-scores open callbacks as they age, with the schema's own functions; answers how many changed. */
    public int rescoreOpen(DSLContext tx, Instant now) {
        var c = CALLBACK_REQUESTS;
        Field<Integer> ageHours = DSL.field("floor(extract(epoch from ({0} - {1})) / 3600)::integer", Integer.class,
                val(now), c.CREATED_AT);
        Field<BigDecimal> score = Routines.calculateCallbackPriorityScore(c.CUSTOMER_ID, c.REQUEST_TYPE,
                c.URGENCY_LEVEL, c.CUSTOMER_VALUE, ageHours);
        // an escalation may have raised the priority above what the score says: never lower it here
        Field<CallbackPriority> priority = DSL.least(c.PRIORITY, Routines.getCallbackPriorityCategory(score));
        return tx.update(c)
                .set(c.PRIORITY_SCORE, score)
                .set(c.PRIORITY, priority)
                .where(c.STATUS.in(StatusTransition.OPEN))
                .and(c.PRIORITY_SCORE.isDistinctFrom(score).or(c.PRIORITY.isDistinctFrom(priority)))
                .execute();
    }

    /** Marks pending and assigned callbacks past their due time overdue, with one activity each. */
    public int markOverdue(DSLContext tx, Instant now) {
        // one statement: the status change and its activity rows together
        return tx.execute("""
                with marked as (
                    update {0} set status = 'overdue'
                    where status in ('pending', 'assigned') and due_at < {1}
                    returning callback_request_id, agent_id)
                insert into {2} (callback_request_id, agent_id, activity_type, description, created_at)
                select callback_request_id, agent_id, 'overdue', 'Past its due time without progress', {1}
                from marked""", CALLBACK_REQUESTS, val(now), CALLBACK_ACTIVITIES);
    }

    /** An active escalation rule as the sweeper applies it. */
    public record Rule(UUID id, String name, CallbackPriority priority, JSONB condition, String action, JSONB target) {}

    public List<Rule> activeRules(DSLContext tx) {
        var r = com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ESCALATION_RULES;
        return tx.select(r.ESCALATION_RULE_ID, r.RULE_NAME, r.PRIORITY, r.TRIGGER_CONDITION, r.ESCALATION_ACTION,
                        r.ESCALATION_TARGET)
                .from(r).where(r.IS_ACTIVE.isTrue()).orderBy(r.RULE_NAME)
                .fetch(Records.mapping(Rule::new));
    }

    /** A callback a rule has just been applied to. */
    public record Escalated(UUID callbackId, UUID agentId, CallbackStatus status) {}

    /**
     * Records the rule's 'escalated' activity on every open callback it matches and that it was not applied to yet,
     * in one statement; the unique index of tenant V041 makes a second run a no-op. Answers the callbacks newly hit.
     */
    public List<Escalated> escalate(DSLContext tx, Rule rule, EscalationTrigger trigger, Instant now) {
        var c = CALLBACK_REQUESTS;
        var a = CALLBACK_ACTIVITIES;
        Condition matches = c.STATUS.in(trigger.statuses())
                .and(c.DUE_AT.le(now.minus(trigger.overdueBy())))
                .and(rule.priority() == null ? noCondition() : c.PRIORITY.eq(rule.priority()));
        String metadata = Json.write(Map.of("escalationRuleId", rule.id().toString(), "rule", rule.name(),
                "action", rule.action()));
        var inserted = tx.insertInto(a, a.CALLBACK_REQUEST_ID, a.AGENT_ID, a.ACTIVITY_TYPE, a.DESCRIPTION, a.METADATA,
                        a.CREATED_AT)
                .select(select(c.CALLBACK_REQUEST_ID, c.AGENT_ID, inline("escalated"),
                        val("Escalation rule '" + rule.name() + "': " + rule.action()),
                        val(JSONB.valueOf(metadata)), val(now))
                        .from(c).where(matches)
                        .and(notExists(selectOne().from(a).where(a.CALLBACK_REQUEST_ID.eq(c.CALLBACK_REQUEST_ID))
                                .and(a.ACTIVITY_TYPE.eq("escalated"))
                                .and(DSL.field("{0} ->> 'escalationRuleId'", String.class, a.METADATA)
                                        .eq(rule.id().toString())))))
                .onConflictDoNothing()
                .returning(a.CALLBACK_REQUEST_ID)
                .fetch(a.CALLBACK_REQUEST_ID);
        if (inserted.isEmpty()) {
            return List.of();
        }
        return tx.select(c.CALLBACK_REQUEST_ID, c.AGENT_ID, c.STATUS).from(c)
                .where(c.CALLBACK_REQUEST_ID.in(inserted))
                .fetch(Records.mapping(Escalated::new));
    }

    /** Raises the priority of these callbacks one step (low → medium → high), or to {@code to} if that is higher. */
    public int raisePriority(DSLContext tx, List<UUID> callbackIds, Optional<CallbackPriority> to) {
        var c = CALLBACK_REQUESTS;
        Field<CallbackPriority> oneUp = when(c.PRIORITY.eq(CallbackPriority.low), inline(CallbackPriority.medium))
                .otherwise(inline(CallbackPriority.high));
        Field<CallbackPriority> raised = to.<Field<CallbackPriority>>map(target -> DSL.least(c.PRIORITY, inline(target)))
                .orElse(oneUp);
        return tx.update(c).set(c.PRIORITY, raised).where(c.CALLBACK_REQUEST_ID.in(callbackIds)).execute();
    }

    /** The agent above {@code agentId} (its parent), who hears about escalations. */
    public Optional<UUID> managerOf(DSLContext tx, UUID agentId) {
        return tx.select(AGENTS.PARENT_AGENT_ID).from(AGENTS)
                .where(AGENTS.AGENT_ID.eq(agentId)).and(AGENTS.PARENT_AGENT_ID.isNotNull())
                .fetchOptional(AGENTS.PARENT_AGENT_ID);
    }

    /** Unassigned open callbacks, most urgent first, for the sweeper to offer to agents who became free. */
    public List<UUID> unassignedOpen(DSLContext tx, int limit) {
        var c = CALLBACK_REQUESTS;
        return tx.select(c.CALLBACK_REQUEST_ID).from(c)
                .where(c.AGENT_ID.isNull()).and(c.STATUS.in(CallbackStatus.pending, CallbackStatus.overdue))
                .orderBy(c.PRIORITY_SCORE.desc(), c.DUE_AT, c.CALLBACK_REQUEST_ID)
                .limit(limit)
                .fetch(c.CALLBACK_REQUEST_ID);
    }

    /** The request type and the customer's own agent of a callback (for choosing an agent). */
    public Optional<AgentChoice> choiceFor(DSLContext tx, UUID callbackId, Optional<UUID> excluding) {
        var c = CALLBACK_REQUESTS;
        return tx.select(POLICYHOLDERS.AGENT_ID, c.REQUEST_TYPE).from(c)
                .join(POLICYHOLDERS).on(POLICYHOLDERS.POLICYHOLDER_ID.eq(c.CUSTOMER_ID))
                .where(c.CALLBACK_REQUEST_ID.eq(callbackId))
                .fetchOptional(row -> new AgentChoice(
                        excluding.isPresent() && excluding.get().equals(row.value1())
                                ? Optional.empty() : Optional.ofNullable(row.value1()),
                        row.value2(), excluding));
    }

    // ---------------------------------------------------------------- mapping

    private static CallbackViews.Callback view(CallbackRequestsRecord r) {
        return new CallbackViews.Callback(r.getCallbackRequestId(), r.getCustomerId(), r.getCustomerName(),
                r.getCustomerPhone(), r.getAgentId(), r.getPolicyId(), r.getRequestType(), r.getDescription(),
                r.getUrgencyLevel(), r.getCustomerValue(), r.getPriority().getLiteral(), r.getPriorityScore(),
                r.getStatus().getLiteral(), r.getSource(), r.getSourceReferenceId(),
                r.getTags() == null ? List.of() : List.of(r.getTags()), r.getCategory(), r.getCreatedAt(),
                r.getScheduledAt(), r.getDueAt(), r.getAssignedAt(), r.getStartedAt(), r.getCompletedAt(),
                r.getResolution(), r.getResolutionCategory(), r.getSatisfactionRating(), r.getAssignmentCount());
    }

    private static CallbackViews.Capacity capacityView(AgentCallbackCapacityRecord r, LocalDate today) {
        Map<String, List<WeeklyAvailability.Window>> availability;
        try {
            availability = Json.mapper().readValue(r.getAvailabilitySchedule().data(), AVAILABILITY);
        } catch (java.io.IOException e) {
            availability = Map.of();
        }
        return new CallbackViews.Capacity(r.getAgentId(), r.getMaxConcurrentCallbacks(), r.getMaxDailyCallbacks(),
                r.getCurrentActiveCallbacks(), today.equals(r.getAssignedOn()) ? r.getAssignedToday() : 0,
                r.getSpecialties() == null ? List.of() : List.of(r.getSpecialties()), availability,
                r.getIsAvailable(), r.getLastAssignedAt());
    }

    /** How many active callbacks each agent really has, for checks. */
    public Map<UUID, Integer> realActiveCounts(DSLContext tx) {
        var c = CALLBACK_REQUESTS;
        return tx.select(c.AGENT_ID, count()).from(c)
                .where(c.AGENT_ID.isNotNull()).and(c.STATUS.in(StatusTransition.ACTIVE))
                .groupBy(c.AGENT_ID)
                .fetchMap(c.AGENT_ID, count());
    }
}
