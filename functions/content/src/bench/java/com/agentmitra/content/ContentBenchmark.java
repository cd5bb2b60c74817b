package com.agentmitra.content;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * Issue 18's benchmark. Seeds the LIC tenant set-based: 10 agents, 5,000 approved and published items (a fifth Hindi,
 * two fifths English, the rest in five other languages; 20 categories; 3 tags each) and 500 pending ones; a customer
 * whose preferred language is Hindi; and {@code sessions} watch sessions (default 10 million) over the items in the
 * last 25 days, by 200,000 viewers. Then, warm and in-process, it times the service beside plain JDBC doing the same
 * work with the same row level security settings: {@code GET /content} (the customer's first page, Hindi first then
 * English; and the second page by cursor) and {@code POST /content/{id}/views} (reports of sessions, each new session
 * reported five times: one insert, four updates). Last it times the nightly roll-up over every session once.
 *
 * <p>Run: see functions/content/README.md, "Benchmark".
 */
public final class ContentBenchmark {

    private static final int ITEMS = 5_000;
    private static final int PENDING = 500;
    private static final int AGENTS = 10;
    private static final int VIEWERS = 200_000;

    private ContentBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long sessions = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        String s = lic.schema();

        long seeding = System.nanoTime();
        seed(db.owner(), s, sessions);
        System.out.printf("seeded %,d items (+%,d pending) and %,d watch sessions in %.1f s%n", ITEMS, PENDING,
                sessions, (System.nanoTime() - seeding) / 1e9);

        Caller customer = Caller.user(lic, uuid("ctc", 0), Role.POLICYHOLDER);
        ContentConfig config = new ContentConfig("unused", 200 * ContentConfig.MB, 20 * ContentConfig.MB,
                Duration.ofMinutes(10), "unused", "https://app.example.test");
        ContentStore noStore = new ContentStore(() -> {
            throw new IllegalStateException("the benchmark touches no bucket");
        }, () -> {
            throw new IllegalStateException("the benchmark touches no bucket");
        }, "unused");
        ContentService service = new ContentService(db.database(), new ContentRepository(), noStore, message -> {
            throw new IllegalStateException("the benchmark sends nothing");
        }, config, Clock.systemUTC());
        Floor floor = new Floor(db.app(), lic);

