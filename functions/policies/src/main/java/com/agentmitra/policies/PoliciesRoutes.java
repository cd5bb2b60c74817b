package com.agentmitra.policies;

import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.domain.book.Parsed;
import com.agentmitra.domain.book.PolicyLifecycle;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.Idempotency;
import com.agentmitra.lambda.LambdaContexts;
import com.agentmitra.lambda.Page;
import com.agentmitra.lambda.Router;
import com.agentmitra.policies.consent.ConsentBody;
import com.agentmitra.policies.consent.ConsentService;
import com.agentmitra.policies.dashboard.DashboardService;
import com.agentmitra.policies.erasure.ErasureService;
import com.agentmitra.policies.holders.PolicyholderBody;
import com.agentmitra.policies.holders.PolicyholderService;
import com.agentmitra.policies.holders.PolicyholderView;
import com.agentmitra.policies.me.MeBody;
import com.agentmitra.policies.me.MeService;
import com.agentmitra.policies.payments.PaymentBody;
import com.agentmitra.policies.payments.PaymentService;
import com.agentmitra.policies.policy.PolicyBody;
import com.agentmitra.policies.policy.PolicyService;
import com.agentmitra.policies.policy.PolicySort;
import com.agentmitra.policies.policy.PolicyView;
import com.agentmitra.policies.policy.StatusChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The routes of the book, keyed by API Gateway resource and method. Each parses its request, calls one service
 * method and maps the answer (ETag on single resources); no SQL, no business decisions here.
 */
final class PoliciesRoutes {

    private static final String PH = "/policyholders";
    private static final String PH_ID = "/policyholders/{id}";
    private static final String POL = "/policies";
    private static final String POL_ID = "/policies/{id}";

    private final Router router = new Router();

    PoliciesRoutes(Api api, PolicyholderService holders, PolicyService policies, PaymentService payments,
            DashboardService dashboard, ConsentService consent, MeService me, ErasureService erasure) {
        route("GET", PH, api.authenticated((caller, request) -> ApiResponse.ok(holders.list(caller,
                new PolicyholderService.ListQuery(QueryParameters.text(request, "q", 100),
                        QueryParameters.uuid(request, "agentId"), request.query("cursor"),
                        QueryParameters.limit(request))))));
        route("POST", PH, api.creating(PolicyholderBody.class, (caller, body, request) ->
                tagged(201, holders.create(caller, body))));
        route("GET", PH_ID, api.authenticated((caller, request) ->
                tagged(200, holders.get(caller, request.pathId("id", "policyholder")))));
        route("PATCH", PH_ID, api.post(PolicyholderBody.class, (caller, body, request) ->
                tagged(200, holders.update(caller, request.pathId("id", "policyholder"), body,
                        request.header("If-Match")))));
        route("GET", PH_ID + "/policies", api.authenticated((caller, request) -> {
            UUID holder = request.pathId("id", "policyholder");
            holders.get(caller, holder);
            return ApiResponse.ok(policies.list(caller, policyQuery(request, Optional.of(holder))));
        }));
        route("GET", PH_ID + "/export", api.authenticated((caller, request) ->
                ApiResponse.ok(holders.export(caller, request.pathId("id", "policyholder"), request.requestId()))));
        route("GET", PH_ID + "/consent", api.authenticated((caller, request) ->
                ApiResponse.ok(consent.get(caller, request.pathId("id", "policyholder")))));
        route("PUT", PH_ID + "/consent", api.post(ConsentBody.class, (caller, body, request) ->
                ApiResponse.ok(consent.record(caller, request.pathId("id", "policyholder"), body))));
        route("POST", PH_ID + "/erasure", api.authenticated((caller, request) ->
                ApiResponse.ok(erasure.erase(caller, request.pathId("id", "policyholder")))));

        route("GET", "/me", api.authenticated((caller, request) -> ApiResponse.ok(me.get(caller))));
        route("PATCH", "/me", api.post(MeBody.class, (caller, body, request) -> ApiResponse.ok(me.update(caller, body))));
        route("POST", "/me/erasure", api.authenticated((caller, request) -> ApiResponse.ok(erasure.eraseSelf(caller))));

        route("GET", POL, api.authenticated((caller, request) ->
                ApiResponse.ok(policies.list(caller, policyQuery(request, Optional.empty())))));
        route("POST", POL, api.creating(PolicyBody.class, (caller, body, request) ->
                tagged(201, policies.create(caller, body))));
        route("GET", POL_ID, api.authenticated((caller, request) ->
                tagged(200, policies.get(caller, request.pathId("id", "policy")))));
        route("PATCH", POL_ID, api.post(PolicyBody.class, (caller, body, request) ->
                tagged(200, policies.update(caller, request.pathId("id", "policy"), body,
                        request.header("If-Match")))));
        route("POST", POL_ID + "/status", api.post(StatusChange.class, (caller, body, request) ->
                tagged(200, policies.changeStatus(caller, request.pathId("id", "policy"), body,
                        request.header("If-Match")))));
        route("GET", POL_ID + "/payments", api.authenticated((caller, request) ->
                ApiResponse.ok(Page.last(payments.list(caller, request.pathId("id", "policy"))))));
        route("POST", POL_ID + "/payments", api.creating(PaymentBody.class, (caller, body, request) -> {
            PaymentService.Recorded recorded = payments.record(caller, request.pathId("id", "policy"), body);
            return recorded.created() ? ApiResponse.created(recorded.payment()) : ApiResponse.ok(recorded.payment());
        }));

        route("GET", "/agents/me/dashboard", api.authenticated((caller, request) ->
                ApiResponse.ok(dashboard.forCaller(caller))));
    }

    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private void route(String method, String resource, Api.ApiFunction handler) {
        router.route(method, resource, handler);
    }

    private static ApiResponse tagged(int status, PolicyholderView view) {
        return ApiResponse.of(status, view).withHeader("ETag", view.etag());
    }

    private static ApiResponse tagged(int status, PolicyView view) {
        return ApiResponse.of(status, view).withHeader("ETag", view.etag());
    }

    private static PolicyService.ListQuery policyQuery(ApiRequest request, Optional<UUID> policyholder) {
        List<PolicyStatusEnum> statuses = request.queryList("status").stream().map(PoliciesRoutes::status)
                .distinct().toList();
        return new PolicyService.ListQuery(statuses,
                QueryParameters.text(request, "paymentStatus", 50),
                QueryParameters.integer(request, "dueWithinDays", 0, 366),
                QueryParameters.text(request, "planName", 100),
                QueryParameters.uuid(request, "agentId"),
                policyholder,
                QueryParameters.text(request, "q", 100),
                request.query("sort").map(PolicySort::parse).orElse(PolicySort.NEWEST),
                request.query("cursor"),
                QueryParameters.limit(request));
    }

    private static PolicyStatusEnum status(String raw) {
        return switch (PolicyLifecycle.parse(raw)) {
            case Parsed.Valid<PolicyStatusEnum> valid -> valid.value();
            case Parsed.Invalid<PolicyStatusEnum> invalid -> throw ApiProblem.InvalidInput.field("status",
                    invalid.message());
        };
    }
}
