package com.agentmitra.domain.callbacks;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_REQUESTS;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback use cases, one public method each, every one a single transaction opened as the caller (row level
 * security decides what exists). WhatsApp notices go out after the commit, so a rolled-back request sends nothing.
 */
public final class CallbackService {

    private static final Logger log = LoggerFactory.getLogger(CallbackService.class);
    public static final int DEFAULT_PAGE = 25;
    public static final int MAX_PAGE = 100;

    private final Database database;
    private final CallbackRepository repository;
    private final CallbackNotifications notifications;
    private final Clock clock;

    public CallbackService(Database database, CallbackRepository repository, CallbackNotifications notifications, Clock clock) {
        this.database = database;
        this.repository = repository;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** What {@link #create} did: a new callback (maybe assigned) or the one this source reference already opened. */
    public sealed interface Creation {
        CallbackViews.Callback callback();
    }

    public record Created(CallbackViews.Callback callback, Optional<UUID> assignedTo) implements Creation {}

    public record AlreadyOpened(CallbackViews.Callback callback) implements Creation {}

    /** The listing views of {@code GET /callbacks}. */
    public enum View { MINE, UNASSIGNED, OVERDUE, TEAM, ALL }

    public record ListQuery(View view, Optional<CallbackStatus> status, Optional<CallbackPriority> priority,
            Optional<QueueCursor> cursor, int limit) {}

    // ------------------------------------------------------------------ create

    public Creation create(Caller caller, NewCallback request) {
        requireSignedIn(caller);
        Instant now = clock.instant();
        if (request.preferredTime() != null && (request.preferredTime().isBefore(now.minus(Duration.ofMinutes(5)))
                || request.preferredTime().isAfter(now.plus(Duration.ofDays(30))))) {
            throw ApiProblem.InvalidInput.field("preferredTime", "must be in the next 30 days");
        }
        String source = request.source() != null ? request.source()
                : caller.role() == Role.POLICYHOLDER ? "mobile" : "portal";
        record Outcome(Creation creation, Optional<PendingAssignment> notice) {}
        Outcome outcome = database.inTransaction(caller, tx -> {
            if (request.sourceReferenceId() != null) {
                Optional<UUID> existing = repository.bySourceReference(tx, source, request.sourceReferenceId());
                if (existing.isPresent()) {
                    return new Outcome(new AlreadyOpened(repository.find(tx, existing.get()).orElseThrow()),
                            Optional.empty());
                }
            }
            CallbackRepository.Customer customer = customerFor(tx, caller, request);
            if (request.policyId() != null && !repository.policyOfCustomerExists(tx, request.policyId(), customer.id())) {
                throw ApiProblem.InvalidInput.field("policyId", "is not a policy of this customer");
            }
            PriorityScore score = PriorityScore.of(request.requestType(), request.urgency(), customer.customerValue(), 0);
            SlaDeadline sla = SlaDeadline.after(score.category(), now);
            UUID id = repository.insert(tx, new CallbackRepository.NewRow(customer, request, source, score, sla, now,
                    caller.userId().orElse(null)));
            repository.insertActivity(tx, id, caller.agentId().orElse(null), "created",
                    "Callback requested (" + source + ")", null, null, null, null, Map.of("source", source), now);
            repository.insertSlaTargets(tx, id, sla, now);
            Optional<UUID> agent = Optional.empty();
            Optional<PendingAssignment> notice = Optional.empty();
            if (repository.autoAssignmentEnabled(tx)) {
                agent = repository.takeCapacity(tx, new CallbackRepository.AgentChoice(
                        Optional.ofNullable(customer.agentId()), request.requestType(), Optional.empty()), now);
                if (agent.isPresent()) {
                    int number = repository.assign(tx, id, agent.get(), null, now);
                    repository.insertActivity(tx, id, agent.get(), "assigned", "Assigned automatically",
                            null, null, null, null, Map.of("automatic", true), now);
                    notice = Optional.of(assignedNotice(caller, id, number, agent.get(), customer.name(),
                            score.category(), sla.dueAt()));
                }
            }
            return new Outcome(new Created(repository.find(tx, id).orElseThrow(), agent), notice);
        });
        outcome.notice().ifPresent(this::sendAssigned);
        return outcome.creation();
    }

    private CallbackRepository.Customer customerFor(DSLContext tx, Caller caller, NewCallback request) {
        if (caller.role() == Role.POLICYHOLDER) {
            CallbackRepository.Customer self = repository.customerOfUser(tx, caller.requireUserId())
                    .orElseThrow(() -> new ApiProblem.Forbidden("your login is not linked to a customer record"));
            if (request.customerId() != null && !request.customerId().equals(self.id())) {
                throw ApiProblem.InvalidInput.field("customerId", "a policyholder asks for a callback for themself");
            }
            return requirePhone(self);
        }
        if (request.customerId() == null) {
            throw ApiProblem.InvalidInput.field("customerId", "is required");
        }
        return requirePhone(repository.customer(tx, request.customerId())
                .orElseThrow(() -> ApiProblem.InvalidInput.field("customerId", "is not a customer you can see")));
    }

    private static CallbackRepository.Customer requirePhone(CallbackRepository.Customer customer) {
        if (customer.phone() == null) {
            throw ApiProblem.InvalidInput.field("customerId", "the customer has no phone number on record");
        }
        return customer;
    }

    // ------------------------------------------------------------------ read

    public Page<CallbackViews.Callback> list(Caller caller, ListQuery query) {
        requireSignedIn(caller);
        return database.inTransaction(caller, tx -> {
            var c = CALLBACK_REQUESTS;
            Condition view = switch (query.view()) {
                case MINE -> mine(tx, caller);
                case UNASSIGNED -> c.AGENT_ID.isNull().and(c.STATUS.in(CallbackStatus.pending, CallbackStatus.overdue));
                case OVERDUE -> c.STATUS.eq(CallbackStatus.overdue);
                case TEAM -> team(caller);
                case ALL -> DSL.noCondition();
            };
            Condition filters = view
                    .and(query.status().map(c.STATUS::eq).orElse(DSL.noCondition()))
                    .and(query.priority().map(c.PRIORITY::eq).orElse(DSL.noCondition()));
            List<CallbackViews.Callback> rows = repository.list(tx, filters, query.cursor(), query.limit() + 1);
            if (rows.size() <= query.limit()) {
                return Page.last(rows);
            }
            List<CallbackViews.Callback> page = rows.subList(0, query.limit());
            CallbackViews.Callback last = page.getLast();
            return new Page<>(page, Optional.of(new QueueCursor(last.priorityScore(), last.dueAt(), last.id()).encode()));
        });
    }

    private Condition mine(DSLContext tx, Caller caller) {
        var c = CALLBACK_REQUESTS;
        if (caller.role() == Role.POLICYHOLDER) {
            return repository.customerOfUser(tx, caller.requireUserId())
                    .map(self -> c.CUSTOMER_ID.eq(self.id())).orElse(DSL.falseCondition());
        }
        return caller.agentId().map(c.AGENT_ID::eq).orElse(DSL.falseCondition());
    }

    private Condition team(Caller caller) {
        if (caller.role() == Role.POLICYHOLDER) {
            throw new ApiProblem.Forbidden("the team view is for agents and managers");
        }
        var c = CALLBACK_REQUESTS;
        Condition team = repository.visibleAgentsCondition();
        return caller.agentId().map(own -> team.and(c.AGENT_ID.ne(own))).orElse(team);
    }

    public CallbackViews.Detail get(Caller caller, UUID id) {
        requireSignedIn(caller);
        return database.inTransaction(caller, tx -> new CallbackViews.Detail(
                repository.find(tx, id).orElseThrow(() -> new ApiProblem.NotFound("callback")),
                repository.activities(tx, id), repository.sla(tx, id)));
    }

    public CallbackViews.Summary summary(Caller caller) {
        requireSignedIn(caller);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, WeeklyAvailability.BUSINESS_ZONE);
        Instant start = today.atStartOfDay(WeeklyAvailability.BUSINESS_ZONE).toInstant();
        Instant end = today.plusDays(1).atStartOfDay(WeeklyAvailability.BUSINESS_ZONE).toInstant();
        return database.inTransaction(caller, tx -> repository.summary(tx, now, today, start, end));
    }

    // ------------------------------------------------------------------ change

    public CallbackViews.Callback assign(Caller caller, UUID id, CallbackCommands.Assign body) {
        if (!(isTenantWide(caller) || caller.role() == Role.REGIONAL_MANAGER || caller.role() == Role.SENIOR_AGENT)) {
            throw new ApiProblem.Forbidden("only managers assign callbacks by hand");
        }
        Instant now = clock.instant();
        record Outcome(CallbackViews.Callback callback, PendingAssignment notice) {}
        Outcome outcome = database.inTransaction(caller, tx -> {
            CallbackRepository.Locked callback = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("callback"));
            if (!repository.agentExists(tx, body.agentId())
                    || !isTenantWide(caller) && !repository.agentVisible(tx, body.agentId())) {
                throw ApiProblem.InvalidInput.field("agentId", "is not an agent you manage");
            }
            if (!StatusTransition.assignable(callback.status())) {
                throw new ApiProblem.Conflict("a callback that is " + callback.status().getLiteral()
                        + " cannot be assigned");
            }
            if (repository.agentNotApproved(tx, body.agentId())) {
                throw new ApiProblem.Conflict("the agent is not approved: an administrator approves an agent before"
                        + " they are given callbacks");
            }
            if (body.agentId().equals(callback.agentId())) {
                throw new ApiProblem.Conflict("the callback is already assigned to this agent");
            }
            if (!repository.takeCapacityOf(tx, body.agentId(), now)) {
                throw new ApiProblem.Conflict("the agent is at their callback capacity (concurrent or daily)");
            }
            if (callback.agentId() != null && StatusTransition.ACTIVE.contains(callback.status())) {
                repository.releaseCapacity(tx, callback.agentId(), now);
            }
            int number = repository.assign(tx, id, body.agentId(), caller.requireUserId(), now);
            repository.insertActivity(tx, id, body.agentId(), "assigned", "Assigned by a manager", null, null, null,
                    null, callback.agentId() == null ? Map.of() : Map.of("previousAgentId", callback.agentId().toString()),
                    now);
            CallbackViews.Callback view = repository.find(tx, id).orElseThrow();
            return new Outcome(view, assignedNotice(caller, id, number, body.agentId(), view.customerName(),
                    CallbackPriority.lookupLiteral(view.priority()), view.dueAt()));
        });
        sendAssigned(outcome.notice());
        return outcome.callback();
    }

