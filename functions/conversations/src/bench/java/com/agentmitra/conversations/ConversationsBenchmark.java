package com.agentmitra.conversations;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.lambda.Page;
import com.agentmitra.messaging.WhatsappOutbox;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * Issue 16's benchmark. Seeds one tenant set-based: the benchmark agent (a junior agent) with 2,000 customers and
 * 100 messages each (200,000, every other one from the customer; outbound ones delivered), the agent's read marker
 * at the end of every even customer's thread and three messages short on every odd one; beside them 8 other agents
 * with 2,000 customers and 10 messages each (160,000 more), so the tables are not the agent's alone. Thread rows,
 * arrival numbers and last messages are computed as the tenant V130 triggers keep them. Then, warm and in-process,
 * it times the service beside plain JDBC doing the same work with the same row level security settings: the inbox
 * (all, and unread) first page and a thread's first page. Prints the inbox query's plan and fails on a sequential
 * scan of the messages or the threads.
 *
 * <p>Run: see functions/conversations/README.md, "Benchmark".
 */
public final class ConversationsBenchmark {

    private static final int CUSTOMERS = 2_000;
    private static final int MESSAGES_EACH = 100;
    private static final int OTHER_AGENTS = 8;
    private static final int OTHER_MESSAGES_EACH = 10;
    private static final Instant NOW = Instant.parse("2026-12-07T06:30:00Z");

    private ConversationsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        String s = lic.schema();

        long seeding = System.nanoTime();
        seed(db.owner(), s);
        System.out.printf("seeded %,d customers of the agent with %,d messages, %,d other customers with %,d messages"
                        + " in %.1f s%n", CUSTOMERS, CUSTOMERS * MESSAGES_EACH, OTHER_AGENTS * CUSTOMERS,
                OTHER_AGENTS * CUSTOMERS * OTHER_MESSAGES_EACH, (System.nanoTime() - seeding) / 1e9);

        Caller agent = Caller.agent(lic, uuid("cvu", 0), Role.JUNIOR_AGENT, uuid("cva", 0));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        WhatsappOutbox none = message -> {
            throw new IllegalStateException("the benchmark sends nothing");
        };
        ConversationService service = new ConversationService(db.database(), new ConversationRepository(), none,
                clock);
        Floor floor = new Floor(db.app(), lic);
        UUID customer = uuid("cvp", 1_000);

        String inboxSql = "select c.conversation_id, c.policyholder_id, c.agent_id, c.assigned_agent_id,"
                + " c.last_activity_at, p.full_name, p.phone_number, p.whatsapp_last_inbound_at, m.message_id,"
                + " m.is_from_customer, m.message_type, m.content, m.whatsapp_status, m.created_at, a.agent_code,"
                + " least(greatest(c.inbound_count - coalesce(r.read_inbound_count, 0), 0), 100)"
                + " from " + s + ".conversations c join " + s + ".policyholders p on p.policyholder_id ="
                + " c.policyholder_id left join " + s + ".conversation_reads r on r.policyholder_id = c.policyholder_id"
                + " and r.user_id = ? left join " + s + ".whatsapp_messages m on m.message_id = c.last_message_id"
                + " left join " + s + ".agents a on a.agent_id = coalesce(c.assigned_agent_id, c.agent_id)"
                + " where c.agent_id = ?%s order by c.last_activity_at desc, c.conversation_id desc limit 26";
        String all = inboxSql.formatted("");
        String unread = inboxSql.formatted(" and c.last_inbound_sequence > coalesce(r.read_sequence, 0)");
        String threadSql = "select * from " + s + ".whatsapp_messages where policyholder_id = ?"
                + " order by created_at desc, message_sequence desc nulls last, message_id desc limit 26";

