package com.agentmitra.local;

import static com.agentmitra.data.jooq.shared.Tables.TENANTS;
import static com.agentmitra.data.jooq.tenant.Tables.AGENTS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;
import static com.agentmitra.data.jooq.tenant.Tables.USER_EVENTS;

import com.agentmitra.auth.PasswordHasher;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.AgentStatusEnum;
import com.agentmitra.data.jooq.shared.enums.PolicyStatusEnum;
import com.agentmitra.data.jooq.shared.enums.UserRoleEnum;
import com.agentmitra.domain.time.BusinessDay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Demo data for the local stack, in the LIC tenant: one agent and the insurer's administrator who sign in with a
 * password, one customer who signs in by WhatsApp code, a few more customers with policies, and a new agent under the
 * demo agent waiting for the administrator's approval (no password). Idempotent (keyed on each person's username). The
 * values are plainly local: never use them anywhere else.
 */
final class DemoData {

    static final String USERNAME = "demo.agent";
    /** A local-only demo value, printed by local/run and written in the README. */
    static final String PASSWORD = "demo-agent-password";
    static final String OTP_CUSTOMER_PHONE = "+919000000001";
    /** The tenant's administrator (insurance_provider_admin), a local-only demo value printed by local/run. */
    static final String ADMIN_USERNAME = "demo.admin";
    static final String ADMIN_PASSWORD = "demo-admin-password";
    /** A new agent under the demo agent, {@code pending_approval}: what an administrator approves. No password. */
    static final String NEWCOMER_USERNAME = "demo.newcomer";
    static final String NEWCOMER_AGENT_CODE = "DEMO-NEW";

    /**
     * {@code dueInDays}: the next premium, counted from the day the demo data is loaded, so that the daily reminders
     * job has something to send on the first day (15, 7 and 1 days before the due date, and the day after it).
     */
    private record Customer(String firstName, String lastName, String phone, String policyNumber, String plan,
            String premium, String frequency, int dueInDays, boolean birthdayToday) {}

    private static final List<Customer> CUSTOMERS = List.of(
            new Customer("Asha", "Demo", OTP_CUSTOMER_PHONE, "DEMO000000001", "Jeevan Labh (demo)", "12500.00", "annual",
                    7, false),
            new Customer("Ravi", "Demo", "+919000000002", "DEMO000000002", "Jeevan Anand (demo)", "1850.50", "monthly",
                    1, false),
            new Customer("Meena", "Demo", "+919000000003", "DEMO000000003", "Tech Term (demo)", "6200.00", "half_yearly",
                    15, true),
            new Customer("Kiran", "Demo", "+919000000004", "DEMO000000004", "New Endowment (demo)", "4300.00",
                    "quarterly", -1, false));

    /** Old behaviour events of the demo agent, past the 2-year retention: what the monthly archival moves to S3. */
    private static final YearMonth ARCHIVABLE_MONTH = YearMonth.of(2023, 6);
    private static final int ARCHIVABLE_EVENTS = 120;

    private static final ZoneId INDIA = BusinessDay.INDIA;

    private DemoData() {}

