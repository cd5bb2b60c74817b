package com.agentmitra.conversations;

import com.agentmitra.lambda.Api;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.ApiResponse;
import com.agentmitra.lambda.Router;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The conversation API: one function for {@code /conversations}, {@code /policyholders/{id}/messages*},
 * {@code /policyholders/{id}/notes} and {@code /canned-replies*}, declared once on the shared {@link Router}.
 * Parses, calls one service method, maps the answer; no SQL and no business rules.
 */
final class ConversationRoutes {

    private static final String MESSAGES = "/policyholders/{id}/messages";

    private final Router router = new Router();

    ConversationRoutes(Api api, ConversationService conversations, CannedReplyService canned) {
        router.route("GET", "/conversations", api.authenticated((caller, request) ->
                ApiResponse.ok(conversations.list(caller, filter(request), text(request, "q", 100),
                        request.query("cursor"), limit(request)))));
        router.route("GET", MESSAGES, api.authenticated((caller, request) ->
                ApiResponse.ok(conversations.thread(caller, holder(request), request.query("cursor"),
                        limit(request)))));
        router.route("POST", MESSAGES, api.creating(Bodies.Outgoing.class, (caller, body, request) ->
                ApiResponse.accepted(conversations.send(caller, holder(request), body))));
        router.route("POST", MESSAGES + "/read", api.authenticated((caller, request) ->
                ApiResponse.ok(conversations.markRead(caller, holder(request),
                        request.body().isPresent() ? request.body(Bodies.Read.class) : null))));
        router.route("POST", MESSAGES + "/assign", api.post(Bodies.Assign.class, (caller, body, request) ->
                ApiResponse.ok(conversations.assign(caller, holder(request), body))));
        router.route("POST", "/policyholders/{id}/notes", api.creating(Bodies.Note.class, (caller, body, request) ->
                ApiResponse.created(conversations.addNote(caller, holder(request), body))));
        router.route("GET", "/canned-replies", api.authenticated((caller, request) ->
                ApiResponse.ok(canned.list(caller, uuid(request, "agentId"), uuid(request, "policyholderId")))));
        router.route("POST", "/canned-replies", api.creating(Bodies.CannedReply.class, (caller, body, request) ->
                ApiResponse.created(canned.create(caller, body))));
        router.route("PATCH", "/canned-replies/{id}", api.post(Bodies.CannedReply.class, (caller, body, request) ->
                ApiResponse.ok(canned.update(caller, request.pathId("id", "canned reply"), body))));
        router.route("DELETE", "/canned-replies/{id}", api.authenticated((caller, request) -> {
            canned.delete(caller, request.pathId("id", "canned reply"));
            return ApiResponse.noContent();
        }));
    }

    /** The one Spring function of the conversation API. */
    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private static UUID holder(ApiRequest request) {
        return request.pathId("id", "policyholder");
    }

    private static ConversationRepository.Filter filter(ApiRequest request) {
        return request.query("filter").map(raw -> {
            try {
                return ConversationRepository.Filter.valueOf(raw.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.InvalidInput.field("filter", "must be one of unread, open, mine, all");
            }
        }).orElse(ConversationRepository.Filter.ALL);
    }

    private static int limit(ApiRequest request) {
        return request.query("limit").map(raw -> {
            try {
                int value = Integer.parseInt(raw.strip());
                if (value < 1 || value > ConversationService.MAX_PAGE) {
                    throw ApiProblem.InvalidInput.field("limit", "must be between 1 and "
                            + ConversationService.MAX_PAGE);
                }
                return value;
            } catch (NumberFormatException e) {
                throw ApiProblem.InvalidInput.field("limit", "must be a whole number");
            }
        }).orElse(ConversationService.DEFAULT_PAGE);
    }

    private static Optional<String> text(ApiRequest request, String name, int maxLength) {
        return request.query(name).map(String::strip).filter(value -> !value.isEmpty()).map(value -> {
            if (value.length() > maxLength) {
                throw ApiProblem.InvalidInput.field(name, "must be at most " + maxLength + " characters");
            }
            return value;
        });
    }

    private static Optional<UUID> uuid(ApiRequest request, String name) {
        return request.query(name).map(raw -> {
            try {
                return UUID.fromString(raw.strip());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.InvalidInput.field(name, "must be a UUID");
            }
        });
    }
}
