package com.agentmitra.whatsapp;

import com.agentmitra.config.Secret;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Every message template of the business account as the WhatsApp Business Management API lists it (issue 19):
 * {@code GET {base}/{version}/{waba-id}/message_templates?fields=name,language,status,category,quality_score,
 * rejected_reason&limit=100}, page after page by {@code paging.cursors.after} while the answer names a
 * {@code paging.next}. The answer is treated as hostile: a page is read up to {@link #MAX_PAGE_BYTES}, holds at most
 * {@link #PAGE_SIZE} items, the listing at most {@link #MAX_PAGES} pages and {@link #MAX_TEMPLATES} templates and
 * takes at most {@link #WHOLE_LISTING}; a cursor seen before (paging in a loop), an answer that is not a page, or a
 * Graph error ends the listing with {@link Failed}: a listing is used whole or not at all. An item that cannot be
 * read (no name, a name or language of no form Meta allows) is skipped and counted, never a failure.
 *
 * <p>The next page is asked for at our own base URL with the cursor, never at the URL {@code paging.next} names: the
 * token goes only to the configured Graph API, and only in the Authorization header (never a URL, never a log).
 */
final class MetaTemplateList {

    /** Meta's largest page for this edge. */
    static final int PAGE_SIZE = 100;
    /** Far above what one business account holds; a listing longer than this is paging without end. */
    static final int MAX_PAGES = 100;
    static final int MAX_TEMPLATES = MAX_PAGES * PAGE_SIZE;
    /** A page of 100 templates without components is some tens of KiB. */
    static final int MAX_PAGE_BYTES = 1024 * 1024;
    /** The whole listing, all pages; the function's timeout (120 s) leaves room to apply it. */
    static final Duration WHOLE_LISTING = Duration.ofSeconds(60);
    static final String FIELDS = "name,language,status,category,quality_score,rejected_reason";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");
    private static final Pattern WORD = Pattern.compile("[A-Z][A-Z_]{0,63}");
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9+/=_-]{1,1024}");

    /** One template as Meta lists it; status, category, quality and rejected reason as Meta's words, when readable. */
    record Listed(String name, String language, Optional<String> status, Optional<String> category,
            Optional<String> quality, Optional<String> rejectedReason) {}

    /** The whole listing: the templates, the pages read, the items skipped as unreadable. */
    record Listing(List<Listed> templates, int pages, int unreadable) {}

    /** One page: its items, how many were unreadable, the cursor of the next page if there is one. */
    record Page(List<Listed> items, int unreadable, Optional<String> after) {}

    /** The listing could not be read whole; the reason names no token, body or cursor. */
    static final class Failed extends RuntimeException {
        Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HttpClient client;
    private final String endpoint;
    private final Secret token;
    private final Duration requestTimeout;
    private final Clock clock;

    MetaTemplateList(URI apiBaseUrl, String apiVersion, String businessAccountId, Secret token,
            Duration requestTimeout, Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(HttpGraphApi.CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.endpoint = apiBaseUrl.toString().replaceAll("/+$", "") + "/" + apiVersion + "/" + businessAccountId
                + "/message_templates?fields=" + URLEncoder.encode(FIELDS, StandardCharsets.UTF_8) + "&limit="
                + PAGE_SIZE;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** Reads every page, or fails as a whole ({@link Failed}). */
    Listing readAll() {
        Instant deadline = clock.instant().plus(WHOLE_LISTING);
        List<Listed> templates = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        int unreadable = 0;
        Optional<String> after = Optional.empty();
        for (int pages = 1; ; pages++) {
            if (pages > MAX_PAGES) {
                throw new Failed("more than " + MAX_PAGES + " pages: paging without end");
            }
            Page page = parse(fetch(after, deadline));
            templates.addAll(page.items());
            unreadable += page.unreadable();
            if (templates.size() + unreadable > MAX_TEMPLATES) {
                throw new Failed("more than " + MAX_TEMPLATES + " templates");
            }
            if (page.after().isEmpty()) {
                return new Listing(List.copyOf(templates), pages, unreadable);
            }
            if (!cursors.add(page.after().get())) {
                throw new Failed("page " + pages + " names a cursor seen before: paging in a loop");
            }
            after = page.after();
        }
    }

    private String fetch(Optional<String> after, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new Failed("the listing took longer than " + WHOLE_LISTING.toSeconds() + " s");
        }
        Duration timeout = left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
        URI uri = URI.create(endpoint + after.map(a -> "&after=" + URLEncoder.encode(a, StandardCharsets.UTF_8))
                .orElse(""));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request,
                info -> HttpGraphApi.LimitedBody.of(MAX_PAGE_BYTES));
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new Failed("no whole answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        } catch (ExecutionException e) {
            throw new Failed(switch (HttpGraphApi.failed(e.getCause())) {
                case GraphApi.NotSent notSent -> notSent.reason();
                case GraphApi.Ambiguous ambiguous -> ambiguous.reason().startsWith("answer larger")
                        ? "a page larger than " + MAX_PAGE_BYTES + " bytes" : ambiguous.reason();
                default -> "the request failed";
            });
        }
        if (response.statusCode() != 200) {
            throw new Failed(graphError(response.statusCode(), response.body()));
        }
        return response.body();
    }

    /** What a refusal says, by its code and trace id only (Meta's message may quote anything). */
    private static String graphError(int status, String body) {
        try {
            JsonNode error = Json.mapper().readTree(body == null ? "" : body).path("error");
            if (error.path("code").isInt()) {
                String trace = error.path("fbtrace_id").asText("");
                return "Graph error " + error.path("code").asInt() + " (HTTP " + status + ")"
                        + (trace.matches("[A-Za-z0-9_-]{1,64}") ? " fbtrace_id=" + trace : "");
            }
        } catch (IOException e) {
            // not a Graph error
        }
        return "HTTP " + status + " without a Graph error";
    }

    /**
     * One page of the listing: {@code {"data": [...], "paging": {"cursors": {"after": ...}, "next": ...}}}. The next
     * page exists when {@code paging.next} is there; its cursor must then be readable.
     */
    static Page parse(String body) {
        JsonNode page;
        try {
            page = Json.mapper().readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new Failed("a page that is not JSON");
        }
        if (page == null || !page.isObject() || !page.path("data").isArray()) {
            throw new Failed("a page without a data array");
        }
        JsonNode data = page.path("data");
        if (data.size() > PAGE_SIZE) {
            throw new Failed("a page of " + data.size() + " items, more than the " + PAGE_SIZE + " asked for");
        }
        List<Listed> items = new ArrayList<>();
        int unreadable = 0;
        for (JsonNode item : data) {
            Optional<Listed> listed = item(item);
            if (listed.isPresent()) {
                items.add(listed.get());
            } else {
                unreadable++;
            }
        }
        Optional<String> after = Optional.empty();
        JsonNode paging = page.path("paging");
        if (paging.path("next").isTextual() && !paging.path("next").asText().isEmpty()) {
            String cursor = paging.path("cursors").path("after").asText("");
            if (!CURSOR.matcher(cursor).matches()) {
                throw new Failed("a next page without a readable cursor");
            }
            after = Optional.of(cursor);
        }
        return new Page(items, unreadable, after);
    }

    private static Optional<Listed> item(JsonNode item) {
        String name = item.path("name").asText("");
        String language = item.path("language").asText("");
        if (!item.isObject() || !NAME.matcher(name).matches() || !LANGUAGE.matcher(language).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Listed(name, language, word(item.path("status")), word(item.path("category")),
                word(item.path("quality_score").path("score")), word(item.path("rejected_reason"))));
    }

    private static Optional<String> word(JsonNode node) {
        return node.isTextual() && WORD.matcher(node.asText()).matches() ? Optional.of(node.asText())
                : Optional.empty();
    }
}
