package com.agentmitra.policies.bench;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.Page;
import com.agentmitra.policies.dashboard.DashboardService;
import com.agentmitra.policies.policy.PolicyService;
import com.agentmitra.policies.policy.PolicySort;
import com.agentmitra.policies.policy.PolicyView;
import com.agentmitra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Seeds one tenant with 10,000 agents (1,000 seniors with 9 juniors each), 500,000 policyholders and 1,000,000
 * policies, set-based, then times four reads of a junior agent's book warm and in-process through the services
 * (jOOQ, one transaction as the caller with row level security) beside the same SQL over plain JDBC (the floor,
 * same transaction settings, same RLS): the first page of policies, a policy by id, a name search, the dashboard.
 * Prints p50/p99 and each query's plan, and fails if a plan scans the policy table sequentially.
 */
public final class PoliciesBenchmark {

    private static final int AGENTS = 10_000;
    private static final int HOLDERS = 500_000;
    private static final int POLICIES = 1_000_000;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        long seedStart = System.nanoTime();
        seed(db.owner(), lic);
        System.out.printf("seeded %,d agents, %,d policyholders, %,d policies in %.1f s%n", AGENTS, HOLDERS, POLICIES,
                (System.nanoTime() - seedStart) / 1e9);

        Caller agent = juniorAgent(db.owner(), lic, 4_321);
        UUID policyId = firstPolicyOf(db.owner(), lic, agent.agentId().orElseThrow());
        String surname = "kulkarni";
        Clock clock = Clock.systemUTC();
        LocalDate today = BusinessDay.today(clock);
        PolicyService policies = new PolicyService(db.database(), clock);
        DashboardService dashboard = new DashboardService(db.database(), clock);
        Floor floor = new Floor(db.app(), lic, agent);

        String schema = lic.schema();
        // the columns PolicyView shows, as PolicyRepository selects them
        String columns = "p.policy_id, p.policy_number, p.policyholder_id, h.full_name, h.phone_number, p.agent_id,"
                + " p.policy_type, p.plan_name, p.plan_code, p.category, p.sum_assured, p.premium_amount,"
                + " p.premium_frequency, p.application_date, p.approval_date, p.start_date, p.maturity_date, p.status,"
                + " p.payment_status, p.last_payment_date, p.next_payment_date, p.revival_deadline, p.total_payments,"
                + " p.outstanding_amount, p.created_at, p.updated_at";
        String pageSql = "select " + columns + " from " + schema + ".insurance_policies p join "
                + schema + ".policyholders h on h.policyholder_id = p.policyholder_id where p.agent_id = ?"
                + " order by p.created_at desc, p.policy_id desc limit 26";
        String byIdSql = "select " + columns + " from " + schema + ".insurance_policies p join "
                + schema + ".policyholders h on h.policyholder_id = p.policyholder_id where p.policy_id = ?"
                + " and p.agent_id = ?";
        String searchSql = "select " + columns + " from " + schema + ".insurance_policies p join "
                + schema + ".policyholders h on h.policyholder_id = p.policyholder_id where p.agent_id = ?"
                + " and (lower(p.policy_number) like ? escape '\\' or lower(h.full_name) like ? escape '\\'"
                + " or lower(h.customer_id) = ?) order by p.created_at desc, p.policy_id desc limit 26";
        String dashboardSql = "select count(*) filter (where status = 'active'),"
                + " coalesce(sum(premium_amount) filter (where status = 'active'), 0),"
                + " count(*) filter (where status = 'active' and next_payment_date between ?::date and ?::date + 7),"
                + " coalesce(sum(premium_amount) filter (where status = 'active' and next_payment_date between ?::date and ?::date + 7), 0),"
                + " count(*) filter (where status = 'active' and next_payment_date between ?::date and ?::date + 30),"
                + " coalesce(sum(premium_amount) filter (where status = 'active' and next_payment_date between ?::date and ?::date + 30), 0),"
                + " count(*) filter (where status = 'active' and next_payment_date < ?::date and next_payment_date >= ?::date - 30),"
                + " count(*) filter (where status = 'lapsed') from " + schema + ".insurance_policies where agent_id = ?";
        String holdersSql = "select count(*) from " + schema + ".policyholders where agent_id = ?";
        String callbacksSql = "select count(*) from " + schema + ".callback_requests where status in"
                + " ('pending','assigned','in_progress','overdue') and agent_id = ?";
        UUID agentId = agent.agentId().orElseThrow();