    public CallbackViews.Callback changeStatus(Caller caller, UUID id, CallbackCommands.ChangeStatus body) {
        requireSignedIn(caller);
        CallbackStatus to = CallbackStatus.lookupLiteral(body.status());
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            CallbackRepository.Locked callback = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("callback"));
            if (caller.role() == Role.POLICYHOLDER) {
                requireOwnRequest(tx, caller, callback);
                if (to != CallbackStatus.cancelled) {
                    throw new ApiProblem.Forbidden("a customer may only cancel their request");
                }
            } else {
                requireWorker(tx, caller, callback);
            }
            switch (StatusTransition.check(callback.status(), to)) {
                case StatusTransition.Refused refused -> throw new ApiProblem.Conflict(refused.reason());
                case StatusTransition.Allowed allowed -> {
                    if (to == CallbackStatus.in_progress && callback.agentId() == null) {
                        throw new ApiProblem.Conflict("the callback must be assigned before work starts");
                    }
                    repository.changeStatus(tx, id, to, caller.requireUserId(), now);
                    if (callback.agentId() != null && StatusTransition.ACTIVE.contains(callback.status())
                            && !StatusTransition.ACTIVE.contains(to)) {
                        repository.releaseCapacity(tx, callback.agentId(), now);
                    }
                    repository.insertActivity(tx, id, caller.agentId().orElse(null),
                            to == CallbackStatus.cancelled ? "cancelled" : "started",
                            body.note() != null ? body.note() : "Status " + allowed.from().getLiteral() + " -> "
                                    + to.getLiteral(), null, null, null, null,
                            Map.of("from", allowed.from().getLiteral(), "to", to.getLiteral()), now);
                }
            }
            return repository.find(tx, id).orElseThrow();
        });
    }

    public CallbackViews.Activity addActivity(Caller caller, UUID id, CallbackCommands.Activity body) {
        requireSignedIn(caller);
        if (caller.role() == Role.POLICYHOLDER) {
            throw new ApiProblem.Forbidden("activities are recorded by agents");
        }
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            CallbackRepository.Locked callback = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("callback"));
            requireWorker(tx, caller, callback);
            if (!StatusTransition.OPEN.contains(callback.status())) {
                throw new ApiProblem.Conflict("the callback is already " + callback.status().getLiteral());
            }
            repository.insertActivity(tx, id, caller.agentId().orElse(null), body.type(), body.description(),
                    body.durationMinutes(), body.contactMethod(), body.outcome(), body.notes(), Map.of(), now);
            if (body.isContact()) {
                repository.meetSla(tx, id, "first_response", now);
            }
            List<CallbackViews.Activity> all = repository.activities(tx, id);
            return all.getLast();
        });
    }

    public CallbackViews.Callback complete(Caller caller, UUID id, CallbackCommands.Complete body) {
        requireSignedIn(caller);
        if (caller.role() == Role.POLICYHOLDER) {
            throw new ApiProblem.Forbidden("callbacks are completed by agents");
        }
        Instant now = clock.instant();
        record Outcome(CallbackViews.Callback callback, String source,
                Optional<CallbackRepository.Customer> customer) {}
        Outcome outcome = database.inTransaction(caller, tx -> {
            CallbackRepository.Locked callback = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("callback"));
            // the customer as the caller sees them, read once: whether the caller works for them, and their notice
            Optional<CallbackRepository.Customer> customer = repository.customer(tx, callback.customerId());
            requireWorker(tx, caller, callback, customer::isPresent);
            if (StatusTransition.check(callback.status(), CallbackStatus.completed)
                    instanceof StatusTransition.Refused refused) {
                throw new ApiProblem.Conflict(refused.reason());
            }
            repository.complete(tx, id, body, caller.requireUserId(), now);
            if (callback.agentId() != null && StatusTransition.ACTIVE.contains(callback.status())) {
                repository.releaseCapacity(tx, callback.agentId(), now);
            }
            repository.meetSla(tx, id, "first_response", now);
            repository.meetSla(tx, id, "resolution", now);
            repository.insertActivity(tx, id, caller.agentId().orElse(null), "completed", body.resolution(), null,
                    null, null, null, Map.of("resolutionCategory", body.resolutionCategory()), now);
            return new Outcome(repository.find(tx, id).orElseThrow(), callback.source(), customer);
        });
        sendResolved(caller.tenant(), outcome.callback(), outcome.source(), outcome.customer());
        return outcome.callback();
    }

    public CallbackViews.Callback rate(Caller caller, UUID id, CallbackCommands.Rate body) {
        if (caller.role() != Role.POLICYHOLDER) {
            throw new ApiProblem.Forbidden("the customer rates their callback");
        }
        return database.inTransaction(caller, tx -> {
            CallbackRepository.Locked callback = repository.lock(tx, id)
                    .orElseThrow(() -> new ApiProblem.NotFound("callback"));
            requireOwnRequest(tx, caller, callback);
            if (callback.status() != CallbackStatus.completed) {
                throw new ApiProblem.Conflict("only a completed callback can be rated");
            }
            if (callback.rating() != null) {
                throw new ApiProblem.Conflict("this callback was already rated");
            }
            repository.rate(tx, id, body.rating(), caller.requireUserId());
            return repository.find(tx, id).orElseThrow();
        });
    }

    // ------------------------------------------------------------------ capacity

    public CallbackViews.Capacity capacity(Caller caller, UUID agentId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), WeeklyAvailability.BUSINESS_ZONE);
        return database.inTransaction(caller, tx -> {
            requireCapacityAccess(tx, caller, agentId);
            return repository.capacity(tx, agentId, today).orElseGet(() -> defaults(agentId));
        });
    }

    public CallbackViews.Capacity updateCapacity(Caller caller, UUID agentId, CallbackCommands.Capacity body) {
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            requireCapacityAccess(tx, caller, agentId);
            return repository.saveCapacity(tx, agentId, body, now);
        });
    }

    /** An agent without a capacity row has the schema's defaults (max 3 at once, 50 a day, always available). */
    private static CallbackViews.Capacity defaults(UUID agentId) {
        return new CallbackViews.Capacity(agentId, 3, 50, 0, 0, List.of(), Map.of(), true, null);
    }

    private void requireCapacityAccess(DSLContext tx, Caller caller, UUID agentId) {
        if (caller.role() == Role.POLICYHOLDER || caller.role() == Role.GUEST) {
            throw new ApiProblem.Forbidden("callback capacity is for agents and their managers");
        }
        if (!repository.agentExists(tx, agentId) || !isTenantWide(caller) && !repository.agentVisible(tx, agentId)) {
            throw new ApiProblem.NotFound("agent");
        }
    }

    // ------------------------------------------------------------------ rules of access

    private static void requireSignedIn(Caller caller) {
        if (caller.role() == Role.GUEST) {
            throw new ApiProblem.Forbidden("sign in as a customer or an agent to use callbacks");
        }
    }

    private void requireOwnRequest(DSLContext tx, Caller caller, CallbackRepository.Locked callback) {
        boolean own = repository.customerOfUser(tx, caller.requireUserId())
                .map(self -> self.id().equals(callback.customerId())).orElse(false);
        if (!own) {
            throw new ApiProblem.NotFound("callback");
        }
    }

    /** Agents work on callbacks of agents they can see or of their own customers; unassigned ones get assigned first. */
    private void requireWorker(DSLContext tx, Caller caller, CallbackRepository.Locked callback) {
        requireWorker(tx, caller, callback, () -> repository.customer(tx, callback.customerId()).isPresent());
    }

    private void requireWorker(DSLContext tx, Caller caller, CallbackRepository.Locked callback,
            BooleanSupplier customerVisible) {
        requireSignedIn(caller);
        if (isTenantWide(caller)) {
            return;
        }
        boolean mine = callback.agentId() != null && repository.agentVisible(tx, callback.agentId());
        if (!mine && !customerVisible.getAsBoolean()) {
            throw new ApiProblem.Forbidden("this callback is not assigned to you or your team");
        }
    }

    private static boolean isTenantWide(Caller caller) {
        return switch (caller.role()) {
            case SUPER_ADMIN, INSURANCE_PROVIDER_ADMIN, SUPPORT_STAFF, SYSTEM -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ notices

    /** An assignment whose notice goes out after the commit, once the agent's contact is read. */
    public record PendingAssignment(com.agentmitra.data.Tenant tenant, UUID callbackId, int number, UUID agentId,
            String customerName, CallbackPriority priority, Instant dueAt) {}

    private static PendingAssignment assignedNotice(Caller caller, UUID id, int number, UUID agentId,
            String customerName, CallbackPriority priority, Instant dueAt) {
        return new PendingAssignment(caller.tenant(), id, number, agentId, customerName, priority, dueAt);
    }

    /**
     * Tells the customer their callback was completed, in their language, when their choices allow it
     * ({@link CustomerNoticeChoices}). A caller outside the customer's book (an agent the callback was given to for
     * their specialty) cannot see the customer: then the customer is read as the system.
     */
    private void sendResolved(com.agentmitra.data.Tenant tenant, CallbackViews.Callback callback, String source,
            Optional<CallbackRepository.Customer> seen) {
        if (callback.customerPhone() == null) {
            return;   // an erased customer: no number to write to
        }
        Optional<CallbackRepository.Customer> customer = seen.isPresent() ? seen
                : database.inTransaction(Caller.system(tenant), tx -> repository.customer(tx, callback.customerId()));
        CustomerNoticeChoices.Decision decision = customer.map(found -> found.notices().forCallbackFrom(source))
                .orElse(CustomerNoticeChoices.Decision.NOT_OPTED_IN);
        if (decision != CustomerNoticeChoices.Decision.SEND) {
            log.info("Resolved notice skipped: reason={} callbackId={}", decision, callback.id());
            return;
        }
        CallbackNotifications.Resolved notice = new CallbackNotifications.Resolved(tenant.code(), callback.id(),
                callback.customerName(), callback.customerPhone(), customer.get().language());
        send(() -> notifications.resolved(notice), "callback_resolved", callback.id());
    }

    /** Reads the agent's name, phone and language as the system (a customer's caller may not see the agent's login). */
    public void sendAssigned(PendingAssignment pending) {
        Optional<CallbackRepository.Contact> contact = database.inTransaction(Caller.system(pending.tenant()),
                tx -> repository.agentContact(tx, pending.agentId()));
        if (contact.isEmpty()) {
            log.info("Assignment notice skipped: the agent has no phone number");
            return;
        }
        CallbackNotifications.Assigned notice = new CallbackNotifications.Assigned(pending.tenant().code(),
                pending.callbackId(), pending.number(), contact.get().name(), contact.get().phone(),
                contact.get().language(), pending.customerName(), pending.priority().getLiteral(), pending.dueAt());
        send(() -> notifications.assigned(notice), "callback_assigned_agent", pending.callbackId());
    }

    private void send(Runnable sending, String template, UUID callbackId) {
        try {
            sending.run();
        } catch (RuntimeException e) {
            // the change is committed; the notice is lost but the idempotency key lets a retry be sent safely
            log.warn("WhatsApp notice could not be queued: template={} callbackId={}", template, callbackId, e);
        }
    }
}
