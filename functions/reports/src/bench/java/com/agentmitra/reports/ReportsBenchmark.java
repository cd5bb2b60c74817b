package com.agentmitra.reports;

import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.local.InProcessFunction;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Issue 17's benchmarks, on the embedded PostgreSQL and the in-process S3 and SQS, in one JVM whose heap is the
 * pom's {@code bench.heap} (256 MB):
 * <ol>
 *   <li>a {@code policy_register} of 100,000 policies written by the report writer (claim, cursor, streaming xlsx,
 *       multipart upload, ready), timed, with the heap's peak use while it runs;</li>
 *   <li>{@code GET /teams/me/performance} through the real handler for a regional manager over 1,000 agents with a
 *       year of daily rows (365,000), rolled up as the nightly job does: the default 30 days, and the whole
 *       year;</li>
 *   <li>{@code POST /events} with 100 events, warm.</li>
 * </ol>
 * Run: see functions/reports/README.md, "Benchmark".
 */
public final class ReportsBenchmark {

    private static final int POLICIES = 100_000;
    private static final int AGENTS = 1_000;
    private static final int DAYS = 365;

    private ReportsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // which parts to run: all (default), or a comma list of register, team, events
        List<String> parts = List.of((args.length > 2 ? args[2] : "register,team,events").split(","));
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        Fixtures fixtures = new Fixtures(db);
        System.out.printf("heap max %d MB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));

        // 1. policy_register of 100,000 policies
        if (parts.contains("register")) {
            register(db, lic, fixtures);
        }
        InProcessFunction api = ReportsStack.start("ReportsApiFunction", "reportsApi");
        if (parts.contains("team")) {
            team(db, lic, fixtures, api, iterations, warmup);
        }
        if (parts.contains("events")) {
            events(db, lic, fixtures, api, iterations, warmup);
        }
        System.exit(0);
    }

