package com.agentmitra.admin;

import com.agentmitra.data.Caller;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.data.jooq.shared.enums.UserStatusEnum;
import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The administration API: one function for every route of a tenant's administrators, declared once on the shared
 * {@link Router}. Parses and bounds the request, checks the caller may use the route before anything is read (see
 * {@link Access}), calls one service method, maps the answer.
 */
final class AdminRoutes {

    private final Router router = new Router();

    AdminRoutes(Api api, UserDirectory users, AgentAdministration agents, CallbackConfiguration callbacks,
            TenantSettings settings, AuditTrail audit, WhatsappTemplateList templates, RoleGrants grants) {
        router.route("GET", "/users", api.authenticated((caller, request) ->
                ApiResponse.ok(users.list(caller, userQuery(caller, request)))));
        router.route("GET", "/users/{id}", api.authenticated((caller, request) ->
                ApiResponse.ok(users.get(caller, request.pathId("id", "user")))));

        router.route("GET", "/agents", api.authenticated((caller, request) ->
                ApiResponse.ok(agents.list(caller, agentQuery(caller, request)))));
        router.route("GET", "/agents/{id}", api.authenticated((caller, request) ->
                ApiResponse.ok(agents.get(caller, agentId(request)))));
        router.route("PATCH", "/agents/{id}", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(agents.update(caller, agentId(request),
                    Fields.of(request, AgentAdministration.PATCH_FIELDS)));
        }));
        router.route("POST", "/agents/{id}/approval", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(agents.decide(caller, agentId(request),
                    Fields.of(request, AgentAdministration.APPROVAL_FIELDS)));
        }));

        router.route("GET", "/callback-escalation-rules", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.rules(caller))));
        router.route("POST", "/callback-escalation-rules", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.created(callbacks.createRule(caller,
                    Fields.of(request, CallbackConfiguration.RULE_FIELDS)));
        }));
        router.route("PATCH", "/callback-escalation-rules/{id}", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(callbacks.updateRule(caller, request.pathId("id", "escalation rule"),
                    Fields.of(request, CallbackConfiguration.RULE_FIELDS)));
        }));
        router.route("DELETE", "/callback-escalation-rules/{id}", api.authenticated((caller, request) -> {
            callbacks.deleteRule(caller, request.pathId("id", "escalation rule"));
            return ApiResponse.noContent();
        }));

        router.route("GET", "/callback-queues", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.queues(caller))));
        router.route("POST", "/callback-queues", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.created(callbacks.createQueue(caller,
                    Fields.of(request, CallbackConfiguration.QUEUE_FIELDS)));
        }));
        router.route("PATCH", "/callback-queues/{id}", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(callbacks.updateQueue(caller, request.pathId("id", "callback queue"),
                    Fields.of(request, CallbackConfiguration.QUEUE_FIELDS)));
        }));
        router.route("DELETE", "/callback-queues/{id}", api.authenticated((caller, request) -> {
            callbacks.deleteQueue(caller, request.pathId("id", "callback queue"));
            return ApiResponse.noContent();
        }));

        router.route("GET", "/callback-templates", api.authenticated((caller, request) ->
                ApiResponse.ok(callbacks.templates(caller))));
        router.route("POST", "/callback-templates", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.created(callbacks.createTemplate(caller,
                    Fields.of(request, CallbackConfiguration.TEMPLATE_FIELDS)));
        }));
        router.route("PATCH", "/callback-templates/{id}", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(callbacks.updateTemplate(caller, request.pathId("id", "callback template"),
                    Fields.of(request, CallbackConfiguration.TEMPLATE_FIELDS)));
        }));
        router.route("DELETE", "/callback-templates/{id}", api.authenticated((caller, request) -> {
            callbacks.deleteTemplate(caller, request.pathId("id", "callback template"));
            return ApiResponse.noContent();
        }));

        router.route("GET", "/tenant/settings", api.authenticated((caller, request) ->
                ApiResponse.ok(settings.get(caller))));
        router.route("PATCH", "/tenant/settings", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(settings.update(caller, request.body(JsonNode.class)));
        }));

        router.route("GET", "/audit", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(audit.list(caller, AuditTrail.Query.from(request)));
        }));
        router.route("GET", "/whatsapp/templates", api.authenticated((caller, request) ->
                ApiResponse.ok(templates.list(caller, request.query("language"), request.query("status")))));

        router.route("GET", "/roles/{role}/permissions", api.authenticated((caller, request) ->
                ApiResponse.ok(grants.get(caller, request.pathParameter("role")))));
        router.route("PUT", "/roles/{role}/permissions", api.authenticated((caller, request) -> {
            Access.administrator(caller);
            return ApiResponse.ok(grants.replace(caller, request.pathParameter("role"), request.body(JsonNode.class)));
        }));
    }

    /** The one Spring function of the administration API. */
    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private static UUID agentId(ApiRequest request) {
        return request.pathId("id", "agent");
    }

    private static UserDirectory.Query userQuery(Caller caller, ApiRequest request) {
        Access.administrator(caller);
        Violations violations = new Violations();
        Optional<UserRoleEnum> role = request.query("role").map(UserRoleEnum::lookupLiteral);
        if (request.query("role").isPresent() && role.isEmpty()) {
            violations.add("role", "must be one of " + String.join(", ",
                    Arrays.stream(UserRoleEnum.values()).map(UserRoleEnum::getLiteral).toList()));
        }
        Optional<UserStatusEnum> status = request.query("status").map(UserStatusEnum::lookupLiteral);
        if (request.query("status").isPresent() && status.isEmpty()) {
            violations.add("status", "must be one of " + String.join(", ",
                    Arrays.stream(UserStatusEnum.values()).map(UserStatusEnum::getLiteral).toList()));
        }
        int limit = Paging.limit(request);
        Optional<String> search = Paging.search(request);
        violations.throwIfAny();
        return new UserDirectory.Query(role, status, search,
                Paging.cursor(request, UserDirectory.CURSOR_KIND, 2), limit);
    }

    private static AgentAdministration.Query agentQuery(Caller caller, ApiRequest request) {
        Access.administratorOrManager(caller);
        Violations violations = new Violations();
        Optional<AgentStatusEnum> status = request.query("status")
                .map(value -> AgentStatusEnum.lookupLiteral(value.toLowerCase(Locale.ROOT)));
        if (request.query("status").isPresent() && status.isEmpty()) {
            violations.add("status", "must be one of " + String.join(", ",
                    Arrays.stream(AgentStatusEnum.values()).map(AgentStatusEnum::getLiteral).toList()));
        }
        Optional<UUID> parent = Optional.empty();
        try {
            parent = request.query("parentId").map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            violations.add("parentId", "must be an agent id");
        }
        int limit = Paging.limit(request);
        Optional<String> search = Paging.search(request);
        violations.throwIfAny();
        return new AgentAdministration.Query(search, status, parent,
                Paging.cursor(request, AgentAdministration.CURSOR_KIND, 2), limit);
    }
}
