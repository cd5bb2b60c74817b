package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Page;
import com.agentmitra.lambda.Violations;
import com.agentmitra.messaging.WhatsappMessage;
import com.agentmitra.messaging.WhatsappOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The content library (issue 18): agents and staff add YouTube explainers and uploaded videos and brochures;
 * administrators and support staff moderate them; customers and agents browse, watch and rate; agents share items
 * with consenting customers on WhatsApp and read what worked. Every read and write runs as the caller, so row level
 * security decides what is seen: a pending item is invisible to customers, another tenant's content to everyone.
 */
final class ContentService {

    static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final String BROWSE_CURSOR = "content.browse.";
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_CATEGORY = 100;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 40;
    static final int MAX_REASON = 500;
    static final int MAX_FILE_NAME = 200;
    static final int MAX_SECONDS = 86_400;
    static final int MAX_SHARE = 50;
    static final int MAX_ANALYTICS_DAYS = 366;
    static final int MAX_ANALYTICS_ITEMS = 100;
    /** A watch session's later reports are looked for among sessions started this long ago at most. */
    static final Duration SESSION_WINDOW = Duration.ofHours(24);
    static final String SHARE_TEMPLATE = "content_share";
    static final Set<String> LANGUAGES = Set.of("en", "hi", "bn", "te", "mr", "ta", "gu", "kn", "ml", "pa", "or",
            "as", "ur");
    static final Set<String> AUDIENCES = Set.of("policyholders", "agents", "senior_citizens");
    static final Set<String> DIFFICULTIES = Set.of("beginner", "intermediate", "advanced");
    private static final Pattern WORD = Pattern.compile("[a-z0-9_-]{1,30}");

    private final Database database;
    private final ContentRepository repository;
    private final ContentStore store;
    private final WhatsappOutbox outbox;
    private final ContentConfig config;
    private final Clock clock;

