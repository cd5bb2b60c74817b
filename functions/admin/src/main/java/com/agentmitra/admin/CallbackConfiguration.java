package com.agentmitra.admin;

import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_ESCALATION_RULES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_QUEUES;
import static com.agentmitra.data.jooq.tenant.Tables.CALLBACK_TEMPLATES;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.tenant.tables.records.CallbackEscalationRulesRecord;
import com.agentmitra.data.jooq.tenant.tables.records.CallbackQueuesRecord;
import com.agentmitra.data.jooq.tenant.tables.records.CallbackTemplatesRecord;
import com.agentmitra.domain.callbacks.EscalationTrigger;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Page;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;

/**
 * Callback configuration (schema of record section 7) for administrators: escalation rules (what the sweeper applies
 * every 5 minutes), queues and reply templates. A rule's {@code triggerCondition} is checked with the sweeper's own
 * reader ({@link EscalationTrigger}), so a rule the API accepts is a rule the sweeper applies, never one it skips.
 * At most {@value #MAX_PER_KIND} of each per tenant, so every list is one bounded page.
 */
final class CallbackConfiguration {

    static final int MAX_PER_KIND = 100;
    static final Set<String> RULE_FIELDS = Set.of("name", "priority", "triggerCondition", "action", "target",
            "active");
    static final Set<String> QUEUE_FIELDS = Set.of("name", "type", "description", "active",
            "maxConcurrentCallbacks", "slaTargetHours", "autoAssignmentEnabled", "assignmentRules");
    static final Set<String> TEMPLATE_FIELDS = Set.of("name", "category", "subject", "text", "variables", "active");
    private static final Pattern ACTION = Pattern.compile("notify_manager|reassign|increase_priority");
    private static final Pattern PRIORITY = Pattern.compile("high|medium|low");
    private static final Pattern QUEUE_TYPE = Pattern.compile("priority|fifo|round_robin");
    private static final Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]*");

    record RuleView(UUID id, String name, String priority, JsonNode triggerCondition, String action, JsonNode target,
            boolean active, Instant createdAt, Instant updatedAt) {}

    record QueueView(UUID id, String name, String type, String description, boolean active,
            int maxConcurrentCallbacks, int slaTargetHours, boolean autoAssignmentEnabled, JsonNode assignmentRules,
            Instant createdAt, Instant updatedAt) {}

    record TemplateView(UUID id, String name, String category, String subject, String text, List<String> variables,
            boolean active, UUID createdBy, Instant createdAt, Instant updatedAt) {}

    private final Database database;

    CallbackConfiguration(Database database) {
        this.database = database;
    }

    // ---------------------------------------------------------------- escalation rules

    Page<RuleView> rules(Caller caller) {
        Access.administrator(caller);
        var r = CALLBACK_ESCALATION_RULES;
        return Page.last(database.inTransaction(caller, tx -> tx.selectFrom(r).orderBy(r.RULE_NAME)
                .limit(MAX_PER_KIND).fetch(CallbackConfiguration::rule)));
    }

    RuleView createRule(Caller caller, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = ruleValues(body, true);
        var r = CALLBACK_ESCALATION_RULES;
        return write("an escalation rule with this name already exists", () -> database.inTransaction(caller, tx -> {
            if (tx.fetchCount(r) >= MAX_PER_KIND) {
                throw new ApiProblem.Conflict("a tenant has at most " + MAX_PER_KIND + " escalation rules");
            }
            return rule(tx.insertInto(r).set(values).returning().fetchSingle());
        }));
    }

    RuleView updateRule(Caller caller, UUID id, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = ruleValues(body, false);
        var r = CALLBACK_ESCALATION_RULES;
        return write("an escalation rule with this name already exists", () -> database.inTransaction(caller, tx ->
                tx.update(r).set(values).where(r.ESCALATION_RULE_ID.eq(id)).returning().fetchOptional()
                        .map(CallbackConfiguration::rule)
                        .orElseThrow(() -> new ApiProblem.NotFound("escalation rule"))));
    }

    void deleteRule(Caller caller, UUID id) {
        Access.administrator(caller);
        var r = CALLBACK_ESCALATION_RULES;
        delete(caller, "escalation rule", () -> database.inTransaction(caller, tx ->
                tx.deleteFrom(r).where(r.ESCALATION_RULE_ID.eq(id)).execute()));
    }

    private static Map<Field<?>, Object> ruleValues(Fields body, boolean creating) {
        var r = CALLBACK_ESCALATION_RULES;
        Map<Field<?>, Object> values = new HashMap<>();
        body.requiredText("name", 200, null, null, creating).ifPresent(name -> values.put(r.RULE_NAME, name));
        body.text("priority", 6, PRIORITY, "high, medium or low").ifPresent(given -> values.put(r.PRIORITY,
                given.value().map(CallbackPriority::lookupLiteral).orElse(null)));
        Optional<String> action = body.requiredText("action", 30, ACTION, "notify_manager, reassign or"
                + " increase_priority", creating);
        action.ifPresent(value -> values.put(r.ESCALATION_ACTION, value));
        if (body.has("triggerCondition") || creating) {
            JsonNode condition = body.raw("triggerCondition");
            if (condition == null || !condition.isObject() || Json.write(condition).length() > 1000) {
                body.violations.add("triggerCondition", "is required: {\"overdueByMinutes\": 30} and optionally"
                        + " \"statuses\" (open callback statuses)");
            } else if (!condition.path("overdueByMinutes").canConvertToInt()
                    || condition.path("overdueByMinutes").asInt() > 43_200
                    || EscalationTrigger.parse(Json.write(condition)).isEmpty()
                    || !Set.of("overdueByMinutes", "statuses").containsAll(names(condition))) {
                body.violations.add("triggerCondition", "must be {\"overdueByMinutes\": 0 to 43200} and optionally"
                        + " \"statuses\": a list of pending, assigned, overdue, in_progress");
            } else {
                values.put(r.TRIGGER_CONDITION, JSONB.valueOf(Json.write(condition)));
            }
        }
        body.object("target", 1000).ifPresent(given -> {
            JsonNode target = given.value().orElse(Json.mapper().createObjectNode());
            if (target.has("priority") && CallbackPriority.lookupLiteral(target.path("priority").asText("")) == null) {
                body.violations.add("target", "priority must be high, medium or low");
            }
            values.put(r.ESCALATION_TARGET, JSONB.valueOf(Json.write(target)));
        });
        if (creating && !values.containsKey(r.ESCALATION_TARGET)) {
            values.put(r.ESCALATION_TARGET, JSONB.valueOf("{}"));
        }
        body.requiredBool("active", false).ifPresent(active -> values.put(r.IS_ACTIVE, active));
        nothingGiven(body, values);
        body.violations.throwIfAny();
        return values;
    }

    private static RuleView rule(CallbackEscalationRulesRecord r) {
        return new RuleView(r.getEscalationRuleId(), r.getRuleName(),
                r.getPriority() == null ? null : r.getPriority().getLiteral(), json(r.getTriggerCondition()),
                r.getEscalationAction(), json(r.getEscalationTarget()), r.getIsActive(), r.getCreatedAt(),
                r.getUpdatedAt());
    }

    // ---------------------------------------------------------------- queues

    Page<QueueView> queues(Caller caller) {
        Access.administrator(caller);
        var q = CALLBACK_QUEUES;
        return Page.last(database.inTransaction(caller, tx -> tx.selectFrom(q).orderBy(q.QUEUE_NAME)
                .limit(MAX_PER_KIND).fetch(CallbackConfiguration::queue)));
    }

    QueueView createQueue(Caller caller, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = queueValues(body, true);
        var q = CALLBACK_QUEUES;
        return write("a callback queue with this name already exists", () -> database.inTransaction(caller, tx -> {
            if (tx.fetchCount(q) >= MAX_PER_KIND) {
                throw new ApiProblem.Conflict("a tenant has at most " + MAX_PER_KIND + " callback queues");
            }
            return queue(tx.insertInto(q).set(values).returning().fetchSingle());
        }));
    }

    QueueView updateQueue(Caller caller, UUID id, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = queueValues(body, false);
        var q = CALLBACK_QUEUES;
        return write("a callback queue with this name already exists", () -> database.inTransaction(caller, tx ->
                tx.update(q).set(values).where(q.CALLBACK_QUEUE_ID.eq(id)).returning().fetchOptional()
                        .map(CallbackConfiguration::queue)
                        .orElseThrow(() -> new ApiProblem.NotFound("callback queue"))));
    }

    void deleteQueue(Caller caller, UUID id) {
        Access.administrator(caller);
        var q = CALLBACK_QUEUES;
        delete(caller, "callback queue", () -> database.inTransaction(caller, tx ->
                tx.deleteFrom(q).where(q.CALLBACK_QUEUE_ID.eq(id)).execute()));
    }

    private static Map<Field<?>, Object> queueValues(Fields body, boolean creating) {
        var q = CALLBACK_QUEUES;
        Map<Field<?>, Object> values = new HashMap<>();
        body.requiredText("name", 100, null, null, creating).ifPresent(name -> values.put(q.QUEUE_NAME, name));
        body.requiredText("type", 20, QUEUE_TYPE, "priority, fifo or round_robin", false)
                .ifPresent(type -> values.put(q.QUEUE_TYPE, type));
        body.text("description", 2000, null, null).ifPresent(given -> values.put(q.DESCRIPTION, given.orNull()));
        body.requiredBool("active", false).ifPresent(active -> values.put(q.IS_ACTIVE, active));
        body.requiredInteger("maxConcurrentCallbacks", 1, 1000, false)
                .ifPresent(max -> values.put(q.MAX_CONCURRENT_CALLBACKS, max));
        body.requiredInteger("slaTargetHours", 1, 720, false).ifPresent(hours -> values.put(q.SLA_TARGET_HOURS, hours));
        body.requiredBool("autoAssignmentEnabled", false)
                .ifPresent(enabled -> values.put(q.AUTO_ASSIGNMENT_ENABLED, enabled));
        body.object("assignmentRules", 4000).ifPresent(given -> values.put(q.ASSIGNMENT_RULES,
                JSONB.valueOf(given.value().map(Json::write).orElse("{}"))));
        nothingGiven(body, values);
        body.violations.throwIfAny();
        return values;
    }

    private static QueueView queue(CallbackQueuesRecord q) {
        return new QueueView(q.getCallbackQueueId(), q.getQueueName(), q.getQueueType(), q.getDescription(),
                q.getIsActive(), q.getMaxConcurrentCallbacks(), q.getSlaTargetHours(), q.getAutoAssignmentEnabled(),
                json(q.getAssignmentRules()), q.getCreatedAt(), q.getUpdatedAt());
    }

    // ---------------------------------------------------------------- templates

    Page<TemplateView> templates(Caller caller) {
        Access.administrator(caller);
        var t = CALLBACK_TEMPLATES;
        return Page.last(database.inTransaction(caller, tx -> tx.selectFrom(t).orderBy(t.TEMPLATE_NAME)
                .limit(MAX_PER_KIND).fetch(CallbackConfiguration::template)));
    }

    TemplateView createTemplate(Caller caller, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = templateValues(body, true);
        var t = CALLBACK_TEMPLATES;
        values.put(t.CREATED_BY, caller.requireUserId());
        return write("a callback template with this name already exists", () -> database.inTransaction(caller, tx -> {
            if (tx.fetchCount(t) >= MAX_PER_KIND) {
                throw new ApiProblem.Conflict("a tenant has at most " + MAX_PER_KIND + " callback templates");
            }
            return template(tx.insertInto(t).set(values).returning().fetchSingle());
        }));
    }

    TemplateView updateTemplate(Caller caller, UUID id, Fields body) {
        Access.administrator(caller);
        Map<Field<?>, Object> values = templateValues(body, false);
        var t = CALLBACK_TEMPLATES;
        return write("a callback template with this name already exists", () -> database.inTransaction(caller, tx ->
                tx.update(t).set(values).where(t.TEMPLATE_ID.eq(id)).returning().fetchOptional()
                        .map(CallbackConfiguration::template)
                        .orElseThrow(() -> new ApiProblem.NotFound("callback template"))));
    }

    void deleteTemplate(Caller caller, UUID id) {
        Access.administrator(caller);
        var t = CALLBACK_TEMPLATES;
        delete(caller, "callback template", () -> database.inTransaction(caller, tx ->
                tx.deleteFrom(t).where(t.TEMPLATE_ID.eq(id)).execute()));
    }

    private static Map<Field<?>, Object> templateValues(Fields body, boolean creating) {
        var t = CALLBACK_TEMPLATES;
        Map<Field<?>, Object> values = new HashMap<>();
        body.requiredText("name", 200, null, null, creating).ifPresent(name -> values.put(t.TEMPLATE_NAME, name));
        body.requiredText("category", 100, null, null, creating).ifPresent(category -> values.put(t.CATEGORY, category));
        body.text("subject", 500, null, null).ifPresent(given -> values.put(t.SUBJECT, given.orNull()));
        body.requiredText("text", 4000, null, null, creating).ifPresent(text -> values.put(t.TEMPLATE_TEXT, text));
        body.texts("variables", 20, 50, VARIABLE, "lower-case names (a-z, 0-9, _)").ifPresent(given ->
                values.put(t.VARIABLES, given.value().orElse(List.of()).toArray(String[]::new)));
        body.requiredBool("active", false).ifPresent(active -> values.put(t.IS_ACTIVE, active));
        nothingGiven(body, values);
        body.violations.throwIfAny();
        return values;
    }

    private static TemplateView template(CallbackTemplatesRecord t) {
        return new TemplateView(t.getTemplateId(), t.getTemplateName(), t.getCategory(), t.getSubject(),
                t.getTemplateText(), t.getVariables() == null ? List.of() : Arrays.asList(t.getVariables()),
                t.getIsActive(), t.getCreatedBy(), t.getCreatedAt(), t.getUpdatedAt());
    }

    // ---------------------------------------------------------------- shared

    private static void nothingGiven(Fields body, Map<Field<?>, Object> values) {
        if (body.isEmpty()) {
            body.violations.add("body", "give at least one field to change");
        }
    }

    /** A unique name taken by a concurrent writer is the same 409 as one seen taken before writing. */
    private static <T> T write(String conflict, Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            if ("23505".equals(e.sqlState())) {
                throw new ApiProblem.Conflict(conflict);
            }
            throw e;
        }
    }

    private static void delete(Caller caller, String what, Supplier<Integer> work) {
        if (work.get() == 0) {
            throw new ApiProblem.NotFound(what);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(JSONB value) {
        try {
            return value == null ? null : Json.mapper().readTree(value.data());
        } catch (IOException e) {
            return null;
        }
    }
}
