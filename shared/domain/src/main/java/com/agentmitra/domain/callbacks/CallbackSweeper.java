package com.agentmitra.domain.callbacks;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.lambda.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code callback-sweeper} (EventBridge, every 5 minutes), per tenant as the system, in one transaction each:
 * re-scores open callbacks as they age, marks those past due overdue, applies the active escalation rules once per
 * callback and rule, and offers unassigned callbacks to agents who became free. Running it again at the same moment
 * changes nothing and sends nothing: every step is conditional on state the previous run left behind.
 */
public final class CallbackSweeper {

    private static final Logger log = LoggerFactory.getLogger(CallbackSweeper.class);
    /** Unassigned callbacks offered per tenant and run; the rest wait five minutes. */
    public static final int OFFER_BATCH = 200;

    private final Database database;
    private final TenantDirectory tenants;
    private final CallbackRepository repository;
    private final CallbackService service;
    private final CallbackNotifications notifications;
    private final Clock clock;

    public CallbackSweeper(Database database, TenantDirectory tenants, CallbackRepository repository, CallbackService service,
            CallbackNotifications notifications, Clock clock) {
        this.database = database;
        this.tenants = tenants;
        this.repository = repository;
        this.service = service;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** What one sweep of one tenant did. */
    public record Report(String tenant, int rescored, int markedOverdue, int escalated, int reassigned, int assigned,
            int managersNotified, List<String> skippedRules) {}

    public List<Report> sweepAll() {
        return tenants.all().stream().map(this::sweep).toList();
    }

    public Report sweep(Tenant tenant) {
        Instant now = clock.instant();
        Caller system = Caller.system(tenant);
        record Result(Report report, List<CallbackService.PendingAssignment> assignments,
                List<CallbackNotifications.Escalated> escalations) {}
        Result result = database.inTransaction(system, tx -> {
            List<CallbackService.PendingAssignment> assignments = new ArrayList<>();
            List<CallbackNotifications.Escalated> escalations = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            int rescored = repository.rescoreOpen(tx, now);
            int overdue = repository.markOverdue(tx, now);
            int escalated = 0;
            int reassigned = 0;
            for (CallbackRepository.Rule rule : repository.activeRules(tx)) {
                Optional<EscalationTrigger> trigger = EscalationTrigger.parse(rule.condition().data());
                if (trigger.isEmpty() || !List.of("increase_priority", "reassign", "notify_manager").contains(rule.action())) {
                    skipped.add(rule.name());
                    continue;
                }
                List<CallbackRepository.Escalated> hits = repository.escalate(tx, rule, trigger.get(), now);
                escalated += hits.size();
                switch (rule.action()) {
                    case "increase_priority" -> {
                        if (!hits.isEmpty()) {
                            repository.raisePriority(tx, hits.stream().map(CallbackRepository.Escalated::callbackId).toList(),
                                    targetPriority(rule));
                        }
                    }
                    case "reassign" -> {
                        for (CallbackRepository.Escalated hit : hits) {
                            if (StatusTransition.assignable(hit.status())) {
                                Optional<CallbackService.PendingAssignment> moved = reassign(tx, tenant, hit, rule, now);
                                moved.ifPresent(assignments::add);
                                reassigned += moved.isPresent() ? 1 : 0;
                            }
                        }
                    }
                    default -> hits.forEach(hit -> managerNotice(tx, tenant, hit, rule).ifPresent(escalations::add));
                }
            }
            int offered = 0;
            if (repository.autoAssignmentEnabled(tx)) {
                for (UUID id : repository.unassignedOpen(tx, OFFER_BATCH)) {
                    Optional<CallbackService.PendingAssignment> given = give(tx, tenant, id, Optional.empty(), now,
                            "Assigned automatically (capacity became free)", Map.of("automatic", true));
                    if (given.isEmpty()) {
                        break;
                    }
                    assignments.add(given.get());
                    offered++;
                }
            }
            return new Result(new Report(tenant.code(), rescored, overdue, escalated, reassigned, offered,
                    escalations.size(), List.copyOf(skipped)), assignments, escalations);
        });
        result.assignments().forEach(service::sendAssigned);
        result.escalations().forEach(notice -> {
            try {
                notifications.escalated(notice);
            } catch (RuntimeException e) {
                log.warn("WhatsApp escalation notice could not be queued: callbackId={}", notice.callbackId(), e);
            }
        });
        if (!result.report().skippedRules().isEmpty()) {
            log.warn("Escalation rules skipped: unreadable trigger_condition or unknown action: {}",
                    result.report().skippedRules());
        }
        return result.report();
    }

    private Optional<CallbackService.PendingAssignment> reassign(DSLContext tx, Tenant tenant,
            CallbackRepository.Escalated hit, CallbackRepository.Rule rule, Instant now) {
        Map<String, Object> metadata = new java.util.HashMap<>(Map.of("escalationRuleId", rule.id().toString()));
        Optional.ofNullable(hit.agentId()).ifPresent(previous -> metadata.put("previousAgentId", previous.toString()));
        return give(tx, tenant, hit.callbackId(), Optional.ofNullable(hit.agentId()), now,
                "Reassigned by escalation rule '" + rule.name() + "'", metadata);
    }

    /** Gives the callback to the best free agent other than {@code from}, releasing {@code from}'s capacity. */
    private Optional<CallbackService.PendingAssignment> give(DSLContext tx, Tenant tenant, UUID callbackId,
            Optional<UUID> from, Instant now, String description, Map<String, ?> metadata) {
        Optional<CallbackRepository.AgentChoice> choice = repository.choiceFor(tx, callbackId, from);
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> agent = repository.takeCapacity(tx, choice.get(), now);
        if (agent.isEmpty()) {
            return Optional.empty();
        }
        from.ifPresent(previous -> repository.releaseCapacity(tx, previous, now));
        int number = repository.assign(tx, callbackId, agent.get(), null, now);
        repository.insertActivity(tx, callbackId, agent.get(), "assigned", description, null, null, null, null,
                metadata, now);
        CallbackViews.Callback view = repository.find(tx, callbackId).orElseThrow();
        return Optional.of(new CallbackService.PendingAssignment(tenant, callbackId, number, agent.get(),
                view.customerName(), CallbackPriority.lookupLiteral(view.priority()), view.dueAt()));
    }

    private Optional<CallbackNotifications.Escalated> managerNotice(DSLContext tx, Tenant tenant,
            CallbackRepository.Escalated hit, CallbackRepository.Rule rule) {
        if (hit.agentId() == null) {
            return Optional.empty();
        }
        Optional<CallbackRepository.Contact> manager = repository.managerOf(tx, hit.agentId())
                .flatMap(id -> repository.agentContact(tx, id));
        Optional<CallbackRepository.Contact> agent = repository.agentContact(tx, hit.agentId());
        CallbackViews.Callback view = repository.find(tx, hit.callbackId()).orElseThrow();
        return manager.map(contact -> new CallbackNotifications.Escalated(tenant.code(), hit.callbackId(), rule.id(),
                contact.name(), contact.phone(), contact.language(), view.customerName(),
                agent.map(CallbackRepository.Contact::name).orElse("an agent"), view.dueAt()));
    }

    /** {@code escalation_target} of increase_priority: {@code {"priority": "high"}}, or one step up when absent. */
    private static Optional<CallbackPriority> targetPriority(CallbackRepository.Rule rule) {
        try {
            return Optional.ofNullable(CallbackPriority.lookupLiteral(
                    Json.mapper().readTree(rule.target().data()).path("priority").asText(null)));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
