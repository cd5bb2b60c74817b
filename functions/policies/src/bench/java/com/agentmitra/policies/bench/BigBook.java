package com.agentmitra.policies.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The load run's big book (issue 20): 50 sub-agents under local/run's demo agent holding 200,000 policies of 100,000
 * customers (4,000 and 2,000 each), written set-based into local/run's database as its owner, as the policies
 * benchmark seeds (triggers off while loading, then the dashboard figures rebuilt and statistics refreshed). Added
 * once: a second run finds the first sub-agent and leaves the book as it is. Local only: the owner's login is
 * local/run's own (LocalServices).
 */
final class BigBook {

    static final int SUB_AGENTS = 50;
    static final int POLICIES = 200_000;
    static final int CUSTOMERS = 100_000;

    private BigBook() {}

    static void seed() throws SQLException {
        String url = System.getProperty("loadrun.db", "jdbc:postgresql://127.0.0.1:5433/postgres");
        // local/run's owner login (local-only values, LocalServices)
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = connection.createStatement()) {
            String s;
            try (ResultSet tenant = sql.executeQuery(
                    "select schema_name from shared.tenants where tenant_code = 'LIC'")) {
                tenant.next();
                s = tenant.getString(1);
            }
            if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalStateException("unexpected tenant schema name");
            }
            String demo;
            try (PreparedStatement find = connection.prepareStatement("select a.agent_id::text from " + s
                    + ".agents a join " + s + ".users u on u.user_id = a.user_id where u.username = 'demo.agent'");
                    ResultSet agent = find.executeQuery()) {
                if (!agent.next()) {
                    throw new IllegalStateException("no demo agent: start local/run first");
                }
                demo = agent.getString(1);
            }
            try (ResultSet done = sql.executeQuery("select 1 from " + s + ".agents where agent_code = 'LRBIG1'")) {
                if (done.next()) {
                    System.out.println("big book already there: 50 sub-agents of the demo agent, 200,000 policies");
                    return;
                }
            }
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            sql.execute("set local session_replication_role = replica");
            sql.execute("insert into " + s + ".users (user_id, username, email, first_name, last_name, role)"
                    + " select md5('lrbu' || i)::uuid, 'loadrun.sub' || i, 'loadrun.sub' || i || '@example.test',"
                    + " 'Sub', 'Agent' || i, 'junior_agent' from generate_series(1, " + SUB_AGENTS + ") i");
            sql.execute("insert into " + s + ".agents (agent_id, user_id, agent_code, territory, parent_agent_id)"
                    + " select md5('lrba' || i)::uuid, md5('lrbu' || i)::uuid, 'LRBIG' || i, 'Load run',"
                    + " '" + demo + "'::uuid from generate_series(1, " + SUB_AGENTS + ") i");
            sql.execute("insert into " + s + ".policyholders (policyholder_id, agent_id, first_name, last_name,"
                    + " phone_number, customer_id, created_at)"
                    + " select md5('lrbh' || i)::uuid, md5('lrba' || (1 + i % " + SUB_AGENTS + "))::uuid,"
                    + " (array['Asha','Ravi','Meera','Sanjay','Priya','Arjun','Kavita','Vikram','Sunita','Rahul'])[1 + i % 10],"
                    + " (array['Kulkarni','Sharma','Patil','Iyer','Reddy','Nair','Joshi','Deshmukh','Singh','Gupta'])[1 + (i / 7) % 10],"
                    + " '+9173' || lpad(i::text, 8, '0'), 'LRB' || i, now() - interval '1 day' - (i || ' seconds')::interval"
                    + " from generate_series(1, " + CUSTOMERS + ") i");
            sql.execute("insert into " + s + ".insurance_policies (policy_id, policy_number, policyholder_id,"
                    + " agent_id, policy_type, plan_name, sum_assured, premium_amount, premium_frequency,"
                    + " application_date, start_date, status, next_payment_date, created_at)"
                    + " select md5('lrbp' || i)::uuid, 'LRB' || lpad(i::text, 9, '0'),"
                    + " md5('lrbh' || (1 + i % " + CUSTOMERS + "))::uuid,"
                    + " md5('lrba' || (1 + (1 + i % " + CUSTOMERS + ") % " + SUB_AGENTS + "))::uuid,"
                    + " 'endowment', (array['Jeevan Anand','Jeevan Labh','Tech Term','New Endowment'])[1 + i % 4],"
                    + " 500000, 5000 + (i % 50) * 500, (array['annual','half_yearly','quarterly','monthly'])[1 + i % 4],"
                    + " date '2020-01-01' + (i % 1500), date '2020-01-15' + (i % 1500),"
                    + " (case when i % 20 = 0 then 'lapsed' else 'active' end)::shared.policy_status_enum,"
                    + " current_date + ((i * 7) % 365) - 30, now() - interval '1 day' - (i || ' seconds')::interval"
                    + " from generate_series(1, " + POLICIES + ") i");
            sql.execute("set local session_replication_role = origin");
            sql.execute("select " + s + ".rebuild_agent_book_figures()");
            // the search's tables (tenant V204) too: their triggers were off as well
            sql.execute("select " + s + ".rebuild_book_search()");
            connection.commit();
            connection.setAutoCommit(true);
            sql.execute("analyze " + s + ".users, " + s + ".agents, " + s + ".policyholders, " + s
                    + ".insurance_policies, " + s + ".agent_book_figures, " + s + ".agent_book_due, " + s
                    + ".book_search_customers, " + s + ".book_search_policies");
            System.out.printf("big book added: %d sub-agents of the demo agent, %,d customers, %,d policies"
                    + " in %.1f s%n", SUB_AGENTS, CUSTOMERS, POLICIES, (System.nanoTime() - start) / 1e9);
        }
    }
}
