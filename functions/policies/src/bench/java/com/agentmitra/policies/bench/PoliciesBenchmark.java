package com.agentmitra.policies.bench;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.Page;
import com.agentmitra.policies.BookSearch;
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
 * policies, set-based, and two big books (issue 20): a junior agent with 100,000 policies, a senior agent whose 50
 * sub-agents hold 200,000. Then, for three callers (a junior agent with 100 policies, the big junior, the senior),
 * times warm and in-process through the services (jOOQ, one transaction as the caller with row level security) beside
 * the same SQL over plain JDBC (the floor, same transaction settings, same RLS): the first and the next page and a
 * name search in each sort order, a one-customer search, a policy by id, the dashboard. Prints p50/p99 and the plans,
 * and fails if a plan scans the policy table (or the dashboard's due dates) sequentially.
 *
 * <p>Arguments: {@code [iterations] [seconds]}: each read runs {@code iterations} times, or fewer (at least 10) when
 * that would take more than {@code seconds} (slow reads, before a change).
 */
public final class PoliciesBenchmark {

    private static final int AGENTS = 10_000;
    private static final int HOLDERS = 500_000;
    private static final int POLICIES = 1_000_000;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        double budgetSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 12;
        // which callers to time: small (the junior agent with 100 policies), junior (100,000), senior (200,000)
        List<String> only = args.length > 2 ? List.of(args[2].split(",")) : List.of("small", "junior", "senior");
        TestDatabase db = TestDatabase.get();
        Tenant lic = db.lic();
        long seedStart = System.nanoTime();
        seed(db.owner(), lic);
        System.out.printf("seeded %,d agents, %,d policyholders, %,d policies in %.1f s%n", AGENTS, HOLDERS, POLICIES,
                (System.nanoTime() - seedStart) / 1e9);
        seedStart = System.nanoTime();
        seedBigBooks(db.owner(), lic);
        rebuildFigures(db.owner(), lic);
        System.out.printf("seeded the big books (a junior agent with %,d policies; a senior agent with %,d policies"
                + " across %d sub-agents) in %.1f s%n", BIG_JUNIOR_POLICIES, SUBTREE_POLICIES, SUB_AGENTS,
                (System.nanoTime() - seedStart) / 1e9);

        Clock clock = Clock.systemUTC();
        LocalDate today = BusinessDay.today(clock);
        PolicyService policies = new PolicyService(db.database(), clock);
        DashboardService dashboard = new DashboardService(db.database(), clock);
        List<Result> results = new ArrayList<>();
        boolean seqScan = false;
        Caller[] callers = {
                agent(db.owner(), lic, "BENCH4321", Role.JUNIOR_AGENT),
                agent(db.owner(), lic, "BIGJ", Role.JUNIOR_AGENT),
                agent(db.owner(), lic, "BIGS", Role.SENIOR_AGENT)};
        String[] names = {"junior, 100 policies", "junior, 100,000 policies",
                "senior, 200,000 policies in 50 sub-agents"};
        String[] rareSearches = {null, "7100012345", "7200012345"};
        String[] keys = {"small", "junior", "senior"};
        for (int c = 0; c < callers.length; c++) {
            if (!only.contains(keys[c])) {
                continue;
            }
            Caller caller = callers[c];
            String who = names[c];
            Floor floor = new Floor(db.app(), lic, caller);
            FloorSql sql = new FloorSql(lic.schema(), caller);
            UUID policyId = firstPolicyOf(db.owner(), lic, caller.agentId().orElseThrow(), caller.role());
            System.out.printf("%n== %s ==%n", who);
            for (PolicySort sort : PolicySort.values()) {
                Page<PolicyView> first = policies.list(caller, query(sort, Optional.empty(), Optional.empty()));
                Optional<String> cursor = first.nextCursor();
                if (cursor.isEmpty()) {
                    throw new IllegalStateException(who + ": one page only; the seed is wrong");
                }
                List<Object> key = FloorSql.key(sort, first.items().getLast());
                results.add(compare(who, "first page", sort, iterations, budgetSeconds,
                        () -> policies.list(caller, query(sort, Optional.empty(), Optional.empty())),
                        () -> floor.rows(sql.page(sort, false, false), sql.parameters(List.of(), List.of()))));
                results.add(compare(who, "next page", sort, iterations, budgetSeconds,
                        () -> policies.list(caller, query(sort, Optional.empty(), cursor)),
                        () -> floor.rows(sql.page(sort, true, false), sql.parameters(key, List.of()))));
                results.add(compare(who, "search (q=kulkarni)", sort, iterations, budgetSeconds,
                        () -> policies.list(caller, query(sort, Optional.of(SURNAME), Optional.empty())),
                        () -> floor.searchRows(sql, sort, SURNAME, false)));
            }
            if (rareSearches[c] != null) {
                String digits = rareSearches[c];
                results.add(compare(who, "search, one customer (q=" + digits + ")", PolicySort.NEWEST, iterations,
                        budgetSeconds,
                        () -> policies.list(caller, query(PolicySort.NEWEST, Optional.of(digits), Optional.empty())),
                        () -> floor.searchRows(sql, PolicySort.NEWEST, digits, true)));
                String rare = RARE_SURNAME.toLowerCase(java.util.Locale.ROOT);
                results.add(compare(who, "search, one name (q=" + rare + ")", PolicySort.NEWEST, iterations,
                        budgetSeconds,
                        () -> policies.list(caller, query(PolicySort.NEWEST, Optional.of(rare), Optional.empty())),
                        () -> floor.searchRows(sql, PolicySort.NEWEST, rare, false)));
            }
            results.add(compare(who, "policy by id", null, iterations, budgetSeconds,
                    () -> policies.get(caller, policyId),
                    () -> floor.rows(sql.byId(), sql.parameters(List.of(policyId), List.of()))));
            results.add(compare(who, "dashboard", null, iterations, budgetSeconds,
                    () -> dashboard.forCaller(caller),
                    () -> floor.many(sql.dashboard(), sql.dashboardParameters(today))));

            for (PolicySort sort : PolicySort.values()) {
                String plan = floor.explain(sql.page(sort, false, false), sql.parameters(List.of(), List.of()));
                System.out.println("\nEXPLAIN " + who + ", first page, " + sort.parameter() + ":\n" + plan);
                seqScan |= scansSequentially(plan);
            }
            String plan = floor.explainSearch(sql, PolicySort.NEWEST, SURNAME, false);
            System.out.println("\nEXPLAIN " + who + ", search:\n" + plan);
            seqScan |= scansSequentially(plan);
            if (rareSearches[c] != null) {
                plan = floor.explainSearch(sql, PolicySort.NEWEST, rareSearches[c], true);
                System.out.println("\nEXPLAIN " + who + ", search for one customer:\n" + plan);
                seqScan |= scansSequentially(plan);
            }
            String[] dashboardSql = sql.dashboard();
            Object[][] dashboardParameters = sql.dashboardParameters(today);
            for (int q = 0; q < dashboardSql.length; q++) {
                plan = floor.explain(dashboardSql[q], dashboardParameters[q]);
                System.out.println("\nEXPLAIN " + who + ", dashboard " + (q + 1) + ":\n" + plan);
                seqScan |= scansSequentially(plan);
            }
        }

        System.out.println();
        System.out.println("| caller | read | sort | services p50 ms | services p99 ms | JDBC floor p50 ms"
                + " | JDBC floor p99 ms | p50 ratio | n |");
        System.out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result result : results) {
            System.out.printf("| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f× | %d |%n", result.caller,
                    result.name, result.sort, result.p50, result.p99, result.floorP50, result.floorP99,
                    result.p50 / result.floorP50, result.n);
        }
        if (seqScan) {
            System.out.println("FAIL: a plan scans insurance_policies or agent_book_due sequentially");
            System.exit(1);
        }
        System.exit(0);
    }

    private static final String SURNAME = "kulkarni";

    private static boolean scansSequentially(String plan) {
        return plan.contains("Seq Scan on insurance_policies") || plan.contains("Seq Scan on agent_book_due");
    }

    /** The {@code q} parameters as {@link PolicyService} binds them: prefix, substring, exact, phone digits. */
    private static List<Object> search(String q) {
        String digits = q.replaceAll("[^0-9]", "");
        List<Object> values = new ArrayList<>(List.of(q + "%", "%" + q + "%", q));
        if (digits.length() >= 4) {
            values.add("%" + digits + "%");
        }
        return values;
    }

    private static PolicyService.ListQuery query(PolicySort sort, Optional<String> q, Optional<String> cursor) {
        return new PolicyService.ListQuery(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), q, sort, cursor, 25);
    }

    private record Result(String caller, String name, String sort, double p50, double p99, double floorP50,
            double floorP99, int n) {}

    /**
     * Times {@code jooq} and {@code jdbc} interleaved, warm: {@code iterations} each, or fewer when that would take
     * longer than {@code budgetSeconds} (slow reads before a change), never fewer than 10.
     */
    private static Result compare(String caller, String name, PolicySort sort, int iterations, double budgetSeconds,
            Supplier<Object> jooq, Supplier<Object> jdbc) {
        long warm = System.nanoTime();
        int warmups = 0;
        while (warmups < Math.max(200, iterations / 4) && (warmups < 3 || System.nanoTime() - warm < 3e9)) {
            jooq.get();
            jdbc.get();
            warmups++;
        }
        double perPair = (System.nanoTime() - warm) / 1e9 / warmups;
        int n = (int) Math.max(10, Math.min(iterations, budgetSeconds / perPair));
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            // interleaved, so both see the same machine load
            long start = System.nanoTime();
            Object answer = jooq.get();
            a[i] = System.nanoTime() - start;
            start = System.nanoTime();
            jdbc.get();
            b[i] = System.nanoTime() - start;
            if (answer instanceof Page<?> page && page.items().isEmpty()) {
                throw new IllegalStateException(caller + ", " + name + " answered nothing: the seed is wrong");
            }
        }
        Arrays.sort(a);
        Arrays.sort(b);
        Result result = new Result(caller, name, sort == null ? "" : sort.parameter(), ms(a, 0.50), ms(a, 0.99),
                ms(b, 0.50), ms(b, 0.99), n);
        System.out.printf("%-28s %-12s %-16s services p50 %.2f ms p99 %.2f ms | JDBC p50 %.2f ms p99 %.2f ms (n=%d)%n",
                name, result.sort, caller.substring(0, Math.min(caller.length(), 16)), result.p50, result.p99,
                result.floorP50, result.floorP99, n);
        return result;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /**
     * The reads as plain SQL, shaped as the services shape them: the caller's scope (a junior agent's own id; a
     * senior agent's {@code visible_agent_ids()}), the keyset of the sort, the search terms, and the dashboard's
     * statements.
     */
    private static final class FloorSql {
        // the columns PolicyView shows, as PolicyRepository selects them
        private static final String COLUMNS = "p.policy_id, p.policy_number, p.policyholder_id, h.full_name,"
                + " h.phone_number, p.agent_id, p.policy_type, p.plan_name, p.plan_code, p.category, p.sum_assured,"
                + " p.premium_amount, p.premium_frequency, p.application_date, p.approval_date, p.start_date,"
                + " p.maturity_date, p.status, p.payment_status, p.last_payment_date, p.next_payment_date,"
                + " p.revival_deadline, p.total_payments, p.outstanding_amount, p.created_at, p.updated_at";

        private final String s;
        private final Caller caller;
        private final boolean junior;

        FloorSql(String schema, Caller caller) {
            this.s = schema;
            this.caller = caller;
            this.junior = caller.role() == Role.JUNIOR_AGENT;
        }

        private String scope(String column) {
            return junior ? column + " = ?" : column + " in (select " + s + ".visible_agent_ids())";
        }

        private static String order(PolicySort sort) {
            return switch (sort) {
                case NEWEST -> "p.created_at desc, p.policy_id desc";
                case POLICY_NUMBER -> "p.policy_number";
                case NEXT_PAYMENT_DATE -> "coalesce(p.next_payment_date, date '9999-12-31'), p.policy_id";
            };
        }

        private static String keyset(PolicySort sort) {
            return switch (sort) {
                case NEWEST -> "(p.created_at, p.policy_id) < (?, ?)";
                case POLICY_NUMBER -> "p.policy_number > ?";
                case NEXT_PAYMENT_DATE -> "(coalesce(p.next_payment_date, date '9999-12-31'), p.policy_id) > (?, ?)";
            };
        }

        static List<Object> key(PolicySort sort, PolicyView last) {
            return switch (sort) {
                case NEWEST -> List.of(last.createdAt().atOffset(java.time.ZoneOffset.UTC), last.id());
                case POLICY_NUMBER -> List.of(last.policyNumber());
                case NEXT_PAYMENT_DATE -> List.of(
                        Optional.ofNullable(last.nextPaymentDate()).orElse(LocalDate.of(9999, 12, 31)), last.id());
            };
        }

        /** As {@code PolicyService.search}: the customer's arms a scalar subquery by the customer's key. */
        private String search(boolean phone) {
            return "(lower(p.policy_number) like ? escape '\\' or (select true from " + s + ".policyholders m"
                    + " where m.policyholder_id = p.policyholder_id and (lower(m.full_name) like ? escape '\\'"
                    + " or lower(m.customer_id) = ?" + (phone ? " or m.phone_number like ?)))" : ")))");
        }

        String page(PolicySort sort, boolean after, boolean search) {
            return page(sort, after, search, false);
        }

        /**
         * One book: a top-N read of its (agent, sort key, id) index; many books: each visible agent's first rows,
         * merged. Either way only the page's rows are then joined to their customers.
         */
        String page(PolicySort sort, boolean after, boolean search, boolean phone) {
            String where = (after ? " and " + keyset(sort) : "") + (search ? " and " + search(phone) : "");
            String keys = switch (sort) {
                case NEWEST -> "p.created_at, p.policy_id";
                case POLICY_NUMBER -> "p.policy_number, p.policy_id";
                case NEXT_PAYMENT_DATE -> "coalesce(p.next_payment_date, date '9999-12-31') as due_order, p.policy_id";
            };
            String merged = switch (sort) {
                case NEWEST -> "%1$s.created_at desc, %1$s.policy_id desc";
                case POLICY_NUMBER -> "%1$s.policy_number";
                case NEXT_PAYMENT_DATE -> "%1$s.due_order, %1$s.policy_id";
            };
            String pageSql = junior
                    ? "select " + keys + " from " + s + ".insurance_policies p where p.agent_id = ?" + where
                            + " order by " + order(sort) + " limit 26"
                    : "select t.* from (select distinct " + s + ".visible_agent_ids() as agent_id) v cross join"
                            + " lateral (select " + keys + " from " + s + ".insurance_policies p"
                            + " where p.agent_id = v.agent_id" + where + " order by " + order(sort)
                            + " limit 26) t order by " + merged.formatted("t") + " limit 26";
            return "select " + COLUMNS + " from (" + pageSql + ") page join " + s + ".insurance_policies p"
                    + " on p.policy_id = page.policy_id join " + s + ".policyholders h"
                    + " on h.policyholder_id = p.policyholder_id order by " + merged.formatted("page");
        }

        /**
         * As {@code PolicyRepository} reads the matches {@code BookSearch} found (at most its cap of customers and of
         * policies): the caller's policies of those customers or with those ids, sorted, one page.
         */
        String byMatches(PolicySort sort) {
            String keys = switch (sort) {
                case NEWEST -> "p.created_at, p.policy_id";
                case POLICY_NUMBER -> "p.policy_number, p.policy_id";
                case NEXT_PAYMENT_DATE -> "coalesce(p.next_payment_date, date '9999-12-31') as due_order, p.policy_id";
            };
            String merged = switch (sort) {
                case NEWEST -> "page.created_at desc, page.policy_id desc";
                case POLICY_NUMBER -> "page.policy_number";
                case NEXT_PAYMENT_DATE -> "page.due_order, page.policy_id";
            };
            return "select " + COLUMNS + " from (select " + keys + " from " + s + ".insurance_policies p where "
                    + scope("p.agent_id") + " and (p.policyholder_id = any(?) or p.policy_id = any(?)) order by "
                    + order(sort) + " limit 26) page join " + s + ".insurance_policies p"
                    + " on p.policy_id = page.policy_id join " + s + ".policyholders h"
                    + " on h.policyholder_id = p.policyholder_id order by " + merged;
        }

        /** The search functions (tenant V205), both in one statement, as {@code BookSearch} calls them. */
        String matches() {
            return "select array(select " + s + ".search_customer_ids(?, " + BookSearch.CAP + ")), array(select " + s
                    + ".search_policy_ids(?, " + BookSearch.CAP + "))";
        }

        String byId() {
            return "select " + COLUMNS + " from " + s + ".insurance_policies p join " + s + ".policyholders h"
                    + " on h.policyholder_id = p.policyholder_id where " + scope("p.agent_id")
                    + " and p.policy_id = ?";
        }

        /** The scope's parameter (a junior agent's id), then the keyset's, then the search's. */
        Object[] parameters(List<Object> key, List<Object> search) {
            List<Object> values = new ArrayList<>();
            if (junior) {
                values.add(caller.agentId().orElseThrow());
            }
            values.addAll(key);
            values.addAll(search);
            return values.toArray();
        }

        /** The dashboard's statements: the kept totals, the kept due dates around today, the open callbacks. */
        String[] dashboard() {
            return new String[] {
                    "select coalesce(sum(f.policyholders), 0), coalesce(sum(f.active_policies), 0),"
                    + " coalesce(sum(f.active_premium), 0), coalesce(sum(f.lapsed_policies), 0) from "
                    + books("agent_book_figures", "", 1),
                    "select coalesce(sum(f.policies) filter (where f.due_date between ?::date and ?::date + 7), 0),"
                    + " coalesce(sum(f.premium) filter (where f.due_date between ?::date and ?::date + 7), 0),"
                    + " coalesce(sum(f.policies) filter (where f.due_date between ?::date and ?::date + 30), 0),"
                    + " coalesce(sum(f.premium) filter (where f.due_date between ?::date and ?::date + 30), 0),"
                    + " coalesce(sum(f.policies) filter (where f.due_date < ?::date), 0) from "
                    + books("agent_book_due", " and f.due_date between ?::date - 30 and ?::date + 30", 61),
                    "select count(*) from " + s + ".callback_requests c where status in"
                    + " ('pending','assigned','in_progress','overdue') and " + scope("c.agent_id")};
        }

        /** A figures table's rows of the caller's books: by the agent's key, per visible agent for many books. */
        private String books(String table, String where, int perAgent) {
            return junior ? s + "." + table + " f where f.agent_id = ?" + where
                    : "(select distinct " + s + ".visible_agent_ids() as agent_id) v cross join lateral (select * from "
                            + s + "." + table + " f where f.agent_id = v.agent_id" + where + " limit " + perAgent
                            + ") f";
        }

        Object[][] dashboardParameters(LocalDate today) {
            List<Object> scope = junior ? List.of(caller.agentId().orElseThrow()) : List.of();
            List<Object> due = new ArrayList<>(List.of(today, today, today, today, today, today, today, today, today));
            due.addAll(scope);
            due.addAll(List.of(today, today));
            return new Object[][] {scope.toArray(), due.toArray(), scope.toArray()};
        }
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

        /**
         * A search as the services make it: the matches through the search functions, then the page by their ids; or,
         * past the cap, the walk.
         */
        int searchRows(FloorSql sql, PolicySort sort, String q, boolean phone) {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    settings(connection);
                    String[] statement = new String[1];
                    Object[] parameters = searchStatement(connection, sql, sort, q, phone, statement);
                    int rows = 0;
                    try (PreparedStatement page = connection.prepareStatement(statement[0])) {
                        bind(page, parameters);
                        try (ResultSet result = page.executeQuery()) {
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

        String explainSearch(FloorSql sql, PolicySort sort, String q, boolean phone) throws SQLException {
            try (Connection connection = app.getConnection()) {
                connection.setAutoCommit(false);
                settings(connection);
                String[] statement = new String[1];
                Object[] parameters = searchStatement(connection, sql, sort, q, phone, statement);
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement explain = connection.prepareStatement(
                        "explain (analyze, costs off) " + statement[0])) {
                    bind(explain, parameters);
                    try (ResultSet result = explain.executeQuery()) {
                        while (result.next()) {
                            plan.append(result.getString(1)).append('\n');
                        }
                    }
                }
                connection.rollback();
                return plan.toString();
            }
        }

        /** Finds the matches (first statement) and answers the page's statement and parameters. */
        private Object[] searchStatement(Connection connection, FloorSql sql, PolicySort sort, String q, boolean phone,
                String[] statement) throws SQLException {
            Object customers;
            Object policies;
            try (PreparedStatement matches = connection.prepareStatement(sql.matches())) {
                String term = q.strip().toLowerCase(java.util.Locale.ROOT);
                matches.setString(1, term);
                matches.setString(2, term);
                try (ResultSet result = matches.executeQuery()) {
                    result.next();
                    customers = result.getArray(1).getArray();
                    policies = result.getArray(2).getArray();
                }
            }
            if (((Object[]) customers).length > BookSearch.CAP || ((Object[]) policies).length > BookSearch.CAP) {
                statement[0] = sql.page(sort, false, true, phone);
                return sql.parameters(List.of(), search(q));
            }
            statement[0] = sql.byMatches(sort);
            return sql.parameters(List.of(connection.createArrayOf("uuid", (Object[]) customers),
                    connection.createArrayOf("uuid", (Object[]) policies)), List.of());
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

    private static Caller agent(DataSource owner, Tenant tenant, String code, Role role) throws SQLException {
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select a.user_id, a.agent_id from " + tenant.schema() + ".agents a where a.agent_code = ?")) {
            statement.setString(1, code);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Caller.agent(tenant, result.getObject(1, UUID.class), role, result.getObject(2, UUID.class));
            }
        }
    }

    /** A policy of the agent's own book, or (a senior agent without one) of a sub-agent's. */
    private static UUID firstPolicyOf(DataSource owner, Tenant tenant, UUID agent, Role role) throws SQLException {
        String s = tenant.schema();
        try (Connection connection = owner.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select p.policy_id from " + s + ".insurance_policies p join " + s + ".agents a"
                        + " on a.agent_id = p.agent_id where a.agent_id = ? or a.parent_agent_id = ?"
                        + " order by p.policy_number limit 1")) {
            statement.setObject(1, agent);
            statement.setObject(2, role == Role.SENIOR_AGENT ? agent : new UUID(0, 0));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getObject(1, UUID.class);
            }
        }
    }

    /**
     * The triggers that keep the dashboard's figures (tenant V161) and the search tables (tenant V204) were off while
     * seeding: fill them from the book.
     */
    private static void rebuildFigures(DataSource owner, Tenant tenant) throws SQLException {
        String s = tenant.schema();
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("select " + s + ".rebuild_agent_book_figures()");
            sql.execute("select " + s + ".rebuild_book_search()");
            sql.execute("analyze " + s + ".agent_book_figures, " + s + ".agent_book_due, " + s
                    + ".book_search_customers, " + s + ".book_search_policies");
        }
    }

    private static final int BIG_JUNIOR_POLICIES = 100_000;
    private static final int SUB_AGENTS = 50;
    private static final int SUBTREE_POLICIES = 200_000;

    /**
     * The big books, set-based as {@link #seed}: agent BIGJ, a junior agent with 100,000 policies of 50,000
     * customers; agent BIGS, a senior agent whose 50 sub-agents (BIGS1..BIGS50) hold 200,000 policies of 100,000
     * customers, 4,000 each. Names as the main seed's (one customer in 20 is a Kulkarni); added in time order
     * across the sub-agents; due dates spread over a year from 30 days ago; one policy in 20 lapsed. Phones
     * +9171... (BIGJ) and +9172... (BIGS), so a phone search finds one customer.
     */
    private static void seedBigBooks(DataSource owner, Tenant tenant) throws SQLException {
        String s = tenant.schema();
        String names = " (array['Asha','Ravi','Meera','Sanjay','Priya','Arjun','Kavita','Vikram','Sunita','Rahul'])[1 + i % 10],"
                + " (array['Kulkarni','Sharma','Patil','Iyer','Reddy','Nair','Joshi','Deshmukh','Singh','Gupta',"
                + "'Rao','Mehta','Shah','Das','Pillai','Menon','Chatterjee','Bose','Yadav','Verma'])[1 + (i / 7) % 20],";
        String policyColumns = " (policy_id, policy_number, policyholder_id, agent_id, policy_type, plan_name,"
                + " sum_assured, premium_amount, premium_frequency, application_date, start_date, status,"
                + " next_payment_date, created_at)";
        String policyFigures = " 'endowment', (array['Jeevan Anand','Jeevan Labh','Tech Term','New Endowment'])[1 + i % 4],"
                + " 500000, 5000 + (i % 50) * 500, (array['annual','half_yearly','quarterly','monthly'])[1 + i % 4],"
                + " date '2020-01-01' + (i % 1500), date '2020-01-15' + (i % 1500),"
                + " (case when i % 20 = 0 then 'lapsed' else 'active' end)::shared.policy_status_enum,"
                + " current_date + ((i * 7) % 365) - 30, now() - (i || ' seconds')::interval";
        try (Connection connection = owner.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set session_replication_role = replica");
            sql.execute("set maintenance_work_mem = '256MB'");
            sql.execute("insert into " + s + ".users (user_id, username, email, first_name, last_name, role)"
                    + " select md5('ub' || i)::uuid, 'bigbook' || i, 'bigbook' || i || '@example.test', 'Agent',"
                    + " 'Big' || i, (case when i = 0 then 'junior_agent' when i = 1 then 'senior_agent'"
                    + " else 'junior_agent' end)::shared.user_role_enum from generate_series(0, " + (SUB_AGENTS + 1)
                    + ") i");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory, parent_agent_id)"
                    + " select md5('ab' || i)::uuid, md5('ub' || i)::uuid,"
                    + " case when i = 0 then 'BIGJ' when i = 1 then 'BIGS' else 'BIGS' || (i - 1) end,"
                    + " 'Big books', case when i > 1 then md5('ab1')::uuid end"
                    + " from generate_series(0, " + (SUB_AGENTS + 1) + ") i");
            // BIGJ's customers 1..50,000; BIGS's sub-agent k (1..50) has customers j with 1 + j % 50 = k
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, first_name, last_name,"
                    + " phone_number, customer_id, created_at)"
                    + " select md5('hj' || i)::uuid, md5('ab0')::uuid," + names
                    + " '+9171' || lpad(i::text, 8, '0'), 'J' || i, now() - (i || ' seconds')::interval"
                    + " from generate_series(1, " + BIG_JUNIOR_POLICIES / 2 + ") i");
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, first_name, last_name,"
                    + " phone_number, customer_id, created_at)"
                    + " select md5('hs' || i)::uuid, md5('ab' || (2 + i % " + SUB_AGENTS + "))::uuid," + names
                    + " '+9172' || lpad(i::text, 8, '0'), 'S' || i, now() - (i || ' seconds')::interval"
                    + " from generate_series(1, " + SUBTREE_POLICIES / 2 + ") i");
            sql.execute("insert into " + s + ".insurance_policies" + policyColumns
                    + " select md5('pj' || i)::uuid, 'BJ' || lpad(i::text, 9, '0'),"
                    + " md5('hj' || (1 + i % " + BIG_JUNIOR_POLICIES / 2 + "))::uuid, md5('ab0')::uuid,"
                    + policyFigures + " from generate_series(1, " + BIG_JUNIOR_POLICIES + ") i");
            sql.execute("insert into " + s + ".insurance_policies" + policyColumns
                    + " select md5('ps' || i)::uuid, 'BS' || lpad(i::text, 9, '0'),"
                    + " md5('hs' || (1 + i % " + SUBTREE_POLICIES / 2 + "))::uuid,"
                    + " md5('ab' || (2 + (1 + i % " + SUBTREE_POLICIES / 2 + ") % " + SUB_AGENTS + "))::uuid,"
                    + policyFigures + " from generate_series(1, " + SUBTREE_POLICIES + ") i");
            // one customer of each big book with a surname nobody else has (the search for a rare name)
            sql.execute("update " + s + ".policyholders set last_name = '" + RARE_SURNAME + "'"
                    + " where policyholder_id in (md5('hj12345')::uuid, md5('hs12345')::uuid)");
            sql.execute("set session_replication_role = origin");
            sql.execute("analyze " + s + ".users, " + s + ".agents, " + s + ".policyholders, " + s
                    + ".insurance_policies");
        }
    }

    private static final String RARE_SURNAME = "Wadia";

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
