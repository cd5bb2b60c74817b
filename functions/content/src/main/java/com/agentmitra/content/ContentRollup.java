package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.Record;
import org.jooq.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly roll-up of the content library, per tenant as {@code system}: the coming months' partitions of
 * {@code video_analytics}; every item's figures (views, unique viewers, average watch time, completion rate,
 * ratings, shares and the views shares led to) from all its watch sessions, ratings and shares, written only where
 * they changed; and each agent's {@code agent_performance.video_content_views} for the day (views, on that
 * Asia/Kolkata day, of the agent's own items). One tenant's failure is reported and the others still run.
 */
final class ContentRollup {

    private static final Logger log = LoggerFactory.getLogger(ContentRollup.class);

    /**
     * Every item's figures, read by a SELECT and written by {@link #WRITE_FIGURES}. Two-level aggregation: per item and viewer first (a hash aggregate), then per item; no
     * sort of every session for count(distinct).
     */
    static final String FIGURES = """
            with per_viewer as (
                select video_id, user_id, count(*) as sessions, sum(watch_duration_seconds) as seconds,
                       count(*) filter (where completed) as completed, count(*) filter (where source = 'share') as shared
                  from S.video_analytics group by video_id, user_id),
            watched as (
                select video_id, sum(sessions) as views, count(*) as viewers,
                       round(sum(seconds)::numeric / sum(sessions), 2) as watch,
                       round(100.0 * sum(completed) / sum(sessions), 2) as completion, sum(shared) as from_shares
                  from per_viewer group by video_id),
            rated as (
                select video_id, round(avg(rating), 2) as rating, count(*) as ratings
                  from S.video_ratings group by video_id),
            shared as (
                select video_id, count(*) as shares from S.video_shares where status = 'queued' group by video_id)
            select c.video_id, coalesce(w.views, 0)::int as views, coalesce(w.viewers, 0)::int as viewers,
                   w.watch, w.completion, coalesce(w.from_shares, 0)::int as from_shares, r.rating,
                   coalesce(r.ratings, 0)::int as ratings, coalesce(s.shares, 0)::int as shares
              from S.video_content c
              left join watched w on w.video_id = c.video_id
              left join rated r on r.video_id = c.video_id
              left join shared s on s.video_id = c.video_id""";

    /** The figures read by {@link #FIGURES}, written in one statement where they changed. */
    static final String WRITE_FIGURES = """
            update S.video_content c
               set view_count = f.views, unique_viewers = f.viewers, avg_watch_time = f.watch,
                   completion_rate = f.completion, share_views = f.from_shares, average_rating = f.rating,
                   total_ratings = f.ratings, share_count = f.shares, figures_updated_at = now()
              from unnest(?::uuid[], ?::int[], ?::int[], ?::numeric[], ?::numeric[], ?::int[], ?::numeric[], ?::int[],
                          ?::int[]) as f(video_id, views, viewers, watch, completion, from_shares, rating, ratings, shares)
             where f.video_id = c.video_id
               and (c.view_count, c.unique_viewers, c.avg_watch_time, c.completion_rate, c.share_views,
                    c.average_rating, c.total_ratings, c.share_count)
                   is distinct from (f.views, f.viewers, f.watch, f.completion, f.from_shares, f.rating, f.ratings,
                                     f.shares)""";

    /**
     * Planner settings for the {@link #FIGURES} transaction only. Under row level security the planner cannot cost the
     * session policy's subquery (it is never run for {@code system}), judges every plan over the sessions dear, and
     * chose to walk them in item order through the item index, one random heap read per session, then sort each
     * item's sessions: 52 s over 10 million sessions of the benchmark's shape, against 11.6 s for one sequential
     * scan into a hash aggregate of (item, viewer) pairs held in memory. The policy's subquery also calls a PL/pgSQL
     * function, which rules out parallel workers. So: no index or bitmap scan, no sort, and the memory to hash.
     */
    static final Map<String, String> FIGURES_SETTINGS = Map.of("work_mem", "256MB", "enable_indexscan", "off",
            "enable_bitmapscan", "off", "enable_sort", "off");

    static final String AGENT_DAY = """
            insert into S.agent_performance as ap (agent_id, metric_date, metric_period, video_content_views)
            select c.agent_id, ?::date, 'daily', count(*)
              from S.video_analytics a join S.video_content c on c.video_id = a.video_id
             where a.started_at >= ?::timestamptz and a.started_at < ?::timestamptz and c.agent_id is not null
             group by c.agent_id
            on conflict (agent_id, metric_date, metric_period)
               do update set video_content_views = excluded.video_content_views""";

    private final Database database;
    private final Supplier<List<Tenant>> tenants;

    ContentRollup(Database database, Supplier<List<Tenant>> tenants) {
        this.database = database;
        this.tenants = tenants;
    }

    Map<String, Object> run(LocalDate day) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Tenant tenant : tenants.get()) {
            try {
                results.put(tenant.code(), runTenant(tenant, day));
            } catch (RuntimeException e) {
                log.error("Content roll-up failed for a tenant: {}", tenant.code(), e);
                results.put(tenant.code(), Map.of("error", e.getClass().getSimpleName()));
            }
        }
        return results;
    }

    Map<String, Object> runTenant(Tenant tenant, LocalDate day) {
        Caller system = Caller.system(tenant);
        int partitions = database.inTransaction(system, tx -> tx.resultQuery(
                "select " + tenant.schema() + ".create_video_analytics_partitions(3)").fetchSingle(r -> r.get(0,
                Integer.class)));
        int items = database.inTransaction(system, tx -> {
            FIGURES_SETTINGS.forEach((name, value) ->
                    tx.resultQuery("select set_config(?, ?, true)", name, value).fetch());
            Result<Record> figures = tx.resultQuery(ContentRepository.sql(system, FIGURES)).fetch();
            int n = figures.size();
            Object[][] columns = new Object[9][];
            columns[0] = new UUID[n];
            columns[1] = new Integer[n];
            columns[2] = new Integer[n];
            columns[3] = new BigDecimal[n];
            columns[4] = new BigDecimal[n];
            columns[5] = new Integer[n];
            columns[6] = new BigDecimal[n];
            columns[7] = new Integer[n];
            columns[8] = new Integer[n];
            for (int i = 0; i < n; i++) {
                Record r = figures.get(i);
                columns[0][i] = r.get("video_id", UUID.class);
                columns[1][i] = r.get("views", Integer.class);
                columns[2][i] = r.get("viewers", Integer.class);
                columns[3][i] = r.get("watch", BigDecimal.class);
                columns[4][i] = r.get("completion", BigDecimal.class);
                columns[5][i] = r.get("from_shares", Integer.class);
                columns[6][i] = r.get("rating", BigDecimal.class);
                columns[7][i] = r.get("ratings", Integer.class);
                columns[8][i] = r.get("shares", Integer.class);
            }
            return n == 0 ? 0 : tx.execute(ContentRepository.sql(system, WRITE_FIGURES), (Object[]) columns);
        });
        int agents = database.inTransaction(system, tx -> tx.execute(ContentRepository.sql(system, AGENT_DAY),
                day, ContentRepository.at(day.atStartOfDay(ContentService.INDIA).toInstant()),
                ContentRepository.at(day.plusDays(1).atStartOfDay(ContentService.INDIA).toInstant())));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("day", day.toString());
        result.put("partitionsCreated", partitions);
        result.put("itemsUpdated", items);
        result.put("agentsUpdated", agents);
        return result;
    }
}