        ContentService.BrowseQuery firstPage = new ContentService.BrowseQuery(ContentRepository.Scope.LIBRARY,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), ContentService.DEFAULT_PAGE);
        String cursor = service.browse(customer, firstPage).nextCursor().orElseThrow();
        ContentService.BrowseQuery secondPage = new ContentService.BrowseQuery(ContentRepository.Scope.LIBRARY,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(cursor), ContentService.DEFAULT_PAGE);
        // the floor: the page's statement written by hand (the customer's language, newest first, from the library
        // index), as the application role with the same row level security settings
        String browseSql = "select c.* from " + s + ".video_content c where c.deleted_at is null"
                + " and c.language = (select preferred_language from " + s + ".policyholders where user_id = ?)"
                + " and c.status = 'published' and c.moderation_status = 'approved'"
                + " and 'policyholders' = any (c.target_audience)"
                + " order by c.created_at desc, c.video_id desc limit 21";

        UUID item = uuid("cti", 42);
        int[] counter = {0};
        UUID[] session = {UUID.randomUUID()};
        IntSupplier serviceView = () -> {
            if (counter[0]++ % 5 == 0) {
                session[0] = UUID.randomUUID();
            }
            service.recordView(customer, item, new Bodies.View(session[0], counter[0] % 600, false, "android", "app"));
            return 1;
        };
        int[] floorCounter = {0};
        UUID[] floorSession = {UUID.randomUUID()};
        IntSupplier floorView = () -> {
            if (floorCounter[0]++ % 5 == 0) {
                floorSession[0] = UUID.randomUUID();
            }
            return floor.view(customer, s, item, floorSession[0], floorCounter[0] % 600);
        };

        List<Result> results = new ArrayList<>();
        results.add(compare("GET /content (customer, first page)", warmup, iterations,
                () -> service.browse(customer, firstPage).items().size(),
                () -> floor.rows(customer, browseSql, customer.requireUserId())));
        results.add(compare("GET /content (customer, second page)", warmup, iterations,
                () -> service.browse(customer, secondPage).items().size(),
                () -> floor.rows(customer, browseSql, customer.requireUserId())));
        results.add(compare("POST /content/{id}/views", warmup, iterations, serviceView, floorView));

        System.out.println("\nEXPLAIN (ANALYZE, BUFFERS) of the customer's first page (row level security on):\n"
                + floor.explain(customer, browseSql, customer.requireUserId()));

        // the roll-up function's limits in template.yaml (DB_STATEMENT_TIMEOUT_SECONDS 600, idle 60), not an API's 25 s
        com.agentmitra.data.Database rollupDatabase = new com.agentmitra.data.Database(db.app(),
                new com.agentmitra.data.TransactionLimits(Duration.ofSeconds(600), Duration.ofSeconds(60)));
        ContentRollup rollup = new ContentRollup(rollupDatabase, () -> List.of(lic));
        long started = System.nanoTime();
        var outcome = rollup.runTenant(lic, LocalDate.now(ContentService.INDIA).minusDays(1));
        double rollupSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%nnightly roll-up over %,d sessions: %.1f s (%s)%n", sessions, rollupSeconds, outcome);

        System.out.println();
        System.out.printf("Content benchmark, %s, %,d warm iterations after %,d warm-up, %,d sessions%n",
                LocalDate.now(), iterations, warmup, sessions);
        System.out.println("| operation | service p50 ms | service p99 ms | JDBC floor p50 ms | JDBC floor p99 ms |"
                + " p99 ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f× |%n", result.name, result.p50, result.p99,
                    result.floorP50, result.floorP99, result.p99 / result.floorP99);
        }
        System.out.printf("| nightly roll-up, %,d sessions | %.1f s | | | | |%n", sessions, rollupSeconds);
        System.exit(0);
    }

    static UUID uuid(String prefix, int number) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5")
                    .digest((prefix + number).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(md5);
            return new UUID(buffer.getLong(), buffer.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(String name, double p50, double p99, double floorP50, double floorP99) {}

    private static Result compare(String name, int warmup, int iterations, IntSupplier service, IntSupplier jdbc) {
        for (int i = 0; i < warmup; i++) {
            service.getAsInt();
            jdbc.getAsInt();
        }
        long[] a = new long[iterations];
        long[] b = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            int rows = service.getAsInt();
            a[i] = System.nanoTime() - start;
            start = System.nanoTime();
            int floorRows = jdbc.getAsInt();
            b[i] = System.nanoTime() - start;
            if (rows == 0 || floorRows == 0) {
                throw new IllegalStateException(name + " answered nothing: the seed is wrong");
            }
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Result result = new Result(name, ms(a, 0.50), ms(a, 0.99), ms(b, 0.50), ms(b, 0.99));
        System.out.printf("%-40s service p50 %.2f ms p99 %.2f ms | JDBC p50 %.2f ms p99 %.2f ms%n", name, result.p50,
                result.p99, result.floorP50, result.floorP99);
        return result;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** The same work as plain SQL over JDBC, in one transaction with the same row level security settings. */
    private static final class Floor {
        private final DataSource app;
        private final Tenant tenant;

        Floor(DataSource app, Tenant tenant) {
            this.app = app;
            this.tenant = tenant;
        }

        int rows(Caller caller, String sql, Object... parameters) {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection, caller);
                    int rows = read(connection, sql, parameters);
                    connection.commit();
                    return rows;
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The view report: the item seen, the session locked, updated or inserted. */
        int view(Caller caller, String s, UUID item, UUID session, int seconds) {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection, caller);
                    read(connection, "select video_id, status, deleted_at from " + s
                            + ".video_content where video_id = ?", item);
                    read(connection, "select pg_advisory_xact_lock(hashtextextended(?, 18))", session.toString());
                    int updated;
                    try (PreparedStatement update = connection.prepareStatement("update " + s + ".video_analytics"
                            + " set watch_duration_seconds = greatest(watch_duration_seconds, ?), last_reported_at = now()"
                            + " where watch_session_id = ? and started_at >= now() - interval '1 day' and video_id = ?"
                            + " and user_id = ?")) {
                        update.setInt(1, seconds);
                        update.setObject(2, session);
                        update.setObject(3, item);
                        update.setObject(4, caller.requireUserId());
                        updated = update.executeUpdate();
                    }
                    if (updated == 0) {
                        try (PreparedStatement insert = connection.prepareStatement("insert into " + s
                                + ".video_analytics (video_id, user_id, watch_session_id, watch_duration_seconds,"
                                + " device, source) values (?, ?, ?, ?, 'android', 'app')")) {
                            insert.setObject(1, item);
                            insert.setObject(2, caller.requireUserId());
                            insert.setObject(3, session);
                            insert.setInt(4, seconds);
                            insert.executeUpdate();
                        }
                    }
                    connection.commit();
                    return 1;
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int read(Connection connection, String sql, Object... parameters) throws SQLException {
            int rows = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        for (int c = 1; c <= columns; c++) {
                            result.getObject(c);
                        }
                        rows++;
                    }
                }
            }
            return rows;
        }

        String explain(Caller caller, String sql, Object... parameters) throws SQLException {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                settings(connection, caller);
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement statement = connection.prepareStatement("explain (analyze, buffers) " + sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setObject(i + 1, parameters[i]);
                    }
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            plan.append(result.getString(1)).append('\n');
                        }
                    }
                }
                connection.rollback();
                return plan.toString();
            }
        }

        private void settings(Connection connection, Caller caller) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement(
                    "select set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true),"
                            + " set_config('app.user_role', ?, true)")) {
                set.setString(1, tenant.id().toString());
                set.setString(2, caller.requireUserId().toString());
                set.setString(3, caller.role().sqlName());
                set.executeQuery().close();
            }
        }
    }

    /**
     * Set-based, triggers off (replica) while seeding: agent {@code a} is {@code md5('cta' || a)}, item {@code i}
     * {@code md5('cti' || i)} of agent {@code i % 10}, the customer {@code md5('ctc0')} (a Hindi reader, of agent 0);
     * session {@code n} is of item {@code n % 5000} by viewer {@code n % 200000}, started in the last 25 days.
     */
    private static void seed(DataSource owner, String s, long sessions) throws SQLException {
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("set maintenance_work_mem = '256MB'");
            sql.execute("insert into " + s + ".users (user_id, username, email, phone_number, first_name, last_name, role)"
                    + " select md5('ctu' || a)::uuid, 'ctagent' || a, 'ctagent' || a || '@example.test',"
                    + " '+9183' || lpad(a::text, 8, '0'), 'Agent', 'No' || a, 'junior_agent'::shared.user_role_enum"
                    + " from generate_series(0, " + (AGENTS - 1) + ") a");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory)"
                    + " select md5('cta' || a)::uuid, md5('ctu' || a)::uuid, 'CT' || a, 'Content ' || a"
                    + " from generate_series(0, " + (AGENTS - 1) + ") a");
            sql.execute("insert into " + s + ".users (user_id, username, email, phone_number, first_name, last_name,"
                    + " role, language_preference) values (md5('ctc0')::uuid, 'ctcustomer', 'ctcustomer@example.test',"
                    + " '+918400000000', 'Cust', 'Omer', 'policyholder', 'hi')");
            sql.execute("insert into " + s + ".policyholders (agent_id, user_id, first_name, last_name, phone_number,"
                    + " preferred_language) values (md5('cta0')::uuid, md5('ctc0')::uuid, 'Cust', 'Omer',"
                    + " '+918400000001', 'hi')");
            sql.execute("insert into " + s + ".video_content (video_id, agent_id, created_by, title, description,"
                    + " source_type, youtube_video_id, video_url, category, tags, language, target_audience, status,"
                    + " moderation_status, featured, created_at)"
                    + " select md5('cti' || i)::uuid, md5('cta' || (i % " + AGENTS + "))::uuid,"
                    + " md5('ctu' || (i % " + AGENTS + "))::uuid, 'Explainer ' || i, 'About plan ' || (i % 50),"
                    + " 'youtube', 'dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',"
                    + " 'category-' || (i % 20), array['term', 'tag' || (i % 30), 'plan' || (i % 7)],"
                    + " (array['hi','en','en','ta','te','mr','bn','gu','en','hi'])[1 + i % 10],"
                    + " array['policyholders'],"
                    + " case when i < " + ITEMS + " then 'published' else 'processing' end,"
                    + " case when i < " + ITEMS + " then 'approved' else 'pending' end, i % 97 = 0,"
                    + " now() - make_interval(mins => i)"
                    + " from generate_series(0, " + (ITEMS + PENDING - 1) + ") i");
            sql.execute("insert into " + s + ".video_analytics (video_id, user_id, watch_session_id, started_at,"
                    + " last_reported_at, watch_duration_seconds, completed, device, source)"
                    + " select md5('cti' || (n % " + ITEMS + "))::uuid, md5('ctv' || (n % " + VIEWERS + "))::uuid,"
                    + " gen_random_uuid(), now() - make_interval(secs => (n % 2160000)),"
                    + " now() - make_interval(secs => (n % 2160000)), (n % 600)::int, n % 3 = 0, 'android',"
                    + " case when n % 10 = 0 then 'share' else 'app' end"
                    + " from generate_series(0::bigint, " + (sessions - 1) + "::bigint) n");
            sql.execute("set session_replication_role = origin");
            sql.execute("analyze " + s + ".users, " + s + ".agents, " + s + ".policyholders, " + s
                    + ".video_content, " + s + ".video_analytics");
        }
    }
}
