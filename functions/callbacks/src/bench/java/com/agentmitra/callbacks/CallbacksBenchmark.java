package com.agentmitra.callbacks;

import com.agentmitra.domain.callbacks.CallbackNotifications;
import com.agentmitra.domain.callbacks.CallbackRepository;
import com.agentmitra.domain.callbacks.CallbackService;
import com.agentmitra.domain.callbacks.CallbackSweeper;
import com.agentmitra.domain.callbacks.CallbackViews;
import com.agentmitra.domain.callbacks.NewCallback;
import com.agentmitra.domain.callbacks.PriorityScore;
import com.agentmitra.domain.callbacks.SlaDeadline;
import com.agentmitra.domain.callbacks.WeeklyAvailability;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Page;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * Issue 6's benchmark. Seeds one tenant set-based with 2,000 agents (200 seniors over 9 juniors each) with callback
 * capacity and weekly hours, 50,000 policyholders (2,000 with an app login), 100,000 open callbacks (assigned,
 * in progress, overdue, waiting) and 100,000 closed ones, with the counters computed from the rows. Then, warm and
 * in-process, it times the service beside plain JDBC doing the same work with the same row level security settings:
 * a policyholder's create with auto-assignment, and an agent's "mine" queue (first page). Last it times the sweeper
 * over the 100,000 open callbacks: a catch-up run (the seed's overdue callbacks meet the escalation rules for the
 * first time) and a steady run five minutes later. Prints the plan of the "mine" query and fails on a sequential scan.
 *
 * <p>Run: see functions/callbacks/README.md, "Benchmark".
 */
public final class CallbacksBenchmark {

    private static final int AGENTS = 2_000;
    private static final int SENIORS = 200;
    private static final int HOLDERS = 50_000;
    private static final int LOGINS = 2_000;
    private static final int OPEN = 100_000;
    private static final int CLOSED = 100_000;
    /** Wednesday 12:00 IST: inside every seeded agent's hours. All seeded times are relative to it. */
    private static final Instant NOW = Instant.parse("2026-11-25T06:30:00Z");
    private static final String BENCH_DESCRIPTION = "Benchmark create: please call me about my premium";

    private CallbacksBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        String s = lic.schema();

        long seeding = System.nanoTime();
        seed(db.owner(), s);
        System.out.printf("seeded %,d agents, %,d policyholders, %,d open and %,d closed callbacks in %.1f s%n",
                AGENTS, HOLDERS, OPEN, CLOSED, (System.nanoTime() - seeding) / 1e9);
        System.out.println("open callbacks by status: " + scalar(db.owner(), "select string_agg(status || ' ' || n, ', ')"
                + " from (select status, count(*) n from " + s + ".callback_requests where status not in"
                + " ('completed', 'cancelled') group by status order by status) x"));

        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CountingNotifications notices = new CountingNotifications();
        CallbackRepository repository = new CallbackRepository();
        CallbackService service = new CallbackService(db.database(), repository, notices, clock);
        Floor floor = new Floor(db.app(), lic);

        // ------------------------------------------------------------ the "mine" queue
        Caller agent = agentCaller(db.owner(), lic, 1_234);
        UUID agentId = agent.agentId().orElseThrow();
        String mineSql = "select * from " + s + ".callback_requests where agent_id = ?"
                + " order by priority_score desc, due_at asc, callback_request_id asc limit 26";
        CallbackService.ListQuery mine = new CallbackService.ListQuery(CallbackService.View.MINE, Optional.empty(),
                Optional.empty(), Optional.empty(), CallbackService.DEFAULT_PAGE);
        List<Result> results = new ArrayList<>();
        results.add(compare("\"mine\" queue, first page (agent)", warmup, iterations, () -> {
            Page<CallbackViews.Callback> page = service.list(agent, mine);
            return page.items().size();
        }, () -> floor.rows(agent, mineSql, agentId)));

