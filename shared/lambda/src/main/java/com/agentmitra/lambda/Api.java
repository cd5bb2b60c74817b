package com.agentmitra.lambda;

import com.agentmitra.data.Caller;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.UnknownTenantException;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Turns route handlers into API Gateway (REST, payload v1) functions: parses the request, resolves the caller
 * from the authorizer's claims, runs the handler, and writes JSON or RFC 9457 problem details. An
 * {@link ApiProblem} is answered as itself; anything else is logged and answered 500 with only the request id.
 */
public final class Api {

    private static final Logger log = LoggerFactory.getLogger(Api.class);
    /** The function name of a route applied outside a registered function (see {@link #invoke}). */
    private static final String UNNAMED = "api";
    private static final Map<String, String> JSON_HEADERS = Map.of(
            "Content-Type", "application/json",
            "Cache-Control", "no-store");

    private final TenantDirectory tenants;
    private final Idempotency idempotency;
    private final PermissionGate gate;

    /** An Api without the permission gate: only the module's own role checks decide (see {@link PermissionGate}). */
    public Api(TenantDirectory tenants) {
        this(tenants, null, null);
    }

    /**
     * An Api whose {@link #creating} routes honour {@code Idempotency-Key} and whose signed-in routes first pass the
     * {@link PermissionGate} (the caller's roles must hold the route's permission), read from the same database.
     */
    public Api(TenantDirectory tenants, Idempotency idempotency) {
        this(tenants, idempotency, PermissionGate.over(idempotency.database()));
    }

    /** An Api whose signed-in routes pass {@code gate} first, without an idempotency store. */
    public Api(TenantDirectory tenants, PermissionGate gate) {
        this(tenants, null, java.util.Objects.requireNonNull(gate, "gate"));
    }

    /** Both, with a gate of the caller's making (a test's short cache, say). */
    public Api(TenantDirectory tenants, Idempotency idempotency, PermissionGate gate) {
        this.tenants = java.util.Objects.requireNonNull(tenants, "tenants");
        this.idempotency = idempotency;
        this.gate = gate;
    }

    private Api() {
        this.tenants = null;
        this.idempotency = null;
        this.gate = null;
    }

    /** For functions with open routes only (health): an authenticated route built from it fails at start-up. */
    public static Api withoutCallers() {
        return new Api();
    }

    /** A route anyone may call (health, sign-in). */
    public ApiFunction open(OpenHandler handler) {
        return message -> invoke(message, handler);
    }

    /** A route that needs a signed-in caller: no valid claims answers 401. */
    public ApiFunction authenticated(CallerHandler handler) {
        requireCallers();
        return message -> invoke(message, request -> handler.handle(caller(request), request));
    }

    /** An authenticated route with a JSON body of {@code type}. */
    public <B> ApiFunction post(Class<B> type, BodyHandler<B> handler) {
        requireCallers();
        return message -> invoke(message, request -> {
            Caller caller = caller(request);
            return handler.handle(caller, request.body(type), request);
        });
    }

    /**
     * An authenticated POST that creates something, with a JSON body of {@code type}: with an
     * {@code Idempotency-Key} header, the same request sent again replays the first answer and creates nothing
     * ({@link Idempotency}).
     */
    public <B> ApiFunction creating(Class<B> type, BodyHandler<B> handler) {
        requireCallers();
        if (idempotency == null) {
            throw new IllegalStateException("this Api was built without an idempotency store");
        }
        return message -> invoke(message, request -> {
            Caller caller = caller(request);
            java.util.function.Supplier<ApiResponse> work = () -> handler.handle(caller, request.body(type), request);
            return request.header(Idempotency.HEADER).filter(key -> !key.isEmpty())
                    .map(key -> idempotency.run(caller, key, request, work))
                    .orElseGet(work);
        });
    }

    /**
     * An open route whose body may be up to {@code maxBodyBytes} (more than the usual
     * {@link ApiRequest#MAX_BODY_BYTES}; a notification a partner signs, say), still refused 413 before parsing.
     */
    public ApiFunction open(int maxBodyBytes, OpenHandler handler) {
        return message -> invoke(message, maxBodyBytes, handler);
    }

    /** An open route with a JSON body of {@code type}. */
    public <B> ApiFunction openPost(Class<B> type, OpenBodyHandler<B> handler) {
        return message -> invoke(message, request -> handler.handle(request.body(type), request));
    }

    private void requireCallers() {
        if (tenants == null) {
            throw new IllegalStateException("this Api was built without a tenant directory");
        }
    }

    /** The signed-in caller, once the {@link PermissionGate} (when this Api has one) let them through to the route. */
    private Caller caller(ApiRequest request) {
        AuthorizerClaims claims = request.claims()
                .orElseThrow(() -> new ApiProblem.Unauthorized("sign in to use this route"));
        Caller caller;
        try {
            caller = new Caller(tenants.byId(claims.tenantId()), java.util.Optional.of(claims.userId()),
                    claims.role(), claims.agentId());
        } catch (UnknownTenantException e) {
            throw new ApiProblem.Unauthorized("sign in again");
        }
        if (gate != null) {
            gate.require(caller, request.method(), request.resource());
        }
        return caller;
    }

    private static APIGatewayProxyResponseEvent invoke(Message<APIGatewayProxyRequestEvent> message,
            OpenHandler handler) {
        return invoke(message, ApiRequest.MAX_BODY_BYTES, handler);
    }