    ContentService(Database database, ContentRepository repository, ContentStore store, WhatsappOutbox outbox,
            ContentConfig config, Clock clock) {
        this.database = database;
        this.repository = repository;
        this.store = store;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- adding and changing

    Views.Item create(Caller caller, Bodies.NewContent body) {
        Access.requirePublisher(caller);
        Violations violations = new Violations();
        Described d = describe(body.title(), body.description(), body.category(), body.tags(), body.language(),
                body.targetAudience(), body.difficulty(), body.durationSeconds(), violations);
        Optional<YoutubeVideo> video = YoutubeVideo.parse(body.youtubeUrl());
        if (body.youtubeUrl() == null) {
            violations.add("youtubeUrl", "is required (or upload a file through POST /content/uploads)");
        } else if (video.isEmpty()) {
            violations.add("youtubeUrl", "must be a YouTube video address such as https://www.youtube.com/watch?v="
                    + "<11-character id> or https://youtu.be/<id>");
        }
        violations.throwIfAny();
        return database.inTransaction(caller, tx -> repository.insert(tx, caller, new ContentRepository.NewRow(
                UUID.randomUUID(), caller.agentId().orElse(null), caller.requireUserId(), d.title(), d.description(),
                "youtube", "video", video.get().id(), video.get().embedUrl(), null, null, null, d.duration(),
                d.category(), d.tags(), d.language(), d.difficulty(), d.audience(), "published")).item());
    }

    /**
     * An upload: the item is created {@code processing} and the answer carries a PUT URL with the declared type and
     * exact length signed; the S3-triggered checker then publishes (still pending moderation) or rejects it.
     */
    Views.Upload createUpload(Caller caller, Bodies.NewUpload body) {
        Access.requirePublisher(caller);
        Violations violations = new Violations();
        Described d = describe(body.title(), body.description(), body.category(), body.tags(), body.language(),
                body.targetAudience(), body.difficulty(), body.durationSeconds(), violations);
        Optional<FileType> type = FileType.ofMimeType(body.contentType());
        if (type.isEmpty()) {
            violations.add("contentType", "must be video/mp4, video/webm or application/pdf");
        }
        String fileName = body.fileName() == null ? "" : body.fileName().strip();
        if (fileName.isEmpty() || fileName.length() > MAX_FILE_NAME) {
            violations.add("fileName", "must be 1 to " + MAX_FILE_NAME + " characters");
        } else if (type.isPresent() && !fileName.toLowerCase(Locale.ROOT).endsWith(type.get().extension())) {
            violations.add("fileName", "must end in " + type.get().extension() + " for " + type.get().mimeType());
        }
        long max = type.map(this::maxBytes).orElse(config.maxVideoBytes());
        if (body.sizeBytes() == null || body.sizeBytes() < 1) {
            violations.add("sizeBytes", "is required: the file's exact size in bytes");
        } else if (body.sizeBytes() > max) {
            violations.add("sizeBytes", "must be at most " + max + " bytes (" + (max / ContentConfig.MB) + " MB)");
        }
        violations.throwIfAny();
        UUID id = UUID.randomUUID();
        String key = "content/" + caller.tenant().code() + "/" + id + "/" + UUID.randomUUID() + type.get().extension();
        Views.Item item = database.inTransaction(caller, tx -> repository.insert(tx, caller,
                new ContentRepository.NewRow(id, caller.agentId().orElse(null), caller.requireUserId(), d.title(),
                        d.description(), "upload", type.get().kind(), null, null, key, type.get().mimeType(),
                        body.sizeBytes(), d.duration(), d.category(), d.tags(), d.language(), d.difficulty(),
                        d.audience(), "processing")).item());
        Instant expires = clock.instant().plus(config.linkValidity());
        String url = store.uploadUrl(key, type.get().mimeType(), body.sizeBytes(), config.linkValidity());
        return new Views.Upload(item, url, "PUT", Map.of("Content-Type", type.get().mimeType(),
                "Content-Length", Long.toString(body.sizeBytes())), expires, max);
    }

    long maxBytes(FileType type) {
        return type.kind().equals("document") ? config.maxDocumentBytes() : config.maxVideoBytes();
    }

    Views.Item change(Caller caller, UUID id, Bodies.Change body) {
        Access.requirePublisher(caller);
        boolean moderator = Access.moderates(caller);
        if (body.featured() != null && !moderator) {
            throw new ApiProblem.Forbidden("only administrators and support staff feature content");
        }
        Violations violations = new Violations();
        String title = body.title() == null ? null : text(body.title(), "title", MAX_TITLE, true, violations);
        String description = body.description() == null ? null
                : text(body.description(), "description", MAX_DESCRIPTION, false, violations);
        String category = body.category() == null ? null : text(body.category(), "category", MAX_CATEGORY, false,
                violations);
        List<String> tags = body.tags() == null ? null : tags(body.tags(), violations);
        String language = body.language() == null ? null : language(body.language(), violations);
        List<String> audience = body.targetAudience() == null ? null : audience(body.targetAudience(), violations);
        String difficulty = body.difficulty() == null ? null : difficulty(body.difficulty(), violations);
        Integer duration = body.durationSeconds() == null ? null : duration(body.durationSeconds(), violations);
        Optional<YoutubeVideo> video = Optional.empty();
        if (body.youtubeUrl() != null) {
            video = YoutubeVideo.parse(body.youtubeUrl());
            if (video.isEmpty()) {
                violations.add("youtubeUrl", "must be a YouTube video address");
            }
        }
        violations.throwIfAny();
        Optional<YoutubeVideo> newVideo = video;
        boolean content = title != null || description != null || category != null || tags != null
                || language != null || audience != null || difficulty != null || duration != null
                || newVideo.isPresent();
        return database.inTransaction(caller, tx -> {
            repository.find(tx, caller, id, false).orElseThrow(() -> new ApiProblem.NotFound("content"));
            if (!repository.inScope(tx, caller, id)) {
                throw new ApiProblem.Forbidden("only the owner, their managers and staff change this item");
            }
            ContentRepository.Row row = repository.find(tx, caller, id, true)
                    .orElseThrow(() -> new ApiProblem.NotFound("content"));
            if (row.item().deletedAt() != null) {
                throw new ApiProblem.Conflict("this item was deleted");
            }
            if (newVideo.isPresent() && !"youtube".equals(row.item().source())) {
                throw ApiProblem.InvalidInput.field("youtubeUrl", "this item is an upload: upload a new file instead");
            }
            return repository.update(tx, caller, id, new ContentRepository.Changes(title, description, category,
                    tags, language, difficulty, audience, newVideo.map(YoutubeVideo::id).orElse(null),
                    newVideo.map(YoutubeVideo::embedUrl).orElse(null), duration, body.featured(),
                    content && !moderator)).item();
        });
    }

    void delete(Caller caller, UUID id) {
        Access.requirePublisher(caller);
        Instant now = clock.instant();
        database.inTransaction(caller, tx -> {
            repository.find(tx, caller, id, false).orElseThrow(() -> new ApiProblem.NotFound("content"));
            if (!repository.inScope(tx, caller, id)) {
                throw new ApiProblem.Forbidden("only the owner, their managers and staff delete this item");
            }
            repository.softDelete(tx, caller, id, now);
            return null;
        });
    }

    Views.Item moderate(Caller caller, UUID id, Bodies.Moderation body) {
        Access.requireModerator(caller);
        String decision = body.decision() == null ? "" : body.decision().strip().toLowerCase(Locale.ROOT);
        Violations violations = new Violations();
        if (!decision.equals("approve") && !decision.equals("reject")) {
            violations.add("decision", "must be approve or reject");
        }
        String reason = body.reason() == null ? null : body.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            violations.add("reason", "must be at most " + MAX_REASON + " characters");
        }
        if (decision.equals("reject") && (reason == null || reason.isEmpty())) {
            violations.add("reason", "is required when rejecting: the owner reads it");
        }
        violations.throwIfAny();
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            ContentRepository.Row row = repository.find(tx, caller, id, true)
                    .orElseThrow(() -> new ApiProblem.NotFound("content"));
            if (row.item().deletedAt() != null) {
                throw new ApiProblem.Conflict("this item was deleted");
            }
            if (decision.equals("approve") && !"published".equals(row.item().status())) {
                throw new ApiProblem.Conflict("this item is " + row.item().status()
                        + ": only a checked upload or a YouTube item can be approved");
            }
            return repository.moderate(tx, caller, id, decision.equals("approve"),
                    reason == null || reason.isEmpty() ? null : reason, now).item();
        });
    }

    // ---------------------------------------------------------------- browsing

    record BrowseQuery(ContentRepository.Scope scope, Optional<String> language, Optional<String> category,
            Optional<String> audience, Optional<String> q, Optional<Boolean> featured, Optional<String> cursor,
            int limit) {}

    Page<Views.Item> browse(Caller caller, BrowseQuery query) {
        Access.requireViewer(caller);
        if (query.scope() == ContentRepository.Scope.PENDING) {
            Access.requireModerator(caller);
        }
        if (query.scope() == ContentRepository.Scope.MINE) {
            Access.requirePublisher(caller);
        }
        Violations violations = new Violations();
        query.language().ifPresent(language -> language(language, violations));
        query.audience().filter(a -> !AUDIENCES.contains(a))
                .ifPresent(a -> violations.add("audience", "must be one of " + String.join(", ", AUDIENCES)));
        violations.throwIfAny();
        String kind = BROWSE_CURSOR + query.scope().name().toLowerCase(Locale.ROOT);
        Optional<ContentRepository.Key> after = query.cursor().map(c -> Cursor.decode(c, kind, 3))
                .map(c -> new ContentRepository.Key(c.integer(0), c.instant(1), c.uuid(2)));
        List<ContentRepository.Ranked> rows = database.inTransaction(caller, tx -> {
            String preferred = query.language().isPresent() ? "en" : repository.preferredLanguage(tx, caller);
            return repository.browse(tx, caller, new ContentRepository.Browse(query.scope(), preferred,
                    query.language(), query.category(), query.audience(), query.q(), query.featured(), after,
                    query.limit() + 1));
        });
        List<Views.Item> items = rows.stream().limit(query.limit()).map(r -> r.row().item()).toList();
        if (rows.size() <= query.limit()) {
            return Page.last(items);
        }
        ContentRepository.Ranked last = rows.get(query.limit() - 1);
        return new Page<>(items, Optional.of(Cursor.of(kind, last.rank(), last.row().item().createdAt(),
                last.row().item().id()).encode()));
    }

    /** One item with how to play it: the YouTube player, or a short-lived link to the private file. */
    Views.Item get(Caller caller, UUID id) {
        Access.requireViewer(caller);
        ContentRepository.Row row = database.inTransaction(caller, tx -> repository.find(tx, caller, id, false)
                .map(found -> new ContentRepository.Row(found.item().with(null,
                        repository.myRating(tx, caller, id).orElse(null)), found.storageKey())))
                .orElseThrow(() -> new ApiProblem.NotFound("content"));
        return row.item().with(playback(row), row.item().myRating());
    }

    private Views.Playback playback(ContentRepository.Row row) {
        Views.Item item = row.item();
        if (!"published".equals(item.status()) || item.deletedAt() != null) {
            return null;
        }
        if ("youtube".equals(item.source())) {
            return new Views.Playback("youtube", item.embedUrl(), null, null);
        }
        Instant expires = clock.instant().plus(config.linkValidity());
        return new Views.Playback("file", store.playbackUrl(row.storageKey(), item.mimeType(), config.linkValidity()),
                item.mimeType(), expires);
    }

    // ---------------------------------------------------------------- watching and rating

    Views.ViewRecorded recordView(Caller caller, UUID id, Bodies.View body) {
        Access.requireViewer(caller);
        Violations violations = new Violations();
        violations.require("sessionId", body.sessionId());
        if (body.watchedSeconds() == null || body.watchedSeconds() < 0 || body.watchedSeconds() > MAX_SECONDS) {
            violations.add("watchedSeconds", "must be a whole number of seconds from 0 to " + MAX_SECONDS);
        }
        String device = word(body.device(), "device", violations);
        String source = word(body.source(), "source", violations);
        violations.throwIfAny();
        Bodies.View view = new Bodies.View(body.sessionId(), body.watchedSeconds(),
                Boolean.TRUE.equals(body.completed()), device, source == null ? "app" : source);
        Instant now = clock.instant();
        return database.inTransaction(caller, tx -> {
            requirePlayable(tx, caller, id);
            ContentRepository.Session session = repository.recordView(tx, caller, id, view, now,
                    now.minus(SESSION_WINDOW));
            return new Views.ViewRecorded(id, view.sessionId(), session.watchedSeconds(), session.completed(),
                    session.created());
        });
    }

    Views.Rated rate(Caller caller, UUID id, Bodies.Rating body) {
        Access.requireViewer(caller);
        if (body.rating() == null || body.rating() < 1 || body.rating() > 5) {
            throw ApiProblem.InvalidInput.field("rating", "must be a whole number from 1 to 5");
        }
        return database.inTransaction(caller, tx -> {
            requirePlayable(tx, caller, id);
            repository.rate(tx, caller, id, body.rating());
            return new Views.Rated(id, body.rating());
        });
    }

    private ContentRepository.Row requirePlayable(org.jooq.DSLContext tx, Caller caller, UUID id) {
        ContentRepository.Row row = repository.find(tx, caller, id, false)
                .orElseThrow(() -> new ApiProblem.NotFound("content"));
        if (!"published".equals(row.item().status()) || row.item().deletedAt() != null) {
            throw new ApiProblem.Conflict("this item cannot be watched: it is " + (row.item().deletedAt() != null
                    ? "deleted" : row.item().status()));
        }
        return row;
    }

    // ---------------------------------------------------------------- sharing

    /**
     * Sends an approved, published item to customers the caller may see, as the approved MARKETING template
     * {@code content_share} with the item's link, through the outbound queue; one share row per customer. A
     * customer without marketing consent is skipped and recorded as such (the sender checks consent again when it
     * sends); one erased or without a phone is skipped; one the caller cannot see is {@code not_found}; the same item
     * to the same customer twice on one day is sent once. A queue that does not take a message rolls everything back
     * (503).
     */
    Views.Shared share(Caller caller, UUID id, Bodies.Share body) {
        Access.requireSharer(caller);
        List<UUID> ids = body.policyholderIds() == null ? List.of() : body.policyholderIds();
        if (ids.isEmpty() || ids.size() > MAX_SHARE || ids.contains(null)) {
            throw ApiProblem.InvalidInput.field("policyholderIds", "must list 1 to " + MAX_SHARE + " customer ids");
        }
        List<UUID> unique = List.copyOf(new LinkedHashSet<>(ids));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, INDIA);
        return database.inTransaction(caller, tx -> {
            ContentRepository.Row row = repository.find(tx, caller, id, false)
                    .orElseThrow(() -> new ApiProblem.NotFound("content"));
            Views.Item item = row.item();
            if (!"published".equals(item.status()) || !"approved".equals(item.moderation()) || item.deletedAt() != null) {
                throw new ApiProblem.Conflict("only approved, published content is shared with customers; this item "
                        + "is " + item.status() + " and " + item.moderation() + " in moderation");
            }
            if (!item.targetAudience().contains("policyholders")) {
                throw new ApiProblem.Conflict("this item is not meant for customers (target audience)");
            }
            String sender = repository.displayName(tx, caller);
            String link = config.appBaseUrl() + "/content/" + id + "?source=share";
            List<Views.ShareOutcome> results = new ArrayList<>();
            int queued = 0;
            int skipped = 0;
            for (UUID holder : unique) {
                Optional<ContentRepository.Customer> found = repository.customer(tx, caller, holder);
                if (found.isEmpty()) {
                    results.add(new Views.ShareOutcome(holder, "not_found", null, null));
                    continue;
                }
                ContentRepository.Customer customer = found.get();
                String reason = customer.erasedAt() != null ? "erased"
                        : customer.phone() == null ? "no_phone"
                        : !customer.marketingOptIn() ? "no_marketing_consent" : null;
                if (reason != null) {
                    UUID shareId = customer.erasedAt() != null ? null
                            : repository.insertShare(tx, caller, id, customer, "skipped", reason, null, now)
                                    .orElse(null);
                    results.add(new Views.ShareOutcome(holder, "skipped", reason, shareId));
                    skipped++;
                    continue;
                }
                String key = "content-share:" + id + ":" + holder + ":" + today;
                Optional<UUID> shareId = repository.insertShare(tx, caller, id, customer, "queued", null, key, now);
                if (shareId.isEmpty()) {
                    results.add(new Views.ShareOutcome(holder, "skipped", "already_shared_today", null));
                    skipped++;
                    continue;
                }
                String language = repository.approvedTemplateLanguage(tx, SHARE_TEMPLATE,
                        customer.preferredLanguage() == null ? "en" : customer.preferredLanguage())
                        .orElseThrow(() -> new ApiProblem.ServiceUnavailable("the share template is not approved"));
                try {
                    outbox.send(WhatsappMessage.template(key, caller.tenant().code(), customer.phone(),
                            WhatsappMessage.BROADCAST, new WhatsappMessage.Template(SHARE_TEMPLATE, language,
                                    List.of(sender, item.title(), link)), now));
                } catch (WhatsappOutbox.NotQueued e) {
                    throw new ApiProblem.ServiceUnavailable("the messages could not be queued; share again");
                }
                results.add(new Views.ShareOutcome(holder, "queued", null, shareId.get()));
                queued++;
            }
            return new Views.Shared(id, queued, skipped, results);
        });
    }

    // ---------------------------------------------------------------- analytics

    record Period(LocalDate from, LocalDate to) {
        Instant start() {
            return from.atStartOfDay(INDIA).toInstant();
        }

        Instant end() {
            return to.plusDays(1).atStartOfDay(INDIA).toInstant();
        }
    }

    Period period(Optional<String> from, Optional<String> to) {
        Violations violations = new Violations();
        LocalDate today = LocalDate.ofInstant(clock.instant(), INDIA);
        LocalDate end = to.map(value -> date(value, "to", violations)).orElse(today);
        LocalDate start = from.map(value -> date(value, "from", violations)).orElse(end == null ? null
                : end.minusDays(29));
        violations.throwIfAny();
        if (start.isAfter(end)) {
            throw ApiProblem.InvalidInput.field("from", "must not be after to");
        }
        if (start.plusDays(MAX_ANALYTICS_DAYS).isBefore(end.plusDays(1))) {
            throw ApiProblem.InvalidInput.field("from", "the period may be at most " + MAX_ANALYTICS_DAYS + " days");
        }
        return new Period(start, end);
    }

    private static LocalDate date(String value, String field, Violations violations) {
        if (value.length() != 10) {
            violations.add(field, "must be a date, YYYY-MM-DD");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            violations.add(field, "must be a date, YYYY-MM-DD");
            return null;
        }
    }

    Views.Analytics analytics(Caller caller, UUID id, Period period) {
        Access.requireAnalytics(caller);
        return database.inTransaction(caller, tx -> {
            repository.find(tx, caller, id, false).orElseThrow(() -> new ApiProblem.NotFound("content"));
            if (!repository.inScope(tx, caller, id)) {
                throw new ApiProblem.Forbidden("analytics of an item are for its owner, their managers and staff");
            }
            return repository.analytics(tx, caller, Optional.of(id), period.start(), period.end(), period.from(),
                    period.to(), 1).getFirst();
        });
    }

    Views.AnalyticsSummary summary(Caller caller, Period period) {
        Access.requireAnalytics(caller);
        return database.inTransaction(caller, tx -> {
            List<Views.Analytics> items = repository.analytics(tx, caller, Optional.empty(), period.start(),
                    period.end(), period.from(), period.to(), MAX_ANALYTICS_ITEMS);
            long viewers = repository.uniqueViewers(tx, caller, period.start(), period.end());
            long views = items.stream().mapToLong(Views.Analytics::views).sum();
            java.math.BigDecimal watch = null;
            java.math.BigDecimal completion = null;
            if (views > 0) {
                double seconds = 0;
                double completed = 0;
                for (Views.Analytics a : items) {
                    if (a.views() > 0) {
                        seconds += a.averageWatchSeconds().doubleValue() * a.views();
                        completed += a.completionRate().doubleValue() * a.views();
                    }
                }
                watch = java.math.BigDecimal.valueOf(seconds / views).setScale(2, java.math.RoundingMode.HALF_UP);
                completion = java.math.BigDecimal.valueOf(completed / views).setScale(2, java.math.RoundingMode.HALF_UP);
            }
            Views.Analytics totals = new Views.Analytics(null, null, period.from(), period.to(), views, viewers,
                    watch, completion, items.stream().mapToLong(Views.Analytics::shares).sum(),
                    items.stream().mapToLong(Views.Analytics::sharesSkipped).sum(),
                    items.stream().mapToLong(Views.Analytics::viewsFromShares).sum(), null,
                    items.stream().mapToLong(Views.Analytics::ratings).sum());
            return new Views.AnalyticsSummary(period.from(), period.to(), totals, items);
        });
    }

    // ---------------------------------------------------------------- validation

    record Described(String title, String description, String category, List<String> tags, String language,
            List<String> audience, String difficulty, Integer duration) {}

    private static Described describe(String title, String description, String category, List<String> tags,
            String language, List<String> audience, String difficulty, Integer duration, Violations violations) {
        return new Described(text(title, "title", MAX_TITLE, true, violations),
                description == null ? null : text(description, "description", MAX_DESCRIPTION, false, violations),
                category == null ? null : text(category, "category", MAX_CATEGORY, false, violations),
                tags == null ? List.of() : tags(tags, violations),
                language == null ? "en" : language(language, violations),
                audience == null ? List.of("policyholders") : audience(audience, violations),
                difficulty == null ? null : difficulty(difficulty, violations),
                duration == null ? null : duration(duration, violations));
    }

    private static String text(String value, String field, int max, boolean required, Violations violations) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            if (required) {
                violations.add(field, "is required");
            }
            return null;
        }
        if (stripped.length() > max) {
            violations.add(field, "must be at most " + max + " characters");
            return null;
        }
        return stripped;
    }

    private static List<String> tags(List<String> tags, Violations violations) {
        if (tags.size() > MAX_TAGS) {
            violations.add("tags", "at most " + MAX_TAGS + " tags");
            return List.of();
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.length() > MAX_TAG) {
                violations.add("tags", "each tag must be 1 to " + MAX_TAG + " characters");
                return List.of();
            }
            clean.add(t);
        }
        return List.copyOf(clean);
    }

    static String language(String language, Violations violations) {
        String l = language.strip().toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(l)) {
            violations.add("language", "must be one of the app's languages (en, hi, bn, te, mr, ta, gu, kn, ml, pa, "
                    + "or, as, ur)");
            return null;
        }
        return l;
    }

    private static List<String> audience(List<String> audience, Violations violations) {
        if (audience.isEmpty() || audience.size() > AUDIENCES.size()
                || !audience.stream().allMatch(a -> a != null && AUDIENCES.contains(a))) {
            violations.add("targetAudience", "must list one or more of policyholders, agents, senior_citizens");
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(audience));
    }

    private static String difficulty(String difficulty, Violations violations) {
        if (!DIFFICULTIES.contains(difficulty)) {
            violations.add("difficulty", "must be beginner, intermediate or advanced");
            return null;
        }
        return difficulty;
    }

    private static Integer duration(int seconds, Violations violations) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            violations.add("durationSeconds", "must be from 1 to " + MAX_SECONDS);
            return null;
        }
        return seconds;
    }

    private static String word(String value, String field, Violations violations) {
        if (value == null) {
            return null;
        }
        String w = value.strip().toLowerCase(Locale.ROOT);
        if (!WORD.matcher(w).matches()) {
            violations.add(field, "must be a short word (letters, digits, - and _, at most 30)");
            return null;
        }
        return w;
    }
}