        // ------------------------------------------------------------ create with auto-assignment
        List<Caller> customers = policyholderCallers(db.owner(), lic);
        long openBefore = count(db.owner(), s, "status not in ('completed', 'cancelled')");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger assignedByService = new AtomicInteger();
        AtomicInteger assignedByFloor = new AtomicInteger();
        String[] types = {"policy_issue", "payment_problem", "claim_assistance", "general_inquiry", "feedback"};
        results.add(compare("create with auto-assignment (policyholder)", warmup, iterations, () -> {
            int i = next.getAndIncrement();
            Caller customer = customers.get(i % customers.size());
            CallbackService.Creation created = service.create(customer, new NewCallback(null, null,
                    types[i % types.length], BENCH_DESCRIPTION, "medium", null, null, null, null, null));
            if (created instanceof CallbackService.Created c && c.assignedTo().isPresent()) {
                assignedByService.incrementAndGet();
            }
            return 1;
        }, () -> {
            int i = next.get();
            Caller customer = customers.get((i + customers.size() / 2) % customers.size());
            if (floor.create(customer, types[i % types.length])) {
                assignedByFloor.incrementAndGet();
            }
            return 1;
        }));
        int creates = warmup + iterations;
        System.out.printf("creates: service assigned %,d of %,d, floor assigned %,d of %,d; open callbacks went from"
                + " %,d to %,d during the run%n", assignedByService.get(), creates, assignedByFloor.get(), creates,
                openBefore, count(db.owner(), s, "status not in ('completed', 'cancelled')"));
        checkCounters(db.owner(), s);
        removeBenchmarkCreates(db.owner(), s);
        System.out.printf("benchmark creates removed, counters recomputed: %,d open callbacks again%n",
                count(db.owner(), s, "status not in ('completed', 'cancelled')"));

        // ------------------------------------------------------------ plan of the "mine" query
        String plan = floor.explain(agent, mineSql, agentId);
        System.out.println("\nEXPLAIN (ANALYZE, BUFFERS) of the \"mine\" query (as the agent, row level security on):\n"
                + plan);

        // ------------------------------------------------------------ the sweeper
        List<String> sweeps = new ArrayList<>();
        for (Duration later : List.of(Duration.ofMinutes(5), Duration.ofMinutes(10))) {
            Clock at = Clock.fixed(NOW.plus(later), ZoneOffset.UTC);
            CallbackSweeper sweeper = new CallbackSweeper(db.database(), db.tenants(), repository,
                    new CallbackService(db.database(), repository, notices, at), notices, at);
            long auditBefore = auditRows(db.owner());
            long started = System.nanoTime();
            CallbackSweeper.Report report = sweeper.sweep(lic);
            double seconds = (System.nanoTime() - started) / 1e9;
            long audit = auditRows(db.owner()) - auditBefore;
            String line = String.format("sweep at now+%d min over %,d open callbacks: %.2f s; %s; %,d audit rows",
                    later.toMinutes(), count(db.owner(), s, "status not in ('completed', 'cancelled')"), seconds,
                    report, audit);
            System.out.println(line);
            sweeps.add(line);
            checkCounters(db.owner(), s);
        }

