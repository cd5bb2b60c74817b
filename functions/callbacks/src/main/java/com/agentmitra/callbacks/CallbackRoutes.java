package com.agentmitra.callbacks;

import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.lambda.ApiProblem;
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
 * dispatched on method and path. Parses, calls one service method, maps the answer; no SQL and no business rules.
 */
final class CallbackRoutes {

    private final CallbackService callbacks;

    CallbackRoutes(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    ApiResponse handle(Caller caller, ApiRequest request) {
        List<String> path = segments(request.path());
        String method = request.method();
        BusinessMetrics metrics = BusinessMetrics.forInvocation();
        try {
            return route(caller, request, path, method, metrics);
        } finally {
            metrics.flush();
        }
    }

    private ApiResponse route(Caller caller, ApiRequest request, List<String> path, String method,
            BusinessMetrics metrics) {
        if (path.size() == 3 && path.get(0).equals("agents") && path.get(2).equals("callback-capacity")) {
            UUID agentId = id(path.get(1), "agent");
            return switch (method) {
                case "GET" -> ApiResponse.ok(callbacks.capacity(caller, agentId));
                case "PUT" -> ApiResponse.ok(callbacks.updateCapacity(caller, agentId,
                        request.body(CallbackCommands.Capacity.class)));
                default -> throw new ApiProblem.MethodNotAllowed(method);
            };
        }
        if (path.isEmpty() || !path.get(0).equals("callbacks") || path.size() > 3) {
            throw new ApiProblem.NotFound("route " + request.path());
        }
        if (path.size() == 1) {
            return switch (method) {
                case "GET" -> ApiResponse.ok(callbacks.list(caller, listQuery(request)));
                case "POST" -> created(caller, request.body(NewCallback.class), metrics);
                default -> throw new ApiProblem.MethodNotAllowed(method);
            };
        }
        if (path.size() == 2 && path.get(1).equals("summary")) {
            requireMethod(method, "GET");
            return ApiResponse.ok(callbacks.summary(caller));
        }
        UUID id = id(path.get(1), "callback");
        if (path.size() == 2) {
            requireMethod(method, "GET");
            return ApiResponse.ok(callbacks.get(caller, id));
        }
        requireMethod(method, "POST");
        return switch (path.get(2)) {
            case "assign" -> ApiResponse.ok(callbacks.assign(caller, id, request.body(CallbackCommands.Assign.class)));
            case "status" -> ApiResponse.ok(callbacks.changeStatus(caller, id,
                    request.body(CallbackCommands.ChangeStatus.class)));
            case "activities" -> ApiResponse.created(callbacks.addActivity(caller, id,
                    request.body(CallbackCommands.Activity.class)));
            case "complete" -> {
                CallbackViews.Callback done = callbacks.complete(caller, id, request.body(CallbackCommands.Complete.class));
                metrics.count(CallbackMetric.CallbackCompleted, caller.tenant().code(), 1);
                yield ApiResponse.ok(done);
            }
            case "rating" -> ApiResponse.ok(callbacks.rate(caller, id, request.body(CallbackCommands.Rate.class)));
            default -> throw new ApiProblem.NotFound("route " + request.path());
        };
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

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiProblem.MethodNotAllowed(method);
        }
    }

    private static UUID id(String segment, String what) {
        try {
            return UUID.fromString(segment);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.NotFound(what);
        }
    }

    /** The path's segments from {@code callbacks} or {@code agents} on (a stage or base path before them is ignored). */
    static List<String> segments(String path) {
        List<String> all = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).equals("callbacks") || all.get(i).equals("agents")) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }
}