        List<Result> results = new ArrayList<>();
        results.add(compare("first page of an agent's policies", iterations,
                () -> policies.list(agent, query(Optional.empty())),
                () -> floor.rows(pageSql, agentId)));
        results.add(compare("policy by id", iterations,
                () -> policies.get(agent, policyId),
                () -> floor.rows(byIdSql, policyId, agentId)));
        results.add(compare("search by customer name", iterations,
                () -> policies.list(agent, query(Optional.of(surname))),
                () -> floor.rows(searchSql, agentId, surname + "%", "%" + surname + "%", surname)));
        results.add(compare("dashboard", iterations,
                () -> dashboard.forCaller(agent),
                () -> floor.many(new String[] {dashboardSql, holdersSql, callbacksSql}, new Object[][] {
                        {today, today, today, today, today, today, today, today, today, today, agentId},
                        {agentId}, {agentId}})));

        System.out.println();
        System.out.println("| query | jOOQ p50 ms | jOOQ p99 ms | JDBC floor p50 ms | JDBC floor p99 ms | p50 ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f× |%n", result.name, result.p50, result.p99,
                    result.floorP50, result.floorP99, result.p50 / result.floorP50);
        }

        boolean seqScan = false;
        for (String[] explained : new String[][] {{"first page", pageSql}, {"by id", byIdSql},
                {"search", searchSql}, {"dashboard", dashboardSql}}) {
            String plan = floor.explain(explained[1], explained[0].equals("by id")
                    ? new Object[] {policyId, agentId}
                    : explained[0].equals("search")
                            ? new Object[] {agentId, surname + "%", "%" + surname + "%", surname}
                            : explained[0].equals("dashboard")
                                    ? new Object[] {today, today, today, today, today, today, today, today, today, today, agentId}
                                    : new Object[] {agentId});
            System.out.println("\nEXPLAIN " + explained[0] + ":\n" + plan);
            seqScan |= plan.contains("Seq Scan on insurance_policies");
        }
        if (seqScan) {
            System.out.println("FAIL: a plan scans insurance_policies sequentially");
            System.exit(1);
        }
        System.exit(0);
    }

    private static PolicyService.ListQuery query(Optional<String> q) {
        return new PolicyService.ListQuery(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), q, PolicySort.NEWEST, Optional.empty(), 25);
    }

    private record Result(String name, double p50, double p99, double floorP50, double floorP99) {}

    private static Result compare(String name, int iterations, Supplier<Object> jooq, Supplier<Object> jdbc) {
        for (int i = 0; i < Math.max(200, iterations / 4); i++) {
            jooq.get();
            jdbc.get();
        }
        long[] a = new long[iterations];
        long[] b = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            // interleaved, so both see the same machine load
            long start = System.nanoTime();
            Object answer = jooq.get();
            a[i] = System.nanoTime() - start;
            start = System.nanoTime();
            jdbc.get();
            b[i] = System.nanoTime() - start;
            if (answer instanceof Page<?> page && page.items().isEmpty() && !name.startsWith("search")) {
                throw new IllegalStateException(name + " answered nothing: the seed is wrong");
            }
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Result result = new Result(name, ms(a, 0.50), ms(a, 0.99), ms(b, 0.50), ms(b, 0.99));
        System.out.printf("%-36s jOOQ p50 %.2f ms p99 %.2f ms | JDBC p50 %.2f ms p99 %.2f ms%n", name, result.p50,
                result.p99, result.floorP50, result.floorP99);
        return result;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** The same reads as plain SQL over JDBC, in a transaction with the same row level security settings. */
    private static final class Floor {
        private final DataSource app;
        private final Tenant tenant;
        private final Caller caller;

        Floor(DataSource app, Tenant tenant, Caller caller) {
            this.app = app;
            this.tenant = tenant;
            this.caller = caller;
        }

        int rows(String sql, Object... parameters) {
            return many(new String[] {sql}, new Object[][] {parameters});
        }

        /** The statements in one transaction, every column of every row read (as jOOQ maps them). */
        int many(String[] sqls, Object[][] parameters) {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection);
                    int rows = 0;
                    for (int q = 0; q < sqls.length; q++) {
                        try (PreparedStatement statement = connection.prepareStatement(sqls[q])) {
                            bind(statement, parameters[q]);
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

        String explain(String sql, Object... parameters) throws SQLException {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                settings(connection);
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement statement = connection.prepareStatement("explain (analyze, costs off) " + sql)) {
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

        private void settings(Connection connection) throws SQLException {
            try (PreparedStatement set = connection.prepareStatement(
                    "select set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true),"
                            + " set_config('app.user_role', ?, true)")) {
                set.setString(1, tenant.id().toString());
                set.setString(2, caller.requireUserId().toString());
                set.setString(3, caller.role().sqlName());
                set.executeQuery().close();
            }
        }

        private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        }
    }

    private static Caller juniorAgent(DataSource owner, Tenant tenant, int number) throws SQLException {
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select a.user_id, a.agent_id from " + tenant.schema() + ".agents a where a.agent_code = ?")) {
            statement.setString(1, "BENCH" + number);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Caller.agent(tenant, result.getObject(1, UUID.class), Role.JUNIOR_AGENT,
                        result.getObject(2, UUID.class));
            }
        }
    }

    private static UUID firstPolicyOf(DataSource owner, Tenant tenant, UUID agent) throws SQLException {
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select policy_id from " + tenant.schema() + ".insurance_policies where agent_id = ? limit 1")) {
            statement.setObject(1, agent);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getObject(1, UUID.class);
            }
        }
    }

    /** Set-based seed (no per-row round trips); triggers off while seeding, statistics fresh afterwards. */
    private static void seed(DataSource owner, Tenant tenant) throws SQLException {
        String s = tenant.schema();
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("set maintenance_work_mem = '256MB'");
            sql.execute("insert into " + s + ".users (user_id, username, email, first_name, last_name, role)"
                    + " select md5('u' || i)::uuid, 'bench' || i, 'bench' || i || '@example.test', 'Agent', 'No' || i,"
                    + " (case when i <= 1000 then 'senior_agent' else 'junior_agent' end)::shared.user_role_enum"
                    + " from generate_series(1, " + AGENTS + ") i");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory, parent_agent_id)"
                    + " select md5('a' || i)::uuid, md5('u' || i)::uuid, 'BENCH' || i, 'Territory ' || (i % 50),"
                    + " case when i > 1000 then md5('a' || (((i - 1001) / 9) + 1))::uuid end"
                    + " from generate_series(1, " + AGENTS + ") i");
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, first_name, last_name,"
                    + " phone_number, customer_id, created_at)"
                    + " select md5('h' || i)::uuid, md5('a' || (1 + i % " + AGENTS + "))::uuid,"
                    + " (array['Asha','Ravi','Meera','Sanjay','Priya','Arjun','Kavita','Vikram','Sunita','Rahul'])[1 + i % 10],"
                    + " (array['Kulkarni','Sharma','Patil','Iyer','Reddy','Nair','Joshi','Deshmukh','Singh','Gupta',"
                    + "'Rao','Mehta','Shah','Das','Pillai','Menon','Chatterjee','Bose','Yadav','Verma'])[1 + (i / 7) % 20],"
                    + " '+9170' || lpad(i::text, 8, '0'), 'C' || i, now() - (i || ' seconds')::interval"
                    + " from generate_series(1, " + HOLDERS + ") i");
            sql.execute("insert into " + s + ".insurance_policies (policy_id, policy_number, policyholder_id, agent_id,"
                    + " policy_type, plan_name, sum_assured, premium_amount, premium_frequency, application_date,"
                    + " start_date, status, next_payment_date, created_at)"
                    + " select md5('p' || i)::uuid, 'LIC' || lpad(i::text, 9, '0'), md5('h' || (1 + i % " + HOLDERS + "))::uuid,"
                    + " md5('a' || (1 + (1 + i % " + HOLDERS + ") % " + AGENTS + "))::uuid,"
                    + " 'endowment', (array['Jeevan Anand','Jeevan Labh','Tech Term','New Endowment'])[1 + i % 4],"
                    + " 500000, 5000 + (i % 50) * 500, (array['annual','half_yearly','quarterly','monthly'])[1 + i % 4],"
                    + " date '2020-01-01' + (i % 1500), date '2020-01-15' + (i % 1500),"
                    + " (case when i % 20 = 0 then 'lapsed' else 'active' end)::shared.policy_status_enum,"
                    + " current_date + (i % 365) - 30, now() - (i || ' seconds')::interval"
                    + " from generate_series(1, " + POLICIES + ") i");
            sql.execute("set session_replication_role = origin");
            sql.execute("analyze " + s + ".users, " + s + ".agents, " + s + ".policyholders, " + s
                    + ".insurance_policies");
        }
    }
}
