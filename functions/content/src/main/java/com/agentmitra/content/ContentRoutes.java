package com.agentmitra.content;

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
 * The content API: one function for {@code /content*}, declared once on the shared {@link Router}. Parses, calls one
 * service method, maps the answer; no SQL and no business rules.
 */
final class ContentRoutes {

    private static final String ITEM = "/content/{id}";

    private final Router router = new Router();

    ContentRoutes(Api api, ContentService content) {
        router.route("GET", "/content", api.authenticated((caller, request) ->
                ApiResponse.ok(content.browse(caller, browse(request)))));
        router.route("POST", "/content", api.creating(Bodies.NewContent.class, (caller, body, request) ->
                ApiResponse.created(content.create(caller, body))));
        router.route("POST", "/content/uploads", api.creating(Bodies.NewUpload.class, (caller, body, request) ->
                ApiResponse.created(content.createUpload(caller, body))));
        router.route("GET", "/content/analytics", api.authenticated((caller, request) ->
                ApiResponse.ok(content.summary(caller, content.period(request.query("from"), request.query("to"))))));
        router.route("GET", ITEM, api.authenticated((caller, request) ->
                ApiResponse.ok(content.get(caller, id(request)))));
        router.route("PATCH", ITEM, api.post(Bodies.Change.class, (caller, body, request) ->
                ApiResponse.ok(content.change(caller, id(request), body))));
        router.route("DELETE", ITEM, api.authenticated((caller, request) -> {
            content.delete(caller, id(request));
            return ApiResponse.noContent();
        }));
        router.route("POST", ITEM + "/moderation", api.post(Bodies.Moderation.class, (caller, body, request) ->
                ApiResponse.ok(content.moderate(caller, id(request), body))));
        router.route("POST", ITEM + "/views", api.post(Bodies.View.class, (caller, body, request) -> {
            Views.ViewRecorded recorded = content.recordView(caller, id(request), body);
            return recorded.created() ? ApiResponse.created(recorded) : ApiResponse.ok(recorded);
        }));
        router.route("POST", ITEM + "/rating", api.post(Bodies.Rating.class, (caller, body, request) ->
                ApiResponse.ok(content.rate(caller, id(request), body))));
        router.route("POST", ITEM + "/share", api.creating(Bodies.Share.class, (caller, body, request) ->
                ApiResponse.accepted(content.share(caller, id(request), body))));
        router.route("GET", ITEM + "/analytics", api.authenticated((caller, request) ->
                ApiResponse.ok(content.analytics(caller, id(request),
                        content.period(request.query("from"), request.query("to"))))));
    }

    /** The one Spring function of the content API. */
    Api.ApiFunction function() {
        return router.function();
    }

    /** Every route, {@code METHOD resource} (template.yaml declares the same). */
    List<String> describe() {
        return router.describe();
    }

    private static UUID id(ApiRequest request) {
        return request.pathId("id", "content");
    }

    private static ContentService.BrowseQuery browse(ApiRequest request) {
        ContentRepository.Scope scope = request.query("view").map(raw -> switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "library" -> ContentRepository.Scope.LIBRARY;
            case "mine" -> ContentRepository.Scope.MINE;
            case "pending" -> ContentRepository.Scope.PENDING;
            default -> throw ApiProblem.InvalidInput.field("view", "must be library, mine or pending");
        }).orElse(ContentRepository.Scope.LIBRARY);
        Optional<Boolean> featured = request.query("featured").map(raw -> switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.InvalidInput.field("featured", "must be true or false");
        });
        return new ContentService.BrowseQuery(scope, text(request, "language", 10), text(request, "category", 100),
                text(request, "audience", 30), text(request, "q", 100), featured, request.query("cursor"),
                limit(request));
    }

    private static int limit(ApiRequest request) {
        return request.query("limit").map(raw -> {
            try {
                int value = Integer.parseInt(raw.strip());
                if (value < 1 || value > ContentService.MAX_PAGE) {
                    throw ApiProblem.InvalidInput.field("limit", "must be between 1 and " + ContentService.MAX_PAGE);
                }
                return value;
            } catch (NumberFormatException e) {
                throw ApiProblem.InvalidInput.field("limit", "must be a whole number");
            }
        }).orElse(ContentService.DEFAULT_PAGE);
    }

    private static Optional<String> text(ApiRequest request, String name, int maxLength) {
        return request.query(name).map(String::strip).filter(value -> !value.isEmpty()).map(value -> {
            if (value.length() > maxLength) {
                throw ApiProblem.InvalidInput.field(name, "must be at most " + maxLength + " characters");
            }
            return value;
        });
    }
}
