package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The content library's SQL, in the caller's tenant schema and as the caller: row level security beneath every
 * statement decides which items, sessions, ratings and shares a caller reaches. {@code S.} in a statement is the
 * tenant schema.
 */
class ContentRepository {

    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]*");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    static final String COLUMNS = """
            c.video_id, c.title, c.description, c.source_type, c.content_kind, c.youtube_video_id, c.video_url,
            c.storage_key, c.mime_type, c.file_size_bytes, c.declared_size_bytes, c.duration_seconds, c.category,
            to_json(c.tags)::text as tags_json, c.language, c.difficulty_level,
            to_json(c.target_audience)::text as audience_json, c.featured, c.status, c.status_reason,
            c.moderation_status, c.moderation_reason, c.moderated_at, c.agent_id, c.view_count, c.unique_viewers,
            c.avg_watch_time, c.completion_rate, c.average_rating, c.total_ratings, c.share_count, c.share_views,
            c.figures_updated_at, c.created_at, c.updated_at, c.deleted_at""";

    static String sql(Caller caller, String statement) {
        String schema = caller.tenant().schema();
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalStateException("not a tenant schema name");
        }
        return statement.replace("S.", schema + ".");
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Record row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    // ---------------------------------------------------------------- items

    /** An item row with what only the service needs (the storage key). */
    record Row(Views.Item item, String storageKey) {}

    static Row row(Record r) {
        String source = r.get("source_type", String.class);
        String youtube = r.get("youtube_video_id", String.class);
        Views.Figures figures = new Views.Figures(r.get("view_count", Integer.class),
                r.get("unique_viewers", Integer.class), r.get("avg_watch_time", BigDecimal.class),
                r.get("completion_rate", BigDecimal.class), r.get("average_rating", BigDecimal.class),
                r.get("total_ratings", Integer.class), r.get("share_count", Integer.class),
                r.get("share_views", Integer.class), instant(r, "figures_updated_at"));
        Long size = r.get("file_size_bytes", Long.class);
        Views.Item item = new Views.Item(r.get("video_id", UUID.class), r.get("title", String.class),
                r.get("description", String.class), source, r.get("content_kind", String.class), youtube,
                youtube == null ? null : new YoutubeVideo(youtube).embedUrl(), r.get("mime_type", String.class),
                size != null ? size : r.get("declared_size_bytes", Long.class), r.get("duration_seconds", Integer.class),
                r.get("category", String.class), strings(r.get("tags_json", String.class)),
                r.get("language", String.class), r.get("difficulty_level", String.class),
                strings(r.get("audience_json", String.class)), Boolean.TRUE.equals(r.get("featured", Boolean.class)),
                r.get("status", String.class), r.get("status_reason", String.class),
                r.get("moderation_status", String.class), r.get("moderation_reason", String.class),
                instant(r, "moderated_at"), r.get("agent_id", UUID.class), figures, instant(r, "created_at"),
                instant(r, "updated_at"), instant(r, "deleted_at"), null, null);
        return new Row(item, r.get("storage_key", String.class));
    }

    private static List<String> strings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The item if the caller may see it (deleted ones only for tenant-wide roles and their owners). */
    Optional<Row> find(DSLContext tx, Caller caller, UUID id, boolean lock) {
        return tx.resultQuery(sql(caller, "select " + COLUMNS + " from S.video_content c where c.video_id = ?"
                + (lock ? " for update" : "")), id).fetchOptional(ContentRepository::row);
    }

    /** Whether the item belongs to the caller's scope (their own, their team's; any item for tenant-wide roles). */
    boolean inScope(DSLContext tx, Caller caller, UUID id) {
        return tx.resultQuery(sql(caller, """
                select shared.has_tenant_wide_access()
                       or exists (select 1 from S.video_content c where c.video_id = ?
                                     and c.agent_id in (select S.visible_agent_ids())) as ok"""), id)
                .fetchSingle(r -> Boolean.TRUE.equals(r.get("ok", Boolean.class)));
    }

    record NewRow(UUID id, UUID agentId, UUID createdBy, String title, String description, String sourceType,
            String kind, String youtubeId, String videoUrl, String storageKey, String mimeType, Long declaredSize,
            Integer durationSeconds, String category, List<String> tags, String language, String difficulty,
            List<String> audience, String status) {}

    Row insert(DSLContext tx, Caller caller, NewRow n) {
        return tx.resultQuery(sql(caller, """
                with inserted as (
                    insert into S.video_content as c (video_id, agent_id, created_by, title, description, source_type,
                           content_kind, youtube_video_id, video_url, storage_key, mime_type, declared_size_bytes,
                           duration_seconds, category, tags, language, difficulty_level, target_audience, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            array(select jsonb_array_elements_text(?::jsonb)), ?, ?,
                            array(select jsonb_array_elements_text(?::jsonb)), ?)
                    returning *)
                """ + " select " + COLUMNS + " from inserted c"),
                n.id(), n.agentId(), n.createdBy(), n.title(), n.description(), n.sourceType(), n.kind(),
                n.youtubeId(), n.videoUrl(), n.storageKey(), n.mimeType(), n.declaredSize(), n.durationSeconds(),
                n.category(), Json.write(n.tags()), n.language(), n.difficulty(), Json.write(n.audience()), n.status())
                .fetchSingle(ContentRepository::row);
    }

    /** The changed description; any change by a non-moderator puts the item back to pending moderation. */
    record Changes(String title, String description, String category, List<String> tags, String language,
            String difficulty, List<String> audience, String youtubeId, String videoUrl, Integer durationSeconds,
            Boolean featured, boolean backToPending) {}

    Row update(DSLContext tx, Caller caller, UUID id, Changes c) {
        List<Object> binds = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        set(sets, binds, "title", c.title());
        set(sets, binds, "description", c.description());
        set(sets, binds, "category", c.category());
        if (c.tags() != null) {
            sets.add("tags = array(select jsonb_array_elements_text(?::jsonb))");
            binds.add(Json.write(c.tags()));
        }
        set(sets, binds, "language", c.language());
        set(sets, binds, "difficulty_level", c.difficulty());
        if (c.audience() != null) {
            sets.add("target_audience = array(select jsonb_array_elements_text(?::jsonb))");
            binds.add(Json.write(c.audience()));
        }
        set(sets, binds, "youtube_video_id", c.youtubeId());
        set(sets, binds, "video_url", c.videoUrl());
        set(sets, binds, "duration_seconds", c.durationSeconds());
        set(sets, binds, "featured", c.featured());
        if (c.backToPending()) {
            sets.add("moderation_status = 'pending', moderation_reason = null, moderated_at = null, "
                    + "moderated_by = null");
        }
        if (sets.isEmpty()) {
            sets.add("updated_at = now()");
        }
        binds.add(id);
        return tx.resultQuery(sql(caller, "with changed as (update S.video_content set " + String.join(", ", sets)
                + " where video_id = ? returning *) select " + COLUMNS + " from changed c"), binds.toArray())
                .fetchSingle(ContentRepository::row);
    }

    private static void set(List<String> sets, List<Object> binds, String column, Object value) {
        if (value != null) {
            sets.add(column + " = ?");
            binds.add(value);
        }
    }

    void softDelete(DSLContext tx, Caller caller, UUID id, Instant now) {
        tx.execute(sql(caller, "update S.video_content set deleted_at = ?::timestamptz, featured = false"
                + " where video_id = ? and deleted_at is null"), at(now), id);
    }

    Row moderate(DSLContext tx, Caller caller, UUID id, boolean approve, String reason, Instant now) {
        return tx.resultQuery(sql(caller, """
                with changed as (
                    update S.video_content set moderation_status = ?, moderation_reason = ?,
                           moderated_at = ?::timestamptz, moderated_by = ?,
                           featured = case when ? then featured else false end
                     where video_id = ? returning *)
                select""" + " " + COLUMNS + " from changed c"), approve ? "approved" : "rejected", reason, at(now),
                caller.requireUserId(), approve, id).fetchSingle(ContentRepository::row);
    }

    // ---------------------------------------------------------------- browse

    enum Scope { LIBRARY, MINE, PENDING }

    record Browse(Scope scope, String preferredLanguage, Optional<String> language, Optional<String> category,
            Optional<String> audience, Optional<String> q, Optional<Boolean> featured, Optional<Key> after,
            int limit) {}

    /** The keyset position of a page's last item. */
    record Key(int rank, Instant createdAt, UUID id) {}

    record Ranked(Row row, int rank) {}

    /**
     * The page as up to three index-ordered branches, one per rank (the caller's language, English, the rest), read
     * one after the other, each newest first and limited to what the page still needs: a page the caller's own
     * language fills is one short index read (row level security then checks just those rows), instead of ranking
     * every item of the tenant. A cursor skips the branches before its rank and continues inside its own.
     */
    List<Ranked> browse(DSLContext tx, Caller caller, Browse b) {
        List<Branch> branches = new ArrayList<>();
        if (b.language().isPresent()) {
            branches.add(new Branch(0, "c.language = ?", List.of(b.language().get())));
        } else {
            String preferred = b.preferredLanguage();
            branches.add(new Branch(0, "c.language = ?", List.of(preferred)));
            if (!preferred.equals("en")) {
                branches.add(new Branch(1, "c.language = 'en'", List.of()));
            }
            branches.add(new Branch(2, "c.language <> ? and c.language <> 'en'", List.of(preferred)));
        }
        List<Ranked> page = new ArrayList<>();
        for (Branch branch : branches) {
            int wanted = b.limit() - page.size();
            if (wanted <= 0) {
                break;
            }
            if (b.after().isPresent() && b.after().get().rank() > branch.rank()) {
                continue;
            }
            List<Object> binds = new ArrayList<>();
            String statement = branchStatement(binds, caller, b, branch, wanted);
            page.addAll(tx.resultQuery(sql(caller, statement), binds.toArray())
                    .fetch(r -> new Ranked(row(r), branch.rank())));
        }
        return page;
    }

    /** One rank of the page: the items of some languages, and that rank's place in the order. */
    private record Branch(int rank, String language, List<Object> languageBinds) {}

    private static String branchStatement(List<Object> binds, Caller caller, Browse b, Branch branch, int limit) {
        Optional<Key> after = b.after();
        StringBuilder where = new StringBuilder(" where c.deleted_at is null and ").append(branch.language());
        binds.addAll(branch.languageBinds());
        switch (b.scope()) {
            case LIBRARY -> {
                where.append(" and c.status = 'published' and c.moderation_status = 'approved'");
                if (caller.role() == com.agentmitra.data.Role.POLICYHOLDER) {
                    where.append(" and 'policyholders' = any (c.target_audience)");
                }
            }
            case MINE -> {
                if (caller.agentId().isPresent()) {
                    where.append(" and c.agent_id = ?");
                    binds.add(caller.agentId().get());
                } else {
                    where.append(" and c.created_by = ?");
                    binds.add(caller.requireUserId());
                }
            }
            case PENDING -> where.append(" and c.moderation_status = 'pending'");
        }
        b.category().ifPresent(category -> {
            where.append(" and c.category = ?");
            binds.add(category);
        });
        b.audience().ifPresent(audience -> {
            where.append(" and ? = any (c.target_audience)");
            binds.add(audience);
        });
        b.featured().ifPresent(featured -> {
            where.append(" and c.featured = ?");
            binds.add(featured);
        });
        b.q().ifPresent(q -> {
            String like = "%" + likeLiteral(q.toLowerCase(Locale.ROOT)) + "%";
            where.append(" and (lower(c.title) like ? escape '!' or lower(coalesce(c.description, '')) like ? escape '!'"
                    + " or ? = any (c.tags) or lower(coalesce(c.category, '')) = ?)");
            binds.add(like);
            binds.add(like);
            binds.add(q.toLowerCase(Locale.ROOT));
            binds.add(q.toLowerCase(Locale.ROOT));
        });
        if (after.isPresent() && after.get().rank() == branch.rank()) {
            where.append(" and (c.created_at, c.video_id) < (?::timestamptz, ?::uuid)");
            binds.add(at(after.get().createdAt()));
            binds.add(after.get().id());
        }
        binds.add(limit);
        return "select " + COLUMNS + " from S.video_content c" + where
                + " order by c.created_at desc, c.video_id desc limit ?";
    }

    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** The caller's language: a customer's preferred language, anyone else's account language; English if unknown. */
    String preferredLanguage(DSLContext tx, Caller caller) {
        if (caller.role() == com.agentmitra.data.Role.POLICYHOLDER) {
            return tx.resultQuery(sql(caller, "select preferred_language from S.policyholders where user_id = ?"),
                    caller.requireUserId()).fetchOptional(r -> r.get(0, String.class)).orElse("en");
        }
        return tx.resultQuery(sql(caller, "select language_preference from S.users where user_id = ?"),
                caller.requireUserId()).fetchOptional(r -> r.get(0, String.class)).orElse("en");
    }

    // ---------------------------------------------------------------- watching and rating

    record Session(int watchedSeconds, boolean completed, boolean created) {}

    /**
     * One report of a watch session: the session's row (the caller's, of this item, started within
     * {@code since}) is updated, or created. A transaction advisory lock on the session id makes two first reports
     * of one session one row. Watched seconds never go back; once completed, a session stays completed.
     */
    Session recordView(DSLContext tx, Caller caller, UUID videoId, Bodies.View v, Instant now, Instant since) {
        tx.resultQuery("select pg_advisory_xact_lock(hashtextextended(?, 18))", v.sessionId().toString()).fetch();
        Optional<Session> updated = tx.resultQuery(sql(caller, """
                update S.video_analytics
                   set watch_duration_seconds = greatest(watch_duration_seconds, ?),
                       completed = completed or ?,
                       last_reported_at = ?::timestamptz,
                       ended_at = case when ? and ended_at is null then ?::timestamptz else ended_at end,
                       device = coalesce(?, device)
                 where watch_session_id = ? and started_at >= ?::timestamptz and video_id = ? and user_id = ?
                returning watch_duration_seconds, completed"""),
                v.watchedSeconds(), v.completed(), at(now), v.completed(), at(now), v.device(), v.sessionId(),
                at(since), videoId, caller.requireUserId())
                .fetchOptional(r -> new Session(r.get(0, Integer.class), r.get(1, Boolean.class), false));
        if (updated.isPresent()) {
            return updated.get();
        }
        tx.execute(sql(caller, """
                insert into S.video_analytics (video_id, user_id, watch_session_id, started_at, last_reported_at,
                       ended_at, watch_duration_seconds, completed, device, source)
                values (?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?)"""),
                videoId, caller.requireUserId(), v.sessionId(), at(now), at(now), v.completed() ? at(now) : null,
                v.watchedSeconds(), v.completed(), v.device(), v.source());
        return new Session(v.watchedSeconds(), v.completed(), true);
    }

    boolean rate(DSLContext tx, Caller caller, UUID videoId, int rating) {
        return tx.resultQuery(sql(caller, """
                insert into S.video_ratings as r (video_id, user_id, rating) values (?, ?, ?)
                on conflict (video_id, user_id) do update set rating = excluded.rating
                returning (xmax = 0) as created"""), videoId, caller.requireUserId(), rating)
                .fetchSingle(r -> Boolean.TRUE.equals(r.get(0, Boolean.class)));
    }

    Optional<Integer> myRating(DSLContext tx, Caller caller, UUID videoId) {
        return tx.resultQuery(sql(caller, "select rating from S.video_ratings where video_id = ? and user_id = ?"),
                videoId, caller.requireUserId()).fetchOptional(r -> r.get(0, Integer.class));
    }

    // ---------------------------------------------------------------- sharing

    record Customer(UUID policyholderId, UUID agentId, String phone, String preferredLanguage, boolean marketingOptIn,
            Instant erasedAt) {}

    Optional<Customer> customer(DSLContext tx, Caller caller, UUID policyholderId) {
        return tx.resultQuery(sql(caller, """
                select policyholder_id, agent_id, phone_number, preferred_language, whatsapp_marketing_opt_in,
                       erased_at
                  from S.policyholders where policyholder_id = ?"""), policyholderId)
                .fetchOptional(r -> new Customer(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        r.get(3, String.class), Boolean.TRUE.equals(r.get(4, Boolean.class)), instant(r, "erased_at")));
    }

    /** The share row; empty when this customer already got this item today (the same key). */
    Optional<UUID> insertShare(DSLContext tx, Caller caller, UUID videoId, Customer customer, String status,
            String reason, String key, Instant now) {
        return tx.resultQuery(sql(caller, """
                insert into S.video_shares (video_id, agent_id, policyholder_id, shared_by, status, skip_reason,
                       idempotency_key, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::timestamptz)
                on conflict (idempotency_key) do nothing
                returning share_id"""), videoId, customer.agentId(), customer.policyholderId(),
                caller.requireUserId(), status, reason, key, at(now)).fetchOptional(r -> r.get(0, UUID.class));
    }

    Optional<String> approvedTemplateLanguage(DSLContext tx, String name, String language) {
        return tx.resultQuery("""
                select language from shared.whatsapp_templates
                 where template_name = ? and approval_status = 'approved' and language in (?, 'en')
                 order by (language = ?) desc limit 1""", name, language, language)
                .fetchOptional(r -> r.get(0, String.class));
    }

    String displayName(DSLContext tx, Caller caller) {
        return tx.resultQuery(sql(caller, """
                select trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) from S.users
                 where user_id = ?"""), caller.requireUserId()).fetchOptional(r -> r.get(0, String.class))
                .filter(name -> !name.isBlank()).orElse("Your agent");
    }

    // ---------------------------------------------------------------- analytics

    /**
     * Figures of the items the caller may analyse ({@code one} item, or all of the caller's scope), over
     * {@code [from, to)}: sessions, unique viewers, average watched seconds, completion rate, shares queued and
     * skipped, sessions that came from a share, and ratings. Grouped per item; at most {@code limit} items by views.
     */
    List<Views.Analytics> analytics(DSLContext tx, Caller caller, Optional<UUID> one, Instant from, Instant to,
            java.time.LocalDate fromDay, java.time.LocalDate toDay, int limit) {
        List<Object> binds = new ArrayList<>();
        StringBuilder items = new StringBuilder("select c.video_id, c.title from S.video_content c where true");
        if (!Access.moderates(caller) && caller.role() != com.agentmitra.data.Role.SYSTEM) {
            items.append(" and c.agent_id in (select S.visible_agent_ids())");
        }
        one.ifPresent(id -> {
            items.append(" and c.video_id = ?");
            binds.add(id);
        });
        binds.add(at(from));
        binds.add(at(to));
        binds.add(at(from));
        binds.add(at(to));
        binds.add(limit);
        String statement = "with items as (" + items + """
                ),
                watched as (
                    select a.video_id, count(*) as views, count(distinct a.user_id) as viewers,
                           avg(a.watch_duration_seconds) as watch, avg(case when a.completed then 100.0 else 0 end) as completion,
                           count(*) filter (where a.source = 'share') as from_shares
                      from S.video_analytics a join items i on i.video_id = a.video_id
                     where a.started_at >= ?::timestamptz and a.started_at < ?::timestamptz
                     group by a.video_id),
                shared as (
                    select s.video_id, count(*) filter (where s.status = 'queued') as queued,
                           count(*) filter (where s.status = 'skipped') as skipped
                      from S.video_shares s join items i on i.video_id = s.video_id
                     where s.created_at >= ?::timestamptz and s.created_at < ?::timestamptz
                     group by s.video_id),
                rated as (
                    select r.video_id, avg(r.rating) as rating, count(*) as ratings
                      from S.video_ratings r join items i on i.video_id = r.video_id
                     group by r.video_id)
                select i.video_id, i.title, coalesce(w.views, 0) as views, coalesce(w.viewers, 0) as viewers,
                       round(w.watch, 2) as watch, round(w.completion, 2) as completion,
                       coalesce(s.queued, 0) as queued, coalesce(s.skipped, 0) as skipped,
                       coalesce(w.from_shares, 0) as from_shares, round(r.rating, 2) as rating,
                       coalesce(r.ratings, 0) as ratings
                  from items i
                  left join watched w on w.video_id = i.video_id
                  left join shared s on s.video_id = i.video_id
                  left join rated r on r.video_id = i.video_id
                 order by coalesce(w.views, 0) desc, i.video_id
                 limit ?""";
        return tx.resultQuery(sql(caller, statement), binds.toArray()).fetch(r -> new Views.Analytics(
                r.get("video_id", UUID.class), r.get("title", String.class), fromDay, toDay,
                r.get("views", Long.class), r.get("viewers", Long.class), r.get("watch", BigDecimal.class),
                r.get("completion", BigDecimal.class), r.get("queued", Long.class), r.get("skipped", Long.class),
                r.get("from_shares", Long.class), r.get("rating", BigDecimal.class), r.get("ratings", Long.class)));
    }

    /** Distinct viewers of all the items the caller may analyse, over {@code [from, to)}. */
    long uniqueViewers(DSLContext tx, Caller caller, Instant from, Instant to) {
        String scope = Access.moderates(caller) ? "" : " and c.agent_id in (select S.visible_agent_ids())";
        return tx.resultQuery(sql(caller, """
                select count(distinct a.user_id) from S.video_analytics a
                  join S.video_content c on c.video_id = a.video_id
                 where a.started_at >= ?::timestamptz and a.started_at < ?::timestamptz""" + scope),
                at(from), at(to)).fetchSingle(r -> r.get(0, Long.class));
    }
}
