package com.agentmitra.imports;

import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.LambdaContexts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code /imports} routes, keyed by API Gateway resource and method; each parses, calls one service method. */
final class ImportRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final Router router = new Router();

    ImportRoutes(Api api, ImportService imports) {
        route("POST", "/imports", api.creating(NewImport.class, (caller, body, request) ->
                ApiResponse.created(imports.start(caller, body))));
        route("GET", "/imports", api.authenticated((caller, request) ->
                ApiResponse.ok(imports.list(caller, request.query("cursor"), limit(request)))));
        route("GET", "/imports/{id}", api.authenticated((caller, request) ->
                ApiResponse.ok(imports.status(caller, request.pathId("id", "import")))));
        route("GET", "/imports/{id}/errors", api.authenticated((caller, request) ->
                ApiResponse.ok(imports.errors(caller, request.pathId("id", "import"), request.query("cursor"),
                        limit(request)))));
        route("GET", "/imports/{id}/error-report", api.authenticated((caller, request) ->
                ApiResponse.ok(imports.errorReport(caller, request.pathId("id", "import"), request.requestId()))));
        route("GET", "/imports/templates", api.authenticated((caller, request) ->
                ApiResponse.ok(new Items<>(imports.templates(caller)))));
        route("POST", "/imports/templates", api.creating(NewTemplate.class, (caller, body, request) ->
                ApiResponse.created(imports.saveTemplate(caller, body))));
    }

    /** A list without paging ({@code {"items": [...]}}), as every list answers. */
    record Items<T>(java.util.List<T> items) {}

    private void route(String method, String resource, Api.ApiFunction handler) {
        router.route(method, resource, handler);
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    Api.ApiFunction function() {
        return router.function();
    }

    private static int limit(ApiRequest request) {
        Optional<String> raw = request.query("limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.InvalidInput.field("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