        List<Result> results = new ArrayList<>();
        results.add(compare("GET /conversations, first page (all)", warmup, iterations,
                () -> service.list(agent, ConversationRepository.Filter.ALL, Optional.empty(), Optional.empty(),
                        ConversationService.DEFAULT_PAGE).items().size(),
                () -> floor.rows(agent, all, agent.requireUserId(), agent.agentId().orElseThrow())));
        results.add(compare("GET /conversations?filter=unread, first page", warmup, iterations,
                () -> service.list(agent, ConversationRepository.Filter.UNREAD, Optional.empty(), Optional.empty(),
                        ConversationService.DEFAULT_PAGE).items().size(),
                () -> floor.rows(agent, unread, agent.requireUserId(), agent.agentId().orElseThrow())));
        Page<Views.ThreadItem> first = service.thread(agent, customer, Optional.empty(), ConversationService.DEFAULT_PAGE);
        String cursor = first.nextCursor().orElseThrow();
        results.add(compare("GET /policyholders/{id}/messages, first page", warmup, iterations,
                () -> service.thread(agent, customer, Optional.empty(), ConversationService.DEFAULT_PAGE).items().size(),
                () -> floor.rows(agent, threadSql, customer)));
        results.add(compare("GET /policyholders/{id}/messages, second page", warmup, iterations,
                () -> service.thread(agent, customer, Optional.of(cursor), ConversationService.DEFAULT_PAGE)
                        .items().size(),
                () -> floor.rows(agent, threadSql, customer)));

        String plan = floor.explain(agent, all, agent.requireUserId(), agent.agentId().orElseThrow());
        System.out.println("\nEXPLAIN (ANALYZE, BUFFERS) of the inbox query (as the agent, row level security on):\n"
                + plan);

