package com.agentmitra.reports;

import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.Violations;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The reports API: one function for the performance, callback metrics, report file, dashboard preferences and app
 * events routes, declared once on the shared {@link Router}. Parses and bounds the query, calls one service method, answers it; no SQL here.
 */
final class ReportsRoutes {

    private final Router router = new Router();

    ReportsRoutes(Api api, Performance performance, CallbackMetrics callbackMetrics, Reports reports,
            Dashboard dashboard, AppEvents events, Clock clock) {
        router.route("GET", "/agents/me/performance", api.authenticated((caller, request) ->
                ApiResponse.ok(performance.mine(caller, agentPeriod(request, clock)))));
        router.route("GET", "/agents/{id}/performance", api.authenticated((caller, request) ->
                ApiResponse.ok(performance.of(caller, request.pathId("id", "agent"), agentPeriod(request, clock)))));
        router.route("GET", "/teams/me/performance", api.authenticated((caller, request) -> {
            Period period = Period.of(request, clock, Period.MAX_DAYS, "granularity", Period.Grouping.DAY);
            return ApiResponse.ok(performance.team(caller, period, cursor(request),
                    limit(request, Performance.DEFAULT_TEAM_PAGE, Performance.MAX_TEAM_PAGE)));
        }));
        router.route("GET", "/callbacks/metrics", api.authenticated((caller, request) ->
                ApiResponse.ok(callbackMetrics.read(caller, Period.of(request, clock, CallbackMetrics.MAX_DAYS, "by",
                        Period.Grouping.DAY, Period.Grouping.AGENT)))));
        router.route("POST", "/reports", api.creating(NewReport.class, (caller, body, request) ->
                ApiResponse.accepted(reports.request(caller, body, request.requestId()))));
        router.route("GET", "/reports", api.authenticated((caller, request) ->
                ApiResponse.ok(reports.list(caller, cursor(request), limit(request, Reports.DEFAULT_PAGE,
                        Reports.MAX_PAGE)))));
        router.route("GET", "/reports/{id}", api.authenticated((caller, request) ->
                ApiResponse.ok(reports.get(caller, request.pathId("id", "report"), request.requestId()))));
        router.route("GET", "/me/dashboard", api.authenticated((caller, request) ->
                ApiResponse.ok(dashboard.get(caller))));
        router.route("PUT", "/me/dashboard", api.post(Dashboard.Preferences.class, (caller, body, request) ->
                ApiResponse.ok(dashboard.put(caller, body))));
        router.route("POST", "/events", api.creating(AppEvents.Batch.class, (caller, body, request) ->
                ApiResponse.accepted(events.record(caller, body))));
    }

    /** The one Spring function of the reports API. */
    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private static Period agentPeriod(ApiRequest request, Clock clock) {
        return Period.of(request, clock, Period.MAX_DAYS, "granularity", Period.Grouping.DAY, Period.Grouping.MONTH);
    }

    private static Optional<String> cursor(ApiRequest request) {
        return request.query("cursor");
    }

    private static int limit(ApiRequest request, int fallback, int max) {
        Optional<String> raw = request.query("limit");
        if (raw.isEmpty()) {
            return fallback;
        }
        Violations violations = new Violations();
        int limit = 0;
        try {
            limit = raw.get().length() > 6 ? -1 : Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            violations.add("limit", "must be a whole number");
        }
        if (violations.isEmpty() && (limit < 1 || limit > max)) {
            violations.add("limit", "must be between 1 and " + max);
        }
        violations.throwIfAny();
        return limit;
    }
}
