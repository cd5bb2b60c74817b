package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackCommands;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackViews;
import com.agentmitra.domain.callbacks.NewCallback;
import com.agentmitra.domain.callbacks.QueueCursor;
import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.BusinessMetrics;
import com.agentmitra.lambda.Violations;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The callback API: one function for every {@code /callbacks} and {@code /agents/{id}/callback-capacity} route,
 * declared once on the shared {@link Router}. Parses, calls one service method, maps the answer; no SQL and no business rules.
 */
final class CallbackRoutes {

    private final CallbackService callbacks;
    private final Router router = new Router();

    CallbackRoutes(Api api, CallbackService callbacks) {
        this.callbacks = callbacks;
        router.route("POST", "/callbacks", api.creating(NewCallback.class, (caller, body, request) ->
                created(caller, body, request.metrics())));
        router.route("GET", "/callbacks", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.list(caller, listQuery(request)))));
        router.route("GET", "/callbacks/summary", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.summary(caller))));
        router.route("GET", "/callbacks/{id}", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.get(caller, id(request)))));
        router.route("POST", "/callbacks/{id}/assign", api.post(CallbackCommands.Assign.class, (caller, body, request) ->
                ApiResponse.ok(callbacks.assign(caller, id(request), body))));
        router.route("POST", "/callbacks/{id}/status", api.post(CallbackCommands.ChangeStatus.class,
                (caller, body, request) -> ApiResponse.ok(callbacks.changeStatus(caller, id(request), body))));
        router.route("POST", "/callbacks/{id}/activities", api.creating(CallbackCommands.Activity.class,
                (caller, body, request) -> ApiResponse.created(callbacks.addActivity(caller, id(request), body))));
        router.route("POST", "/callbacks/{id}/complete", api.post(CallbackCommands.Complete.class,
                (caller, body, request) -> completed(caller, id(request), body, request.metrics())));
        router.route("POST", "/callbacks/{id}/rating", api.post(CallbackCommands.Rate.class, (caller, body, request) ->
                ApiResponse.ok(callbacks.rate(caller, id(request), body))));
        router.route("GET", "/agents/{id}/callback-capacity", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.capacity(caller, request.pathId("id", "agent")))));
        router.route("PUT", "/agents/{id}/callback-capacity", api.post(CallbackCommands.Capacity.class,
                (caller, body, request) -> ApiResponse.ok(callbacks.updateCapacity(caller,
                        request.pathId("id", "agent"), body))));
    }

    /** The one Spring function of the callback API. */
    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private static UUID id(ApiRequest request) {
        return request.pathId("id", "callback");
    }

    /** Counted in the invocation's metrics, flushed by the shared shell when the request ends. */
    private ApiResponse completed(Caller caller, UUID id, CallbackCommands.Complete body, BusinessMetrics metrics) {
        CallbackViews.Callback done = callbacks.complete(caller, id, body);
        metrics.count(CallbackMetric.CallbackCompleted, caller.tenant().code(), 1);
        return ApiResponse.ok(done);
    }

    private ApiResponse created(Caller caller, NewCallback body, BusinessMetrics metrics) {
        return switch (callbacks.create(caller, body)) {
            case CallbackService.Created created -> {
                metrics.count(CallbackMetric.CallbackCreated, caller.tenant().code(), 1);
                metrics.count(created.assignedTo().isPresent() ? CallbackMetric.CallbackAutoAssigned
                        : CallbackMetric.CallbackLeftUnassigned, caller.tenant().code(), 1);
                yield ApiResponse.created(created.callback());
            }
            case CallbackService.AlreadyOpened existing -> ApiResponse.ok(existing.callback());
        };
    }

    private static CallbackService.ListQuery listQuery(ApiRequest request) {
        Violations violations = new Violations();
        CallbackService.View view = CallbackService.View.MINE;
        Optional<String> rawView = request.query("view");
        if (rawView.isPresent()) {
            try {
                view = CallbackService.View.valueOf(rawView.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add("view", "must be one of mine, unassigned, overdue, team, all");
            }
        }
        Optional<CallbackStatus> status = request.query("status").map(CallbackStatus::lookupLiteral);
        if (request.query("status").isPresent() && status.isEmpty()) {
            violations.add("status", "must be one of " + literals(CallbackStatus.values()));
        }
        Optional<CallbackPriority> priority = request.query("priority").map(CallbackPriority::lookupLiteral);
        if (request.query("priority").isPresent() && priority.isEmpty()) {
            violations.add("priority", "must be one of high, medium, low");
        }
        int limit = CallbackService.DEFAULT_PAGE;
        Optional<String> rawLimit = request.query("limit");
        if (rawLimit.isPresent()) {
            try {
                limit = Integer.parseInt(rawLimit.get());
                if (limit < 1 || limit > CallbackService.MAX_PAGE) {
                    violations.add("limit", "must be between 1 and " + CallbackService.MAX_PAGE);
                }
            } catch (NumberFormatException e) {
                violations.add("limit", "must be a whole number");
            }
        }
        violations.throwIfAny();
        return new CallbackService.ListQuery(view, status, priority, request.query("cursor").map(QueueCursor::decode),
                limit);
    }

    private static String literals(CallbackStatus[] values) {
        return String.join(", ", Arrays.stream(values).map(CallbackStatus::getLiteral).toList());
    }
}