        System.out.println();
        System.out.printf("Conversations benchmark, %s, %,d warm iterations after %,d warm-up%n", LocalDate.now(),
                iterations, warmup);
        System.out.println("| operation | service p50 ms | service p99 ms | JDBC floor p50 ms | JDBC floor p99 ms |"
                + " p99 ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f× |%n", result.name, result.p50, result.p99,
                    result.floorP50, result.floorP99, result.p99 / result.floorP99);
        }
        if (plan.contains("Seq Scan on whatsapp_messages") || plan.contains("Seq Scan on conversations")) {
            System.out.println("FAIL: the inbox query scans a table sequentially");
            System.exit(1);
        }
        System.exit(0);
    }

    private static UUID uuid(String prefix, int number) {
        // the same as the seed's md5(prefix || number)::uuid
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
        System.out.printf("%-48s service p50 %.2f ms p99 %.2f ms | JDBC p50 %.2f ms p99 %.2f ms%n", name, result.p50,
                result.p99, result.floorP50, result.floorP99);
        return result;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** The same reads as plain SQL over JDBC, in one transaction with the same row level security settings. */
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

    // ---------------------------------------------------------------- seed

    /**
     * Set-based, triggers off (replica) while seeding: agent {@code a} (0 is the benchmark's) is
     * {@code md5('cva' || a)}; customer {@code k} is {@code md5('cvp' || k)}, of agent {@code k / 2000}; message
     * {@code i} of customer {@code k} is from the customer when {@code i} is even, at {@code NOW - k minutes - (n - i)
     * hours}; then threads, arrival numbers and last messages as the V130 triggers keep them, and fresh statistics.
     */
    private static void seed(DataSource owner, String s) throws SQLException {
        int agents = OTHER_AGENTS + 1;
        int customers = agents * CUSTOMERS;
        String now = "timestamptz '" + NOW + "'";
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("set maintenance_work_mem = '256MB'");
            sql.execute("insert into " + s + ".users (user_id, username, email, phone_number, first_name, last_name, role)"
                    + " select md5('cvu' || a)::uuid, 'cvagent' || a, 'cvagent' || a || '@example.test',"
                    + " '+9181' || lpad(a::text, 8, '0'), 'Agent', 'No' || a, 'junior_agent'::shared.user_role_enum"
                    + " from generate_series(0, " + (agents - 1) + ") a");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory)"
                    + " select md5('cva' || a)::uuid, md5('cvu' || a)::uuid, 'CV' || a, 'Conversations ' || a"
                    + " from generate_series(0, " + (agents - 1) + ") a");
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, first_name, last_name,"
                    + " phone_number, customer_id, whatsapp_utility_opt_in, whatsapp_last_inbound_at, created_at)"
                    + " select md5('cvp' || k)::uuid, md5('cva' || (k / " + CUSTOMERS + "))::uuid,"
                    + " (array['Asha','Ravi','Meera','Sanjay','Priya','Arjun','Kavita','Vikram','Sunita','Rahul'])[1 + k % 10],"
                    + " 'Holder' || k, '+9182' || lpad(k::text, 8, '0'), 'CV' || k, true,"
                    + " " + now + " - make_interval(mins => k % " + CUSTOMERS + "), " + now
                    + " from generate_series(0, " + (customers - 1) + ") k");
            sql.execute("insert into " + s + ".whatsapp_messages (message_id, whatsapp_message_id, idempotency_key,"
                    + " policyholder_id, agent_id, phone_number, message_type, content, is_from_customer, send_status,"
                    + " whatsapp_status, accepted_at, conversation_id, message_sequence, created_at)"
                    + " select md5('cvm' || k || '-' || i)::uuid, 'wamid.cv.' || k || '.' || i,"
                    + " case when i % 2 = 1 then 'cv:' || k || ':' || i end, md5('cvp' || k)::uuid,"
                    + " md5('cva' || (k / " + CUSTOMERS + "))::uuid, '+9182' || lpad(k::text, 8, '0'), 'text',"
                    + " 'Message ' || i || ' of customer ' || k, i % 2 = 0,"
                    + " case when i % 2 = 1 then 'accepted'::shared.whatsapp_send_status_enum end,"
                    + " case when i % 2 = 1 then 'delivered' end,"
                    + " case when i % 2 = 1 then " + now + " - make_interval(mins => k % " + CUSTOMERS + ")"
                    + "   - make_interval(hours => n - i) end,"
                    + " md5('cvc' || k)::uuid, i,"
                    + " " + now + " - make_interval(mins => k % " + CUSTOMERS + ") - make_interval(hours => n - i)"
                    + " from generate_series(0, " + (customers - 1) + ") k,"
                    + " lateral (select case when k < " + CUSTOMERS + " then " + MESSAGES_EACH + " else "
                    + OTHER_MESSAGES_EACH + " end as n) size, lateral generate_series(1, size.n) i");
            sql.execute("insert into " + s + ".conversations (conversation_id, policyholder_id, agent_id, last_sequence,"
                    + " last_message_id, last_activity_at, last_inbound_sequence, last_inbound_at, inbound_count)"
                    + " select md5('cvc' || k)::uuid, md5('cvp' || k)::uuid, md5('cva' || (k / " + CUSTOMERS + "))::uuid,"
                    + " n, md5('cvm' || k || '-' || n)::uuid,"
                    + " " + now + " - make_interval(mins => k % " + CUSTOMERS + "), n - n % 2,"
                    + " " + now + " - make_interval(mins => k % " + CUSTOMERS + ") - make_interval(hours => n % 2),"
                    + " n / 2"
                    + " from generate_series(0, " + (customers - 1) + ") k,"
                    + " lateral (select case when k < " + CUSTOMERS + " then " + MESSAGES_EACH + " else "
                    + OTHER_MESSAGES_EACH + " end as n) size");
            // the agent read every even customer's thread to the end, and every odd one's but the last 3 messages
            sql.execute("insert into " + s + ".conversation_reads (policyholder_id, user_id, read_sequence,"
                    + " read_inbound_count, read_at)"
                    + " select md5('cvp' || k)::uuid, md5('cvu0')::uuid,"
                    + " case when k % 2 = 0 then " + MESSAGES_EACH + " else " + (MESSAGES_EACH - 6) + " end,"
                    + " case when k % 2 = 0 then " + (MESSAGES_EACH / 2) + " else " + (MESSAGES_EACH / 2 - 3) + " end, "
                    + now
                    + " from generate_series(0, " + (CUSTOMERS - 1) + ") k");
            sql.execute("set session_replication_role = origin");
            sql.execute("analyze " + s + ".users, " + s + ".agents, " + s + ".policyholders, " + s
                    + ".whatsapp_messages, " + s + ".conversations, " + s + ".conversation_reads");
        }
    }
}
