package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Tenant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
     * Two-level aggregation: per item and viewer first (a hash aggregate, parallel), then per item; no sort of every
     * session for count(distinct).
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
                select video_id, count(*) as shares from S.video_shares where status = 'queued' group by video_id),
            figures as (
                select c.video_id, coalesce(w.views, 0)::int as views, coalesce(w.viewers, 0)::int as viewers,
                       w.watch, w.completion, coalesce(w.from_shares, 0)::int as from_shares, r.rating,
                       coalesce(r.ratings, 0)::int as ratings, coalesce(s.shares, 0)::int as shares
                  from S.video_content c
                  left join watched w on w.video_id = c.video_id
                  left join rated r on r.video_id = c.video_id
                  left join shared s on s.video_id = c.video_id)
            update S.video_content c
               set view_count = f.views, unique_viewers = f.viewers, avg_watch_time = f.watch,
                   completion_rate = f.completion, share_views = f.from_shares, average_rating = f.rating,
                   total_ratings = f.ratings, share_count = f.shares, figures_updated_at = now()
              from figures f
             where f.video_id = c.video_id
               and (c.view_count, c.unique_viewers, c.avg_watch_time, c.completion_rate, c.share_views,
                    c.average_rating, c.total_ratings, c.share_count)
                   is distinct from (f.views, f.viewers, f.watch, f.completion, f.from_shares, f.rating, f.ratings,
                                     f.shares)""";

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
        int items = database.inTransaction(system, tx -> tx.execute(ContentRepository.sql(system, FIGURES)));
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