        System.out.println();
        System.out.printf("Callbacks benchmark, %s, %,d warm iterations after %,d warm-up%n", LocalDate.now(), iterations,
                warmup);
        System.out.println("| operation | service p50 ms | service p99 ms | JDBC floor p50 ms | JDBC floor p99 ms |"
                + " p99 ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f× |%n", result.name, result.p50, result.p99,
                    result.floorP50, result.floorP99, result.p99 / result.floorP99);
        }
        sweeps.forEach(System.out::println);
        if (plan.contains("Seq Scan on callback_requests")) {
            System.out.println("FAIL: the \"mine\" query scans callback_requests sequentially");
            System.exit(1);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- timing

    private record Result(String name, double p50, double p99, double floorP50, double floorP99) {}

    private static Result compare(String name, int warmup, int iterations, IntSupplier service, IntSupplier jdbc) {
        for (int i = 0; i < warmup; i++) {
            service.getAsInt();
            jdbc.getAsInt();
        }
        long[] a = new long[iterations];
        long[] b = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            // interleaved, so both see the same machine load
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
        System.out.printf("%-44s service p50 %.2f ms p99 %.2f ms | JDBC p50 %.2f ms p99 %.2f ms%n", name, result.p50,
                result.p99, result.floorP50, result.floorP99);
        return result;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- the floor

    /**
     * The same work as plain SQL over JDBC, in one transaction with the same row level security settings: the floor
     * the service is held against. Every column of every row is read, as jOOQ maps them.
     */
    private static final class Floor {
        private final DataSource app;
        private final Tenant tenant;
        private final String s;

        Floor(DataSource app, Tenant tenant) {
            this.app = app;
            this.tenant = tenant;
            this.s = tenant.schema();
        }

        int rows(Caller caller, String sql, Object... parameters) {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection, caller);
                    int rows = 0;
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        bind(statement, parameters);
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

        /**
         * A policyholder's create, minimal: the customer's record; the callback row; one unit of the best free
         * agent's capacity (the service's choice and conditional update, skip-locked); the assignment; the
         * 'created' and 'assigned' activities and the two SLA targets as one multi-row insert each. Answers whether
         * an agent was found.
         */
        boolean create(Caller caller, String requestType) {
            LocalDate today = LocalDate.ofInstant(NOW, WeeklyAvailability.BUSINESS_ZONE);
            var local = NOW.atZone(WeeklyAvailability.BUSINESS_ZONE);
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection, caller);
                    UUID customerId;
                    String name;
                    String phone;
                    String email;
                    UUID ownAgent;
                    String value;
                    try (PreparedStatement customer = connection.prepareStatement("select policyholder_id, full_name,"
                            + " phone_number, email, agent_id, customer_value, whatsapp_utility_opt_in from " + s
                            + ".policyholders where user_id = ?")) {
                        customer.setObject(1, caller.requireUserId());
                        try (ResultSet row = customer.executeQuery()) {
                            row.next();
                            customerId = row.getObject(1, UUID.class);
                            name = row.getString(2);
                            phone = row.getString(3);
                            email = row.getString(4);
                            ownAgent = row.getObject(5, UUID.class);
                            value = row.getString(6);
                            row.getBoolean(7);
                        }
                    }
                    PriorityScore score = PriorityScore.of(requestType, "medium", value, 0);
                    SlaDeadline sla = SlaDeadline.after(score.category(), NOW);
                    UUID id;
                    try (PreparedStatement insert = connection.prepareStatement("insert into " + s
                            + ".callback_requests (customer_id, request_type, description, priority, priority_score,"
                            + " status, customer_name, customer_phone, customer_email, sla_hours, created_at, due_at,"
                            + " source, urgency_level, customer_value, created_by, last_updated_by, last_updated_at)"
                            + " values (?, ?, ?, ?::shared.callback_priority, ?, 'pending', ?, ?, ?, ?, ?, ?, 'mobile',"
                            + " 'medium', ?, ?, ?, ?) returning callback_request_id")) {
                        bind(insert, customerId, requestType, BENCH_DESCRIPTION, score.category().getLiteral(),
                                score.value(), name, phone, email, sla.hours(), ts(NOW), ts(sla.dueAt()), value,
                                caller.requireUserId(), caller.requireUserId(), ts(NOW));
                        try (ResultSet row = insert.executeQuery()) {
                            row.next();
                            id = row.getObject(1, UUID.class);
                        }
                    }
                    UUID agent = null;
                    String underLimits = "current_active_callbacks < max_concurrent_callbacks and (assigned_on is"
                            + " distinct from ? or assigned_today < max_daily_callbacks) and max_daily_callbacks > 0";
                    try (PreparedStatement take = connection.prepareStatement("update " + s
                            + ".agent_callback_capacity set current_active_callbacks = current_active_callbacks + 1,"
                            + " assigned_today = case when assigned_on = ? then assigned_today else 0 end + 1,"
                            + " assigned_on = ?, last_assigned_at = ?, last_updated_at = ?"
                            + " where agent_id = (select agent_id from " + s + ".agent_callback_capacity where "
                            + underLimits + " and is_available and (availability_schedule = '{}'::jsonb or exists ("
                            + " select 1 from jsonb_array_elements(coalesce(availability_schedule -> ?, '[]'::jsonb)) w"
                            + " where ?::time >= (w ->> 'from')::time and ?::time < (w ->> 'to')::time))"
                            + " order by case when agent_id = ? then 0 else 1 end,"
                            + " case when ? = any(specialties) then 0 else 1 end, current_active_callbacks,"
                            + " case when assigned_on = ? then assigned_today else 0 end, last_assigned_at nulls first,"
                            + " agent_id limit 1 for update skip locked) and " + underLimits
                            + " returning agent_id")) {
                        String time = local.toLocalTime().withNano(0).toString();
                        bind(take, today, today, ts(NOW), ts(NOW), today, WeeklyAvailability.dayKey(local.getDayOfWeek()),
                                time, time, ownAgent, requestType, today, today);
                        try (ResultSet row = take.executeQuery()) {
                            if (row.next()) {
                                agent = row.getObject(1, UUID.class);
                            }
                        }
                    }
                    if (agent != null) {
                        try (PreparedStatement assign = connection.prepareStatement("update " + s
                                + ".callback_requests set agent_id = ?, status = 'assigned', assigned_at = ?,"
                                + " assignment_count = assignment_count + 1 where callback_request_id = ?"
                                + " returning assignment_count")) {
                            bind(assign, agent, ts(NOW), id);
                            assign.executeQuery().close();
                        }
                    }
                    try (PreparedStatement activities = connection.prepareStatement("insert into " + s
                            + ".callback_activities (callback_request_id, agent_id, activity_type, description, metadata,"
                            + " created_at) values (?, null, 'created', 'Callback requested (mobile)',"
                            + " '{\"source\":\"mobile\"}'::jsonb, ?)"
                            + (agent == null ? "" : ", (?, ?, 'assigned', 'Assigned automatically',"
                                    + " '{\"automatic\":true}'::jsonb, ?)"))) {
                        if (agent == null) {
                            bind(activities, id, ts(NOW));
                        } else {
                            bind(activities, id, ts(NOW), id, agent, ts(NOW));
                        }
                        activities.executeUpdate();
                    }
                    try (PreparedStatement targets = connection.prepareStatement("insert into " + s
                            + ".callback_sla_tracking (callback_request_id, sla_type, target_time, created_at)"
                            + " values (?, 'first_response', ?, ?), (?, 'resolution', ?, ?)")) {
                        bind(targets, id, ts(sla.firstResponseTarget()), ts(NOW), id, ts(sla.resolutionTarget()),
                                ts(NOW));
                        targets.executeUpdate();
                    }
                    connection.commit();
                    return agent != null;
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        String explain(Caller caller, String sql, Object... parameters) throws SQLException {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                settings(connection, caller);
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement statement = connection.prepareStatement("explain (analyze, buffers) " + sql)) {
                    bind(statement, parameters);
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

    private static java.time.OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    /** Notices counted, not queued: the benchmark times the database work (SQS is another service's latency). */
    private static final class CountingNotifications implements CallbackNotifications {
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void assigned(Assigned notice) {
            sent.incrementAndGet();
        }

        @Override
        public void resolved(Resolved notice) {
            sent.incrementAndGet();
        }

        @Override
        public void escalated(Escalated notice) {
            sent.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- seed

    /**
     * Set-based (no per-row round trips), triggers off while seeding (audit, due date), statistics fresh afterwards.
     * Agent {@code i} is {@code md5('ca' || i)}; customer {@code k} is {@code md5('cp' || k)}, of agent
     * {@code 1 + k % 2000}; callback {@code g} is customer {@code 1 + g % 50000}'s, so every agent holds 50 open
     * and 50 closed callbacks.
     */
    private static void seed(DataSource owner, String s) throws SQLException {
        String now = "timestamptz '" + NOW + "'";
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("set maintenance_work_mem = '256MB'");
            sql.execute("insert into " + s + ".users (user_id, username, email, phone_number, first_name, last_name, role)"
                    + " select md5('cu' || i)::uuid, 'cbagent' || i, 'cbagent' || i || '@example.test',"
                    + " '+9191' || lpad(i::text, 8, '0'), 'Agent', 'No' || i,"
                    + " (case when i <= " + SENIORS + " then 'senior_agent' else 'junior_agent' end)::shared.user_role_enum"
                    + " from generate_series(1, " + AGENTS + ") i");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory, parent_agent_id)"
                    + " select md5('ca' || i)::uuid, md5('cu' || i)::uuid, 'CB' || i, 'Territory ' || (i % 20),"
                    + " case when i > " + SENIORS + " then md5('ca' || (((i - " + (SENIORS + 1) + ") / 9) + 1))::uuid end"
                    + " from generate_series(1, " + AGENTS + ") i");
            // weekly hours (IST): three in four agents work Mon-Sat 09:00-19:00, the others have no hours (always)
            String hours = "'{\"mon\":[{\"from\":\"09:00\",\"to\":\"19:00\"}],\"tue\":[{\"from\":\"09:00\",\"to\":\"19:00\"}],"
                    + "\"wed\":[{\"from\":\"09:00\",\"to\":\"19:00\"}],\"thu\":[{\"from\":\"09:00\",\"to\":\"19:00\"}],"
                    + "\"fri\":[{\"from\":\"09:00\",\"to\":\"19:00\"}],\"sat\":[{\"from\":\"09:00\",\"to\":\"13:00\"}]}'";
            sql.execute("insert into " + s + ".agent_callback_capacity (agent_id, max_concurrent_callbacks,"
                    + " max_daily_callbacks, specialties, availability_schedule, is_available)"
                    + " select md5('ca' || i)::uuid, 50 + (i % 3) * 10, 100,"
                    + " case i % 4 when 0 then array['policy_issue','claim_assistance']"
                    + " when 1 then array['payment_problem','general_inquiry'] when 2 then array['claim_assistance','feedback']"
                    + " else array['general_inquiry','policy_issue'] end,"
                    + " case when i % 4 = 0 then '{}'::jsonb else " + hours + "::jsonb end, i % 20 <> 0"
                    + " from generate_series(1, " + AGENTS + ") i");
            sql.execute("insert into " + s + ".users (user_id, username, phone_number, first_name, last_name, role)"
                    + " select md5('cpu' || k)::uuid, 'cbholder' || k, '+9192' || lpad(k::text, 8, '0'), 'Asha',"
                    + " 'Holder' || k, 'policyholder'::shared.user_role_enum from generate_series(1, " + LOGINS + ") k");
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, user_id, first_name, last_name,"
                    + " phone_number, customer_id, customer_value, whatsapp_utility_opt_in, created_at)"
                    + " select md5('cp' || k)::uuid, md5('ca' || (1 + k % " + AGENTS + "))::uuid,"
                    + " case when k <= " + LOGINS + " then md5('cpu' || k)::uuid end,"
                    + " (array['Asha','Ravi','Meera','Sanjay','Priya','Arjun','Kavita','Vikram','Sunita','Rahul'])[1 + k % 10],"
                    + " (array['Kulkarni','Sharma','Patil','Iyer','Reddy','Nair','Joshi','Deshmukh','Singh','Gupta'])[1 + (k / 10) % 10],"
                    + " '+9193' || lpad(k::text, 8, '0'), 'CBC' || k,"
                    + " (array['bronze','bronze','bronze','bronze','bronze','silver','silver','silver','gold','platinum'])[1 + k % 10],"
                    + " k % 3 <> 0, " + now + " - (k || ' minutes')::interval from generate_series(1, " + HOLDERS + ") k");
            // callbacks: open ones are up to 1.08 SLA periods old (about 7% past due: overdue, or being worked on);
            // closed ones 2 to 60 days old. Scores are current at NOW; due times come from the priority at creation.
            sql.execute("insert into " + s + ".callback_requests (callback_request_id, customer_id, agent_id, request_type,"
                    + " description, priority, priority_score, status, customer_name, customer_phone, sla_hours,"
                    + " created_at, assigned_at, due_at, started_at, completed_at, source, urgency_level, customer_value,"
                    + " assignment_count, resolution, resolution_category, last_updated_at)"
                    + " with base as ("
                    + "   select g, p.policyholder_id, p.agent_id as own_agent, p.full_name, p.phone_number, p.customer_value,"
                    + "     (array['policy_issue','payment_problem','claim_assistance','general_inquiry','feedback','suggestion'])[1 + g % 6] as request_type,"
                    + "     (array['critical','high','high','medium','medium','medium','medium','low','low','low'])[1 + (g / 6) % 10] as urgency,"
                    + "     g > " + OPEN + " as closed, g % 20 as bucket"
                    + "   from generate_series(1, " + (OPEN + CLOSED) + ") g"
                    + "   join " + s + ".policyholders p on p.policyholder_id = md5('cp' || (1 + g % " + HOLDERS + "))::uuid),"
                    + " priced as ("
                    + "   select b.*, " + s + ".get_callback_priority_category(" + s + ".calculate_callback_priority_score("
                    + "     b.policyholder_id, b.request_type, b.urgency, b.customer_value, 0)) as first_priority from base b),"
                    + " timed as ("
                    + "   select pr.*, case first_priority when 'high' then 2 when 'medium' then 8 else 24 end as sla,"
                    + "     case when closed then " + now + " - interval '2 days' - ((g * 7919) % 5000) * interval '10 minutes'"
                    + "     else " + now + " - (case first_priority when 'high' then 2 when 'medium' then 8 else 24 end)"
                    + "       * ((g * 7919) % 1000) * 1.08 / 1000 * interval '1 hour' end as created"
                    + "   from priced pr),"
                    + " stated as ("
                    + "   select t.*, t.created + t.sla * interval '1 hour' as due,"
                    + "     case when closed then (case when bucket = 0 then 'cancelled' else 'completed' end)"
                    + "       when bucket between 2 and 7 then 'in_progress'"
                    + "       when t.created + t.sla * interval '1 hour' < " + now + " then 'overdue'"
                    + "       when bucket < 2 then 'pending' else 'assigned' end::shared.callback_status as status,"
                    + "     case when closed and bucket = 0 then null when bucket < 2 and not closed then null"
                    + "       else t.own_agent end as agent"
                    + "   from timed t),"
                    + " scored as ("
                    + "   select st.*, " + s + ".calculate_callback_priority_score(st.policyholder_id, st.request_type,"
                    + "     st.urgency, st.customer_value, case when closed then 0 else floor(extract(epoch from (" + now
                    + "     - st.created)) / 3600)::integer end) as score from stated st)"
                    + " select md5('cb' || g)::uuid, policyholder_id, agent, request_type, 'Please call me back (' || g || ')',"
                    + "   least(first_priority, " + s + ".get_callback_priority_category(score)), score, status, full_name,"
                    + "   phone_number, sla, created, case when agent is not null then created + interval '5 minutes' end,"
                    + "   due, case when status = 'in_progress' or status = 'completed' then created + interval '20 minutes' end,"
                    + "   case when closed then created + interval '90 minutes' end,"
                    + "   (array['mobile','whatsapp','portal','mobile'])[1 + g % 4], urgency, customer_value,"
                    + "   case when agent is not null then 1 else 0 end,"
                    + "   case when status = 'completed' then 'Explained the premium due date' end,"
                    + "   case when status = 'completed' then 'resolved' when status = 'cancelled' then 'cancelled' end,"
                    + "   created from scored");
            sql.execute("insert into " + s + ".callback_activities (callback_request_id, agent_id, activity_type, description,"
                    + " metadata, created_at)"
                    + " select callback_request_id, null, 'created', 'Callback requested (' || source || ')',"
                    + "   jsonb_build_object('source', source), created_at from " + s + ".callback_requests"
                    + " union all select callback_request_id, agent_id, 'assigned', 'Assigned automatically',"
                    + "   '{\"automatic\": true}'::jsonb, assigned_at from " + s + ".callback_requests where agent_id is not null"
                    + " union all select callback_request_id, agent_id, 'overdue', 'Past its due time without progress',"
                    + "   '{}'::jsonb, due_at from " + s + ".callback_requests where status = 'overdue'"
                    + " union all select callback_request_id, agent_id, 'completed', resolution,"
                    + "   '{\"resolutionCategory\": \"resolved\"}'::jsonb, completed_at from " + s + ".callback_requests"
                    + "   where status = 'completed'");
            sql.execute("insert into " + s + ".callback_sla_tracking (callback_request_id, sla_type, target_time,"
                    + " actual_time, created_at)"
                    + " select callback_request_id, 'first_response', due_at, started_at, created_at from " + s
                    + ".callback_requests union all select callback_request_id, 'resolution', created_at + 2 * sla_hours"
                    + " * interval '1 hour', completed_at, created_at from " + s + ".callback_requests");
            // escalation rules as a tenant would set them
            sql.execute("insert into " + s + ".callback_escalation_rules (rule_name, priority, trigger_condition,"
                    + " escalation_action, escalation_target) values"
                    + " ('High priority 30 min late: tell the manager', 'high',"
                    + "  '{\"overdueByMinutes\": 30, \"statuses\": [\"overdue\"]}', 'notify_manager', '{}'),"
                    + " ('Any callback 1 h late: raise priority', null,"
                    + "  '{\"overdueByMinutes\": 60, \"statuses\": [\"overdue\"]}', 'increase_priority', '{}'),"
                    + " ('Any callback 2 h late: reassign', null,"
                    + "  '{\"overdueByMinutes\": 120, \"statuses\": [\"overdue\"]}', 'reassign', '{}')");
            sql.execute("set session_replication_role = origin");
            recomputeCounters(sql, s);
            sql.execute("vacuum analyze " + s + ".users, " + s + ".agents, " + s + ".agent_callback_capacity, " + s
                    + ".policyholders, " + s + ".callback_requests, " + s + ".callback_activities, " + s
                    + ".callback_sla_tracking");
        }
    }

    /** current_active_callbacks = the agent's assigned, in-progress and overdue callbacks; today's count from the rows. */
    private static void recomputeCounters(Statement sql, String s) throws SQLException {
        LocalDate today = LocalDate.ofInstant(NOW, WeeklyAvailability.BUSINESS_ZONE);
        Instant dayStart = today.atStartOfDay(WeeklyAvailability.BUSINESS_ZONE).toInstant();
        sql.execute("update " + s + ".agent_callback_capacity k set current_active_callbacks = coalesce(c.active, 0),"
                + " assigned_today = coalesce(c.today, 0), assigned_on = date '" + today + "', last_assigned_at = c.last"
                + " from (select a.agent_id, x.active, x.today, x.last from " + s + ".agents a left join ("
                + "   select agent_id, count(*) filter (where status in ('assigned', 'in_progress', 'overdue')) active,"
                + "     count(*) filter (where assigned_at >= timestamptz '" + dayStart + "') today,"
                + "     max(assigned_at) last from " + s + ".callback_requests where agent_id is not null group by agent_id"
                + " ) x on x.agent_id = a.agent_id) c where c.agent_id = k.agent_id");
    }

    /** Deletes the benchmark's creates (owner, triggers off) and recomputes the counters, so the sweep sees the seed. */
    private static void removeBenchmarkCreates(DataSource owner, String s) throws SQLException {
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("delete from " + s + ".callback_activities where callback_request_id in (select callback_request_id"
                    + " from " + s + ".callback_requests where description = '" + BENCH_DESCRIPTION + "')");
            sql.execute("delete from " + s + ".callback_sla_tracking where callback_request_id in (select"
                    + " callback_request_id from " + s + ".callback_requests where description = '" + BENCH_DESCRIPTION + "')");
            sql.execute("delete from " + s + ".callback_requests where description = '" + BENCH_DESCRIPTION + "'");
            sql.execute("set session_replication_role = origin");
            recomputeCounters(sql, s);
            sql.execute("vacuum analyze " + s + ".callback_requests, " + s + ".agent_callback_capacity, " + s
                    + ".callback_activities");
        }
    }

    /** Fails when an agent's counter differs from their real count of assigned, in-progress and overdue callbacks. */
    private static void checkCounters(DataSource owner, String s) throws SQLException {
        long wrong = Long.parseLong(scalar(owner, "select count(*) from " + s + ".agent_callback_capacity k"
                + " where current_active_callbacks <> (select count(*) from " + s + ".callback_requests c"
                + " where c.agent_id = k.agent_id and c.status in ('assigned', 'in_progress', 'overdue'))"));
        if (wrong != 0) {
            throw new IllegalStateException(wrong + " agents' current_active_callbacks differ from the real count");
        }
        System.out.println("counters check: every agent's current_active_callbacks equals the real count");
    }

    private static long count(DataSource owner, String s, String where) throws SQLException {
        return Long.parseLong(scalar(owner, "select count(*) from " + s + ".callback_requests where " + where));
    }

    private static long auditRows(DataSource owner) throws SQLException {
        return Long.parseLong(scalar(owner, "select count(*) from audit.audit_log"));
    }

    private static String scalar(DataSource owner, String sql) throws SQLException {
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static Caller agentCaller(DataSource owner, Tenant tenant, int number) throws SQLException {
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select user_id, agent_id from " + tenant.schema() + ".agents where agent_code = ?")) {
            statement.setString(1, "CB" + number);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Caller.agent(tenant, result.getObject(1, UUID.class),
                        number <= SENIORS ? Role.SENIOR_AGENT : Role.JUNIOR_AGENT, result.getObject(2, UUID.class));
            }
        }
    }

    private static List<Caller> policyholderCallers(DataSource owner, Tenant tenant) throws SQLException {
        List<Caller> callers = new ArrayList<>();
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select user_id from " + tenant.schema()
                        + ".policyholders where user_id is not null order by customer_id")) {
            while (result.next()) {
                callers.add(Caller.user(tenant, result.getObject(1, UUID.class), Role.POLICYHOLDER));
            }
        }
        return callers;
    }
}