    /**
     * Answers in the invocation the function was entered with ({@link FunctionRegistrations#api}); a route
     * function applied on its own (a test, a caller outside Spring) gets an invocation of its own.
     */
    private static APIGatewayProxyResponseEvent invoke(Message<APIGatewayProxyRequestEvent> message, int maxBodyBytes,
            OpenHandler handler) {
        return Invocation.of(message)
                .map(invocation -> respond(message.getPayload(), invocation, maxBodyBytes, handler))
                .orElseGet(() -> Invocation.run(UNNAMED, message,
                        invocation -> respond(message.getPayload(), invocation, maxBodyBytes, handler)));
    }

    static APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event, String requestId,
            OpenHandler handler) {
        return respond(requestId, () -> ApiRequest.from(event, requestId), event == null, handler);
    }

    private static APIGatewayProxyResponseEvent respond(APIGatewayProxyRequestEvent event, Invocation invocation,
            int maxBodyBytes, OpenHandler handler) {
        return respond(invocation.requestId(), () -> ApiRequest.from(event, invocation, maxBodyBytes), event == null,
                handler);
    }

    private static APIGatewayProxyResponseEvent respond(String requestId,
            java.util.function.Supplier<ApiRequest> parse, boolean empty, OpenHandler handler) {
        try {
            if (empty) {
                throw new ApiProblem.InvalidInput("empty request");
            }
            ApiRequest request = parse.get();
            return toEvent(handler.handle(request));
        } catch (ApiProblem problem) {
            if (problem.status() >= 500) {
                log.warn("Request answered with a server problem: {}", problem.type());
            }
            return problem(problem, requestId);
        } catch (RuntimeException unexpected) {
            if (unexpected instanceof org.jooq.exception.DataAccessException e && isTransient(e)) {
                // a deadlock or serialization failure rolled the whole transaction back: safe for the client to retry
                log.warn("Transaction aborted by the database; answered 503: {}", e.sqlState());
                return problem(new ApiProblem.ServiceUnavailable("the request collided with another; retry it"),
                        requestId);
            }
            if (unexpected instanceof org.jooq.exception.DataAccessException e) {
                Optional<ApiProblem> rule = databaseRule(e);
                if (rule.isPresent()) {
                    log.info("A database rule refused the request: {}", rule.get().detail());
                    return problem(rule.get(), requestId);
                }
            }
            log.error("Unhandled error; answered 500", unexpected);
            return problem(new ApiProblem.Other("/problems/internal", "Internal error", 500, "internal error"),
                    requestId);
        }
    }

    /**
     * The business rules the database holds for every writer, by the name of the check they raise, and the problem a
     * caller is told: whatever route reached one, it answers that instead of a 500. Only named rules: any other
     * violation stays an internal error (its message is never shown).
     */
    private static final Map<String, String> DATABASE_RULES = Map.of(
            // tenant V150: an agent waiting for approval, or rejected, is given no customers or callbacks
            "agent_not_approved", "the agent is not approved: an administrator approves an agent before they are"
                    + " given customers or callbacks");

    /** The rule a check violation (23514) names, as a 409 problem; empty for anything else. */
    static Optional<ApiProblem> databaseRule(org.jooq.exception.DataAccessException e) {
        if (!"23514".equals(e.sqlState())) {
            return Optional.empty();
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
                String detail = DATABASE_RULES.get(psql.getServerErrorMessage().getConstraint());
                return Optional.ofNullable(detail).map(ApiProblem.Conflict::new);
            }
        }
        return Optional.empty();
    }

    /** Deadlock detected (40P01) or serialization failure (40001): the transaction did nothing and may be retried. */
    static boolean isTransient(org.jooq.exception.DataAccessException e) {
        String state = e.sqlState();
        return "40P01".equals(state) || "40001".equals(state);
    }

    static APIGatewayProxyResponseEvent toEvent(ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(JSON_HEADERS);
        headers.putAll(response.headers());
        APIGatewayProxyResponseEvent event = new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withIsBase64Encoded(false);
        response.body().ifPresentOrElse(
                body -> event.withBody(Json.write(body)),
                () -> headers.remove("Content-Type"));
        return event.withHeaders(headers);
    }

    /** The RFC 9457 answer for a problem; the request id lets support find the logs. */
    public static APIGatewayProxyResponseEvent problem(ApiProblem problem, String requestId) {
        return problem(problem, requestId, Map.of());
    }

    /** The same, with further response headers (such as {@code Allow} on a 405). */
    public static APIGatewayProxyResponseEvent problem(ApiProblem problem, String requestId,
            Map<String, String> extraHeaders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        body.put("requestId", requestId);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/problem+json");
        headers.put("Cache-Control", "no-store");
        headers.putAll(problem.headers());
        headers.putAll(extraHeaders);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(problem.status())
                .withIsBase64Encoded(false)
                .withHeaders(headers)
                .withBody(Json.write(body));
    }

    /** An API Gateway function as Spring Cloud Function sees it. */
    @FunctionalInterface
    public interface ApiFunction extends Function<Message<APIGatewayProxyRequestEvent>, APIGatewayProxyResponseEvent> {}

    @FunctionalInterface
    public interface OpenHandler {
        ApiResponse handle(ApiRequest request);
    }

    @FunctionalInterface
    public interface CallerHandler {
        ApiResponse handle(Caller caller, ApiRequest request);
    }

    @FunctionalInterface
    public interface BodyHandler<B> {
        ApiResponse handle(Caller caller, B body, ApiRequest request);
    }

    @FunctionalInterface
    public interface OpenBodyHandler<B> {
        ApiResponse handle(B body, ApiRequest request);
    }
}
