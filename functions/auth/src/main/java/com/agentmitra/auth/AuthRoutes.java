package com.agentmitra.auth;

import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.Router;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.AuthorizerClaims;
import com.agentmitra.lambda.LambdaContexts;
import com.agentmitra.lambda.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The routes of the auth function, keyed by API Gateway resource and method. Each parses, calls one service
 * method and maps the answer; no SQL and no decisions here.
 */
final class AuthRoutes {

    private final Router router = new Router();

    AuthRoutes(Api api, OtpSignIn otp, PasswordSignIn passwords, SessionService sessions, PasswordReset reset,
            MfaEnrolment mfa, UserAdministration users, AuthKeys keys, SignInLimits limits) {
        // open routes: counted per source address and per identifier named before anything else (SignInLimits)
        route("POST", "/auth/otp", api.openPost(Bodies.OtpRequest.class, (body, request) -> {
            limits.count(request.sourceIp(), body.tenant(), Optional.of(body.phone()));
            return ApiResponse.accepted(otp.request(body, request.sourceIp()));
        }));
        route("POST", "/auth/otp/verify", api.openPost(Bodies.OtpVerification.class, (body, request) -> {
            limits.count(request.sourceIp(), body.tenant(), Optional.of(body.phone()));
            return ApiResponse.ok(otp.verify(body, from(request, body.device())));
        }));
        route("POST", "/auth/login", api.openPost(Bodies.PasswordLogin.class, (body, request) -> {
            limits.count(request.sourceIp(), body.tenant(), Optional.of(body.identifier()));
            return ApiResponse.ok(passwords.login(body, from(request, body.device())));
        }));
        route("POST", "/auth/refresh", api.openPost(Bodies.Refresh.class, (body, request) -> {
            limits.count(request.sourceIp(), "", Optional.empty());
            return ApiResponse.ok(sessions.refresh(body, from(request, body.device())));
        }));
        route("POST", "/auth/logout", api.authenticated((caller, request) -> {
            sessions.logout(caller, sessionId(request));
            return ApiResponse.noContent();
        }));
        route("GET", "/auth/sessions", api.authenticated((caller, request) ->
                ApiResponse.ok(Page.last(sessions.list(caller, sessionId(request))))));
        route("DELETE", "/auth/sessions/{id}", api.authenticated((caller, request) -> {
            sessions.revoke(caller, request.pathId("id", "session"));
            return ApiResponse.noContent();
        }));
        route("POST", "/auth/password/forgot", api.openPost(Bodies.ForgotPassword.class, (body, request) -> {
            limits.count(request.sourceIp(), body.tenant(), Optional.of(body.identifier()));
            return ApiResponse.accepted(reset.forgot(body));
        }));
        route("POST", "/auth/password/reset", api.openPost(Bodies.ResetPassword.class, (body, request) -> {
            limits.count(request.sourceIp(), body.tenant(), Optional.empty());
            reset.reset(body);
            return ApiResponse.noContent();
        }));
        route("POST", "/auth/password/change", api.post(Bodies.ChangePassword.class, (caller, body, request) -> {
            reset.change(caller, sessionId(request), body);
            return ApiResponse.noContent();
        }));
        route("POST", "/auth/mfa/setup", api.post(Bodies.MfaConfirmation.class, (caller, body, request) ->
                ApiResponse.ok(mfa.setup(caller, body))));
        route("POST", "/auth/mfa/enable", api.post(Bodies.MfaCode.class, (caller, body, request) ->
                ApiResponse.ok(mfa.enable(caller, body))));
        route("POST", "/auth/mfa/disable", api.post(Bodies.MfaConfirmation.class, (caller, body, request) ->
                ApiResponse.ok(mfa.disable(caller, body))));
        route("POST", "/auth/mfa/recovery-codes", api.post(Bodies.MfaConfirmation.class, (caller, body, request) ->
                ApiResponse.ok(mfa.regenerateRecoveryCodes(caller, body))));
        route("POST", "/auth/users", api.post(NewUser.class, (caller, body, request) ->
                ApiResponse.created(users.create(caller, body))));
        route("PATCH", "/auth/users/{id}/role", api.post(Bodies.RoleChange.class, (caller, body, request) ->
                ApiResponse.ok(users.changeRole(caller, request.pathId("id", "user"), body))));
        route("POST", "/auth/users/{id}/suspend", api.post(Bodies.Suspension.class, (caller, body, request) ->
                ApiResponse.ok(users.suspend(caller, request.pathId("id", "user"), body))));
        route("POST", "/auth/users/{id}/reactivate", api.authenticated((caller, request) ->
                ApiResponse.ok(users.reactivate(caller, request.pathId("id", "user")))));
        route("POST", "/auth/users/{id}/mfa/reset", api.authenticated((caller, request) ->
                ApiResponse.ok(users.resetMfa(caller, request.pathId("id", "user")))));
        route("GET", "/.well-known/jwks.json", api.open(request ->
                ApiResponse.ok(keys.publicJwks()).withHeader("Cache-Control", "public, max-age=300")));
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

    private static SignInContext from(ApiRequest request, Bodies.Device device) {
        return new SignInContext(Optional.ofNullable(device), request.sourceIp(), request.header("User-Agent"),
                Optional.of(request.requestId()));
    }

    private static UUID sessionId(ApiRequest request) {
        return request.claims().flatMap(AuthorizerClaims::sessionId)
                .orElseThrow(() -> new ApiProblem.Unauthorized("sign in again"));
    }
}
