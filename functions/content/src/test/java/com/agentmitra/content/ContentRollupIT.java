package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.data.Tenant;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/** The nightly roll-up: item figures from sessions, ratings and shares; the agent's daily video views. */
class ContentRollupIT {

    private static final TestDatabase db = TestDatabase.get();
    private final ContentFixtures data = new ContentFixtures(db);

    private UUID item(DSLContext owner, Tenant lic, Fixtures.Agent agent) {
        return owner.fetchSingle("insert into " + lic.schema() + ".video_content (agent_id, created_by, title,"
                + " source_type, youtube_video_id, video_url, status, moderation_status) values (?, ?, 'Rolled',"
                + " 'youtube', 'dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'published',"
                + " 'approved') returning video_id", agent.agentId(), agent.userId()).get(0, UUID.class);
    }

    private void session(DSLContext owner, Tenant lic, UUID video, UUID user, OffsetDateTime at, int seconds,
            boolean completed, String source) {
        owner.execute("insert into " + lic.schema() + ".video_analytics (video_id, user_id, watch_session_id,"
                + " started_at, watch_duration_seconds, completed, source) values (?, ?, ?, ?::timestamptz, ?, ?, ?)", video, user,
                UUID.randomUUID(), at, seconds, completed, source);
    }

    @Test
    void itemFiguresAndTheAgentsDailyViewsAreRolledUpAndARerunChangesNothing() {
        Tenant lic = db.lic();
        DSLContext owner = data.owner(lic);
        Fixtures.Agent agent = data.fixtures.agent().territory("Rollup-" + UUID.randomUUID()).create();
        ContentFixtures.Person a = data.customer(agent, "hi", true);
        ContentFixtures.Person b = data.customer(agent, "en", true);
        UUID video = item(owner, lic, agent);
        LocalDate day = LocalDate.of(2026, 12, 5);
        OffsetDateTime morning = day.atTime(LocalTime.of(9, 0)).atZone(ContentService.INDIA).toOffsetDateTime();
        OffsetDateTime dayBefore = morning.minusDays(1);
        session(owner, lic, video, a.userId(), morning, 100, true, "share");
        session(owner, lic, video, a.userId(), morning.plusHours(1), 20, false, "app");
        session(owner, lic, video, b.userId(), morning.plusHours(2), 60, false, "app");
        session(owner, lic, video, b.userId(), dayBefore, 80, true, "app");
        owner.execute("insert into " + lic.schema() + ".video_ratings (video_id, user_id, rating) values (?, ?, 5),"
                + " (?, ?, 2)", video, a.userId(), video, b.userId());
        owner.execute("insert into " + lic.schema() + ".video_shares (video_id, agent_id, policyholder_id, shared_by,"
                + " status, idempotency_key) values (?, ?, ?, ?, 'queued', ?)", video, agent.agentId(),
                a.policyholderId(), agent.userId(), "k-" + UUID.randomUUID());

        ContentRollup rollup = new ContentRollup(db.database(), () -> List.of(lic));
        var first = rollup.runTenant(lic, day);
        assertThat((Integer) first.get("itemsUpdated")).isGreaterThanOrEqualTo(1);

        Record row = owner.fetchOne("select * from " + lic.schema() + ".video_content where video_id = ?", video);
        assertThat(row.get("view_count", Integer.class)).isEqualTo(4);
        assertThat(row.get("unique_viewers", Integer.class)).isEqualTo(2);
        assertThat(row.get("avg_watch_time", BigDecimal.class)).isEqualByComparingTo("65");
        assertThat(row.get("completion_rate", BigDecimal.class)).isEqualByComparingTo("50");
        assertThat(row.get("share_views", Integer.class)).isEqualTo(1);
        assertThat(row.get("share_count", Integer.class)).isEqualTo(1);
        assertThat(row.get("average_rating", BigDecimal.class)).isEqualByComparingTo("3.5");
        assertThat(row.get("total_ratings", Integer.class)).isEqualTo(2);

        Integer views = owner.fetchSingle("select video_content_views from " + lic.schema() + ".agent_performance"
                + " where agent_id = ? and metric_date = ? and metric_period = 'daily'", agent.agentId(), day)
                .get(0, Integer.class);
        assertThat(views).as("the three sessions of that IST day, not the day before's").isEqualTo(3);

        rollup.runTenant(lic, day);
        assertThat(owner.fetchSingle("select count(*) from " + lic.schema() + ".video_content where video_id = ?"
                + " and figures_updated_at = ?::timestamptz", video, row.get("figures_updated_at", OffsetDateTime.class))
                .get(0, Integer.class)).as("unchanged figures are not written again").isEqualTo(1);
    }
}