    private static void register(TestDatabase db, Tenant lic, Fixtures fixtures) throws Exception {
        Fixtures.Agent bookAgent = fixtures.agent().named("Bench").territory("Bench-book-" + UUID.randomUUID()).create();
        long seeding = System.nanoTime();
        seedBook(db.owner(), lic.schema(), bookAgent.agentId());
        System.out.printf("seeded %,d policies in %.1f s%n", POLICIES, (System.nanoTime() - seeding) / 1e9);
        ReportsStack.queue();
        ReportsConfig config = new ReportsConfig(ReportsStack.BUCKET, "", Duration.ofDays(7), Duration.ofMinutes(5));
        ReportWriter writer = new ReportWriter(db.database(), ReportsStack.aws.s3(), config, Clock.systemUTC());
        for (String format : List.of("xlsx", "csv")) {
            UUID report = db.ownerDsl(lic).fetchSingle("insert into " + lic.schema() + ".portal_reports (report_type,"
                    + " report_name, file_format, generated_by, generated_by_role, generated_by_agent) values"
                    + " ('policy_register', 'bench', ?, ?, 'junior_agent', ?) returning report_id", format,
                    bookAgent.userId(), bookAgent.agentId()).get(0, UUID.class);
            System.gc();
            resetPeaks();
            long started = System.nanoTime();
            ReportWriter.Outcome outcome = writer.write(lic, report);
            double seconds = (System.nanoTime() - started) / 1e9;
            var row = db.ownerDsl(lic).fetchSingle("select status, row_count, file_size from " + lic.schema()
                    + ".portal_reports where report_id = ?", report);
            System.out.printf("policy_register %s: %s, %s rows, %,d bytes in %.2f s; heap peak %d MB (of %d MB)%n",
                    format, outcome, row.get("row_count"), row.get("file_size", Long.class), seconds,
                    peakHeapMb(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    /** 2. team performance: a manager over 1,000 agents with a year of daily rows. */
    private static void team(TestDatabase db, Tenant lic, Fixtures fixtures, InProcessFunction api, int iterations,
            int warmup) throws Exception {
        String territory = "Bench-team-" + UUID.randomUUID();
        Fixtures.Agent manager = fixtures.agent().regionalManager().territory(territory).create();
        long seeding = System.nanoTime();
        seedTeam(db.owner(), lic.schema(), territory);
        System.out.printf("seeded %,d agents with %,d daily rows in %.1f s%n", AGENTS, AGENTS * DAYS,
                (System.nanoTime() - seeding) / 1e9);
        hold(db, lic, manager);
        LocalDate yesterday = LocalDate.now(Period.INDIA).minusDays(1);
        time("GET /teams/me/performance (30 days, 1,001 agents, page of 200)", iterations, warmup, () ->
                ApiCall.get("/teams/me/performance").as(manager.claims()).send(api));
        time("GET /teams/me/performance (365 days, 1,001 agents, page of 200)", iterations / 5, warmup / 5, () ->
                ApiCall.get("/teams/me/performance").as(manager.claims()).query("from", yesterday.minusDays(364))
                        .query("to", yesterday).send(api));
        // where the time goes: the service without the HTTP layer, and its statement alone through jOOQ
        Performance performance = new Performance(db.database());
        Period days = new Period(yesterday.minusDays(29), yesterday, Period.Grouping.DAY);
        time("  Performance.team (30 days), no HTTP layer", iterations, warmup, () -> {
            performance.team(manager.caller(), days, java.util.Optional.empty(), 200);
            return new ApiCall.Answer(200, null, "", "");
        });
        time("  its statement alone, fetched as the manager (30 days)", iterations, warmup, () -> {
            db.database().inTransaction(manager.caller(), tx -> performance.teamRows(tx, lic.schema(), days, java.util.Optional.empty(), 201));
            return new ApiCall.Answer(200, null, "", "");
        });
    }

    /**
     * With {@code BENCH_HOLD_SECONDS} set, waits that long after seeding so the statements can be studied with psql
     * (EXPLAIN ANALYZE as the manager); prints how to connect and whom to be.
     */
    private static void hold(TestDatabase db, Tenant lic, Fixtures.Agent caller) throws InterruptedException {
        String seconds = System.getenv("BENCH_HOLD_SECONDS");
        if (seconds == null || seconds.isBlank()) {
            return;
        }
        System.out.printf("holding %s s: %s (postgres/postgres), schema %s, tenant %s, user %s%n", seconds,
                db.jdbcUrl(), lic.schema(), lic.id(), caller.userId());
        System.out.flush();
        Thread.sleep(Long.parseLong(seconds) * 1000);
    }

    /** 3. POST /events, 100 events, warm. */
    private static void events(TestDatabase db, Tenant lic, Fixtures fixtures, InProcessFunction api,
            int iterations, int warmup) throws Exception {
        Fixtures.Agent app = fixtures.agent().named("App").create();
        List<Map<String, Object>> events = new ArrayList<>();
        String now = java.time.OffsetDateTime.now().toString();
        for (int i = 0; i < 100; i++) {
            events.add(Map.of("type", i % 10 == 0 ? "feature_use" : "screen_view", "name", "screen_" + (i % 17),
                    "clientTime", now, "appVersion", "2.4.1",
                    "properties", Map.of("tab", "policies", "position", i, "offline", false)));
        }
        Map<String, Object> body = Map.of("events", events);
        time("POST /events (100 events)", iterations, warmup, () ->
                ApiCall.send("POST", "/events", body).as(app.claims()).send(api));

        // where the time goes: the same batch refused by its last event (parsing and every check, no SQL) ...
        List<Map<String, Object>> refused = new ArrayList<>(events);
        refused.set(99, Map.of("type", "screen_view", "name", "screen_1", "clientTime", now,
                "properties", Map.of("email", "x")));
        Map<String, Object> refusedBody = Map.of("events", refused);
        timeStatus("POST /events (100 events, the last refused: parse and checks only)", iterations, warmup, 400,
                () -> ApiCall.send("POST", "/events", refusedBody).as(app.claims()).send(api));
        // ... and the plain-SQL floor: the route's statement through JDBC as the application role, in a transaction
        // with the same three set_config calls, then without row level security (the owner) and into a copy of
        // the table without the GIN index on the properties
        String[] types = new String[100];
        String[] names = new String[100];
        String[] properties = new String[100];
        String[] devices = new String[100];
        java.sql.Timestamp[] times = new java.sql.Timestamp[100];
        for (int i = 0; i < 100; i++) {
            types[i] = i % 10 == 0 ? "feature_use" : "screen_view";
            names[i] = "screen_" + (i % 17);
            properties[i] = "{\"tab\":\"policies\",\"position\":" + i + ",\"offline\":false}";
            devices[i] = "{\"appVersion\":\"2.4.1\"}";
            times[i] = java.sql.Timestamp.from(java.time.Instant.now());
        }
        String insert = " (user_id, event_type, event_label, event_properties, device_info, occurred_at)"
                + " SELECT ?, t, n, p::jsonb, d::jsonb, o FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::timestamptz[]) AS e(t, n, p, d, o)";
        try (Connection owner = db.owner().getConnection(); Statement st = owner.createStatement()) {
            st.execute("CREATE TABLE " + lic.schema() + ".bench_events_no_gin (LIKE " + lic.schema()
                    + ".user_events INCLUDING DEFAULTS)");
            st.execute("CREATE INDEX ON " + lic.schema() + ".bench_events_no_gin (user_id, occurred_at DESC)");
            st.execute("CREATE INDEX ON " + lic.schema() + ".bench_events_no_gin (event_type, occurred_at DESC)");
            st.execute("CREATE INDEX ON " + lic.schema() + ".bench_events_no_gin (occurred_at, event_id)");
        }
        record Floor(String what, DataSource source, String table, boolean scoped) {}
        for (Floor floor : List.of(
                new Floor("JDBC floor: set_config + the INSERT, application role", db.app(), "user_events", true),
                new Floor("JDBC: the INSERT alone, owner (no RLS, no set_config)", db.owner(), "user_events", false),
                new Floor("JDBC: the INSERT alone, owner, a plain table without the GIN index", db.owner(),
                        "bench_events_no_gin", false))) {
            try (Connection c = floor.source().getConnection()) {
                c.setAutoCommit(false);
                java.sql.PreparedStatement scope = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true),"
                        + " set_config('app.user_id', ?, true), set_config('app.user_role', ?, true)");
                java.sql.PreparedStatement write = c.prepareStatement("INSERT INTO " + lic.schema() + "."
                        + floor.table() + insert);
                Call call = () -> {
                    try {
                        if (floor.scoped()) {
                            scope.setString(1, lic.id().toString());
                            scope.setString(2, app.userId().toString());
                            scope.setString(3, "junior_agent");
                            scope.executeQuery().close();
                        }
                        write.setObject(1, app.userId());
                        write.setArray(2, c.createArrayOf("text", types));
                        write.setArray(3, c.createArrayOf("text", names));
                        write.setArray(4, c.createArrayOf("text", properties));
                        write.setArray(5, c.createArrayOf("text", devices));
                        write.setArray(6, c.createArrayOf("timestamptz", times));
                        write.executeUpdate();
                        c.commit();
                        return new ApiCall.Answer(202, null, "", "");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                };
                time(floor.what(), iterations, warmup, call);
            }
        }
    }

    private interface Call {
        ApiCall.Answer send();
    }

    private static void time(String what, int iterations, int warmup, Call call) {
        for (int i = 0; i < warmup; i++) {
            check(call.send());
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            ApiCall.Answer answer = call.send();
            nanos[i] = System.nanoTime() - started;
            check(answer);
        }
        Arrays.sort(nanos);
        System.out.printf("%s: %d calls, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, iterations,
                nanos[iterations / 2] / 1e6, nanos[(int) Math.ceil(iterations * 0.99) - 1] / 1e6,
                nanos[iterations - 1] / 1e6);
    }

    private static void timeStatus(String what, int iterations, int warmup, int status, Call call) {
        time(what, iterations, warmup, () -> {
            ApiCall.Answer answer = call.send();
            if (answer.status() != status) {
                throw new IllegalStateException("answered " + answer.status() + ": " + answer.text());
            }
            return new ApiCall.Answer(200, null, "", "");
        });
    }

    private static void check(ApiCall.Answer answer) {
        if (answer.status() >= 300) {
            throw new IllegalStateException("answered " + answer.status() + ": " + answer.text());
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static void seedBook(DataSource owner, String s, UUID agent) throws Exception {
        try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT set_config('app.user_role', 'system', false)");
            st.execute("INSERT INTO " + s + ".policyholders (agent_id, first_name, last_name, phone_number, email,"
                    + " date_of_birth, gender, address, preferred_language)"
                    + " SELECT '" + agent + "', 'Customer', 'Number ' || i, '+9196' || lpad(i::text, 8, '0'),"
                    + " 'c' || i || '@example.test', date '1970-01-01' + (i % 15000), 'female',"
                    + " jsonb_build_object('line1', i || ' MG Road', 'city', 'Pune', 'state', 'Maharashtra',"
                    + " 'pincode', '411001'), 'en' FROM generate_series(1, " + POLICIES + ") i");
            st.execute("INSERT INTO " + s + ".insurance_policies (policy_number, policyholder_id, agent_id, policy_type,"
                    + " plan_name, plan_code, sum_assured, premium_amount, premium_frequency, application_date, start_date,"
                    + " maturity_date, next_payment_date, status)"
                    + " SELECT 'BENCH' || lpad(row_number() OVER ()::text, 9, '0'), policyholder_id, agent_id, 'endowment',"
                    + " 'Jeevan Anand', '915', 500000.00, 12345.67, 'annual', date '2020-01-01', date '2020-01-15',"
                    + " date '2040-01-15', date '2027-01-15', 'active'"
                    + " FROM " + s + ".policyholders WHERE agent_id = '" + agent + "'");
            st.execute("ANALYZE " + s + ".policyholders");
            st.execute("ANALYZE " + s + ".insurance_policies");
        }
    }

    private static void seedTeam(DataSource owner, String s, String territory) throws Exception {
        try (Connection c = owner.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT set_config('app.user_role', 'system', false)");
            st.execute("INSERT INTO " + s + ".agents (agent_code, territory) SELECT 'TEAM' || lpad(i::text, 5, '0') || '"
                    + UUID.randomUUID().toString().substring(0, 8) + "', '" + territory + "'"
                    + " FROM generate_series(1, " + AGENTS + ") i");
            st.execute("INSERT INTO " + s + ".agent_performance (agent_id, metric_date, metric_period, policies_sold,"
                    + " premium_collected, premium_under_management, new_policyholders, active_policyholders,"
                    + " callbacks_handled, customer_satisfaction, whatsapp_messages, renewals_due, renewals_collected,"
                    + " whatsapp_sent, whatsapp_delivered, whatsapp_read, callbacks_assigned, callbacks_resolved,"
                    + " callbacks_resolved_in_time)"
                    + " SELECT a.agent_id, current_date - d, 'daily', d % 3, 1234.50 * (d % 4), 500000.00 + d, d % 2,"
                    + " 200 + d % 7, d % 5, 4.20, d % 9, d % 3, d % 2, d % 9, d % 8, d % 6,"
                    + " CASE WHEN d % 3 = 0 THEN 3 ELSE 0 END, CASE WHEN d % 3 = 0 THEN 2 ELSE 0 END,"
                    + " CASE WHEN d % 3 = 0 THEN 1 ELSE 0 END"
                    + " FROM " + s + ".agents a CROSS JOIN generate_series(1, " + DAYS + ") d"
                    + " WHERE a.territory = '" + territory + "'");
            st.execute("INSERT INTO " + s + ".agent_callback_performance (agent_id, date, total_assigned, total_resolved,"
                    + " sla_compliance_percentage) SELECT a.agent_id, current_date - d, 3, 2, 50.00"
                    + " FROM " + s + ".agents a CROSS JOIN generate_series(1, " + DAYS + ") d"
                    + " WHERE a.territory = '" + territory + "' AND d % 3 = 0");
            // what the nightly job does after each day (tenant V191): the months rolled up, timed (first build)
            long rolling = System.nanoTime();
            st.execute("SELECT " + s + ".rollup_agent_performance_month(m::date) FROM generate_series("
                    + "date_trunc('month', current_date - " + DAYS + "), date_trunc('month', current_date - 1),"
                    + " interval '1 month') m");
            System.out.printf("rolled up 13 months of 1,001 agents in %.1f s%n", (System.nanoTime() - rolling) / 1e9);
            long again = System.nanoTime();
            st.execute("SELECT " + s + ".rollup_agent_performance_month(current_date - 2)");
            System.out.printf("one month rolled up again, nothing changed (a nightly run): %.2f s%n",
                    (System.nanoTime() - again) / 1e9);
            st.execute("ANALYZE " + s + ".agents");
            st.execute("ANALYZE " + s + ".agent_performance");
            st.execute("ANALYZE " + s + ".agent_callback_performance");
        }
    }
}