    static Optional<String> load(DataSource owner) {
        DSLContext shared = DSL.using(owner, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
        var lic = shared.select(TENANTS.TENANT_ID, TENANTS.SCHEMA_NAME).from(TENANTS)
                .where(TENANTS.TENANT_CODE.eq("LIC")).fetchOptional();
        if (lic.isEmpty()) {
            return Optional.empty();
        }
        DSLContext dsl = DSL.using(owner, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false)
                .withRenderMapping(new RenderMapping().withSchemata(new MappedSchema()
                        .withInput(Database.GENERATED_TENANT_SCHEMA).withOutput(lic.get().value2()))));
        int[] created = new int[1];
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            // as the migrations do: row level security is forced, so say which tenant this work is for
            tx.select(DSL.function("set_config", String.class, DSL.val("app.tenant_id"),
                            DSL.val(lic.get().value1().toString()), DSL.inline(true)),
                    DSL.function("set_config", String.class, DSL.val("app.user_role"), DSL.val("system"),
                            DSL.inline(true))).fetch();
            // the insurer's administrator (moderates the content library, manages users): added to older demo data too
            if (!tx.fetchExists(USERS, DSL.lower(USERS.USERNAME).eq(ADMIN_USERNAME))) {
                tx.insertInto(USERS)
                        .set(USERS.USERNAME, ADMIN_USERNAME)
                        .set(USERS.EMAIL, "demo.admin@example.test")
                        .set(USERS.PHONE_NUMBER, "+919000000011")
                        .set(USERS.FIRST_NAME, "Demo")
                        .set(USERS.LAST_NAME, "Administrator")
                        .set(USERS.ROLE, UserRoleEnum.insurance_provider_admin)
                        .set(USERS.PASSWORD_HASH, new PasswordHasher().hash(ADMIN_PASSWORD))
                        .execute();
            }
            if (!tx.fetchExists(USERS, DSL.lower(USERS.USERNAME).eq(USERNAME))) {
                createAgentWithBook(tx);
                created[0] = 1;
            }
            // a new agent waiting for approval, under the demo agent: added to older demo data too
            if (!tx.fetchExists(USERS, DSL.lower(USERS.USERNAME).eq(NEWCOMER_USERNAME))) {
                var demo = tx.select(AGENTS.AGENT_ID, AGENTS.HIERARCHY_LEVEL).from(AGENTS).join(USERS)
                        .on(USERS.USER_ID.eq(AGENTS.USER_ID))
                        .where(DSL.lower(USERS.USERNAME).eq(USERNAME)).fetchSingle();
                UUID newcomer = tx.insertInto(USERS)
                        .set(USERS.USERNAME, NEWCOMER_USERNAME)
                        .set(USERS.EMAIL, "demo.newcomer@example.test")
                        .set(USERS.PHONE_NUMBER, "+919000000020")
                        .set(USERS.FIRST_NAME, "Nina")
                        .set(USERS.LAST_NAME, "Newcomer")
                        .set(USERS.ROLE, UserRoleEnum.junior_agent)
                        .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
                tx.insertInto(AGENTS)
                        .set(AGENTS.USER_ID, newcomer)
                        .set(AGENTS.AGENT_CODE, NEWCOMER_AGENT_CODE)
                        .set(AGENTS.TERRITORY, "Pune")
                        .set(AGENTS.PARENT_AGENT_ID, demo.value1())
                        .set(AGENTS.HIERARCHY_LEVEL, demo.value2() + 1)
                        .set(AGENTS.STATUS, AgentStatusEnum.pending_approval)
                        .execute();
                tx.update(AGENTS).set(AGENTS.SUB_AGENTS_COUNT, AGENTS.SUB_AGENTS_COUNT.plus(1))
                        .where(AGENTS.AGENT_ID.eq(demo.value1())).execute();
            }
        });
        return Optional.of("LIC: agent " + USERNAME + " / " + PASSWORD + " (password login), administrator "
                + ADMIN_USERNAME + " / " + ADMIN_PASSWORD + " (password login), customer "
                + OTP_CUSTOMER_PHONE + " (WhatsApp code login), " + CUSTOMERS.size() + " customers with policies"
                + " (premiums due around the day the demo data was loaded), agent " + NEWCOMER_AGENT_CODE
                + " under " + USERNAME + " waiting for approval (no password)"
                + (created[0] == 1 ? " (created)" : " (already there)"));
    }

    /** The demo agent, their small book and their old behaviour events. */
    private static void createAgentWithBook(DSLContext tx) {
        UUID userId = tx.insertInto(USERS)
                .set(USERS.USERNAME, USERNAME)
                .set(USERS.EMAIL, "demo.agent@example.test")
                .set(USERS.PHONE_NUMBER, "+919000000010")
                .set(USERS.FIRST_NAME, "Demo")
                .set(USERS.LAST_NAME, "Agent")
                .set(USERS.ROLE, UserRoleEnum.senior_agent)
                .set(USERS.PASSWORD_HASH, new PasswordHasher().hash(PASSWORD))
                .returning(USERS.USER_ID).fetchOne(USERS.USER_ID);
        UUID agentId = tx.insertInto(AGENTS)
                .set(AGENTS.USER_ID, userId)
                .set(AGENTS.AGENT_CODE, "DEMO-001")
                .set(AGENTS.TERRITORY, "Pune")
                .returning(AGENTS.AGENT_ID).fetchOne(AGENTS.AGENT_ID);
        LocalDate start = LocalDate.of(2024, 4, 1);
        LocalDate today = LocalDate.now(INDIA);
        for (Customer customer : CUSTOMERS) {
            UUID holder = tx.insertInto(POLICYHOLDERS)
                    .set(POLICYHOLDERS.AGENT_ID, agentId)
                    .set(POLICYHOLDERS.FIRST_NAME, customer.firstName())
                    .set(POLICYHOLDERS.LAST_NAME, customer.lastName())
                    .set(POLICYHOLDERS.PHONE_NUMBER, customer.phone())
                    .set(POLICYHOLDERS.WHATSAPP_UTILITY_OPT_IN, true)
                    // a birthday today, and opted in to marketing: the reminders job greets them
                    .set(POLICYHOLDERS.WHATSAPP_MARKETING_OPT_IN, customer.birthdayToday())
                    .set(POLICYHOLDERS.DATE_OF_BIRTH, customer.birthdayToday()
                            ? today.minusYears(38) : LocalDate.of(1980, 8, 15))
                    .returning(POLICYHOLDERS.POLICYHOLDER_ID).fetchOne(POLICYHOLDERS.POLICYHOLDER_ID);
            tx.insertInto(INSURANCE_POLICIES)
                    .set(INSURANCE_POLICIES.POLICY_NUMBER, customer.policyNumber())
                    .set(INSURANCE_POLICIES.POLICYHOLDER_ID, holder)
                    .set(INSURANCE_POLICIES.AGENT_ID, agentId)
                    .set(INSURANCE_POLICIES.POLICY_TYPE, "endowment")
                    .set(INSURANCE_POLICIES.PLAN_NAME, customer.plan())
                    .set(INSURANCE_POLICIES.SUM_ASSURED, new BigDecimal("500000.00"))
                    .set(INSURANCE_POLICIES.PREMIUM_AMOUNT, new BigDecimal(customer.premium()))
                    .set(INSURANCE_POLICIES.PREMIUM_FREQUENCY, customer.frequency())
                    .set(INSURANCE_POLICIES.APPLICATION_DATE, start.minusDays(14))
                    .set(INSURANCE_POLICIES.START_DATE, start)
                    .set(INSURANCE_POLICIES.STATUS, PolicyStatusEnum.active)
                    .set(INSURANCE_POLICIES.NEXT_PAYMENT_DATE, today.plusDays(customer.dueInDays()))
                    .execute();
        }
        Instant first = ARCHIVABLE_MONTH.atDay(2).atTime(10, 0).toInstant(ZoneOffset.UTC);
        var events = tx.insertInto(USER_EVENTS, USER_EVENTS.USER_ID, USER_EVENTS.EVENT_TYPE,
                USER_EVENTS.EVENT_CATEGORY, USER_EVENTS.PAGE_URL, USER_EVENTS.OCCURRED_AT);
        for (int i = 0; i < ARCHIVABLE_EVENTS; i++) {
            events = events.values(userId, "page_view", "navigation", "/portal/policies",
                    first.plusSeconds(5L * 3600 * i));
        }
        events.execute(); // one statement
    }
}
