package com.agentmitra.reports;

import com.agentmitra.data.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The reports one may ask for: what rows (one SQL statement, run as the requester so row level security keeps
 * the file to what they may see), which columns, who may ask, and which days a report covers ({@code from} and
 * {@code to} filters, IST dates, bounded). {@code {0}} and {@code {1}} are the first and last day, {@code {2}} and
 * {@code {3}} the instants that bound them.
 */
enum ReportType {

    /** Customers with a premium due on the days, for the agent's calling list (default: the next 30 days). */
    PREMIUM_DUE(Days.AHEAD, 92, Performance.READERS, """
            SELECT ph.full_name, ph.phone_number, p.policy_number, p.plan_name, p.premium_amount,
                   p.premium_frequency, p.next_payment_date, p.status::text, a.agent_code
              FROM @s.insurance_policies p
              JOIN @s.policyholders ph ON ph.policyholder_id = p.policyholder_id
              JOIN @s.agents a ON a.agent_id = p.agent_id
             WHERE p.next_payment_date BETWEEN {0} AND {1} AND p.status IN ('active', 'lapsed')
             ORDER BY p.next_payment_date, p.policy_number
            """, List.of(
            Column.text("Customer Name", "ग्राहक का नाम"),
            Column.code("Mobile Number", "मोबाइल नंबर"),
            Column.code("Policy Number", "पॉलिसी नंबर"),
            Column.text("Plan Name", "योजना का नाम"),
            Column.money("Premium Amount", "प्रीमियम राशि"),
            Column.code("Premium Frequency", "प्रीमियम आवृत्ति"),
            Column.date("Due Date", "देय तिथि"),
            Column.code("Policy Status", "पॉलिसी स्थिति"),
            Column.code("Agent Code", "एजेंट कोड"))),

    /**
     * The whole book, one row per policy, with exactly the headers and value forms the Excel import reads (its
     * default template, tenant V017), in every language: a register imported into an empty book gives the book.
     */
    POLICY_REGISTER(Days.NONE, 0, Performance.READERS, """
            SELECT ph.full_name, ph.phone_number, ph.email, ph.date_of_birth, ph.gender, ph.pan_number,
                   right(ph.aadhaar_masked, 4), ph.customer_id, ph.address ->> 'line1', ph.address ->> 'city',
                   ph.address ->> 'state', ph.address ->> 'pincode', ph.preferred_language,
                   p.policy_number, p.plan_name, p.plan_code, p.policy_type, p.sum_assured, p.premium_amount,
                   p.premium_frequency, p.start_date, p.maturity_date, p.next_payment_date, p.status::text
              FROM @s.insurance_policies p
              JOIN @s.policyholders ph ON ph.policyholder_id = p.policyholder_id
             ORDER BY p.policy_number
            """, List.of(
            Column.text("Customer Name", "Customer Name"),
            Column.code("Mobile Number", "Mobile Number"),
            Column.code("Email", "Email"),
            Column.date("Date of Birth", "Date of Birth"),
            Column.code("Gender", "Gender"),
            Column.code("PAN", "PAN"),
            Column.code("Aadhaar Last 4", "Aadhaar Last 4"),
            Column.code("Customer ID", "Customer ID"),
            Column.text("Address", "Address"),
            Column.text("City", "City"),
            Column.text("State", "State"),
            Column.code("Pincode", "Pincode"),
            Column.code("Preferred Language", "Preferred Language"),
            Column.code("Policy Number", "Policy Number"),
            Column.text("Plan Name", "Plan Name"),
            Column.code("Plan Code", "Plan Code"),
            Column.code("Policy Type", "Policy Type"),
            Column.money("Sum Assured", "Sum Assured"),
            Column.money("Premium Amount", "Premium Amount"),
            Column.code("Premium Frequency", "Premium Frequency"),
            Column.date("Commencement Date", "Commencement Date"),
            Column.date("Maturity Date", "Maturity Date"),
            Column.date("Next Due Date", "Next Due Date"),
            Column.code("Policy Status", "Policy Status"))),

    /** Each agent the manager may see, over the days, from the nightly tables (default: the 30 days to yesterday). */
    AGENT_PRODUCTIVITY(Days.PAST, Period.MAX_DAYS, EnumSet.of(Role.REGIONAL_MANAGER, Role.SENIOR_AGENT,
            Role.SUPER_ADMIN, Role.INSURANCE_PROVIDER_ADMIN, Role.SUPPORT_STAFF), """
            SELECT a.agent_code, u.first_name || ' ' || coalesce(u.last_name, ''),
                   coalesce(sum(ap.policies_sold), 0), coalesce(sum(ap.premium_collected), 0),
                   coalesce((array_agg(ap.premium_under_management ORDER BY ap.metric_date DESC))[1], 0),
                   coalesce(sum(ap.new_policyholders), 0), coalesce(sum(ap.renewals_due), 0),
                   coalesce(sum(ap.renewals_collected), 0), coalesce(sum(ap.lapses), 0),
                   coalesce(sum(ap.callbacks_handled), 0), coalesce(sum(ap.whatsapp_sent), 0)
              FROM @s.agents a
              LEFT JOIN @s.users u ON u.user_id = a.user_id
              LEFT JOIN @s.agent_performance ap ON ap.agent_id = a.agent_id AND ap.metric_period = 'daily'
                                               AND ap.metric_date BETWEEN {0} AND {1}
             WHERE a.agent_id IN (SELECT @s.visible_agent_ids())
             GROUP BY a.agent_id, a.agent_code, u.first_name, u.last_name
             ORDER BY a.agent_code
            """, List.of(
            Column.code("Agent Code", "एजेंट कोड"),
            Column.text("Agent Name", "एजेंट का नाम"),
            Column.number("Policies Sold", "बेची गई पॉलिसियाँ"),
            Column.money("Premium Collected", "एकत्रित प्रीमियम"),
            Column.money("Premium Under Management", "प्रबंधित प्रीमियम"),
            Column.number("New Customers", "नए ग्राहक"),
            Column.number("Renewals Due", "देय नवीनीकरण"),
            Column.number("Renewals Collected", "एकत्रित नवीनीकरण"),
            Column.number("Lapses", "व्यपगत पॉलिसियाँ"),
            Column.number("Callbacks Handled", "निपटाए गए कॉलबैक"),
            Column.number("WhatsApp Sent", "भेजे गए व्हाट्सऐप संदेश"))),

    /** Each callback opened on the days that the requester may see, with its SLA outcome (default: 30 days). */
    CALLBACK_SLA(Days.PAST, 92, Performance.READERS, """
            SELECT cr.customer_name, cr.request_type, cr.priority::text, cr.status::text, a.agent_code,
                   cr.created_at, coalesce(cr.due_at, cr.created_at + make_interval(hours => cr.sla_hours)),
                   (SELECT min(t.actual_time) FROM @s.callback_sla_tracking t
                     WHERE t.callback_request_id = cr.callback_request_id AND t.sla_type = 'first_response'),
                   cr.completed_at,
                   CASE WHEN cr.completed_at IS NULL THEN NULL
                        WHEN cr.completed_at <= coalesce(cr.due_at, cr.created_at + make_interval(hours => cr.sla_hours))
                        THEN 'yes' ELSE 'no' END,
                   round(extract(epoch FROM cr.completed_at - cr.created_at) / 60), cr.satisfaction_rating
              FROM @s.callback_requests cr
              LEFT JOIN @s.agents a ON a.agent_id = cr.agent_id
             WHERE cr.created_at >= {2} AND cr.created_at < {3}
               AND (shared.has_tenant_wide_access() OR cr.agent_id IN (SELECT @s.visible_agent_ids()))
             ORDER BY cr.created_at, cr.callback_request_id
            """, List.of(
            Column.text("Customer Name", "ग्राहक का नाम"),
            Column.code("Request Type", "अनुरोध का प्रकार"),
            Column.code("Priority", "प्राथमिकता"),
            Column.code("Status", "स्थिति"),
            Column.code("Agent Code", "एजेंट कोड"),
            Column.time("Opened (IST)", "खोला गया (IST)"),
            Column.time("Due (IST)", "देय (IST)"),
            Column.time("First Response (IST)", "पहला उत्तर (IST)"),
            Column.time("Completed (IST)", "पूर्ण (IST)"),
            Column.code("Within SLA", "SLA के भीतर"),
            Column.number("Minutes to Resolve", "समाधान में मिनट"),
            Column.number("Rating", "रेटिंग"))),

    /** Each customer the requester may see: policies, premium of the active ones, the next premium due. */
    CUSTOMER_SUMMARY(Days.NONE, 0, Performance.READERS, """
            SELECT ph.full_name, ph.phone_number, ph.customer_id, count(p.policy_id),
                   count(p.policy_id) FILTER (WHERE p.status = 'active'),
                   coalesce(sum(p.premium_amount) FILTER (WHERE p.status = 'active'), 0),
                   coalesce(sum(p.sum_assured) FILTER (WHERE p.status = 'active'), 0),
                   min(p.next_payment_date) FILTER (WHERE p.status IN ('active', 'lapsed')), a.agent_code
              FROM @s.policyholders ph
              LEFT JOIN @s.insurance_policies p ON p.policyholder_id = ph.policyholder_id
              LEFT JOIN @s.agents a ON a.agent_id = ph.agent_id
             GROUP BY ph.policyholder_id, ph.full_name, ph.phone_number, ph.customer_id, a.agent_code
             ORDER BY ph.full_name, ph.policyholder_id
            """, List.of(
            Column.text("Customer Name", "ग्राहक का नाम"),
            Column.code("Mobile Number", "मोबाइल नंबर"),
            Column.code("Customer ID", "ग्राहक आईडी"),
            Column.number("Policies", "पॉलिसियाँ"),
            Column.number("Active Policies", "सक्रिय पॉलिसियाँ"),
            Column.money("Active Premium", "सक्रिय प्रीमियम"),
            Column.money("Sum Assured", "बीमा राशि"),
            Column.date("Next Due Date", "अगली देय तिथि"),
            Column.code("Agent Code", "एजेंट कोड")));

    /** Which days a report covers: none (the book as it is), days ahead from today, or days up to yesterday. */
    enum Days { NONE, AHEAD, PAST }

    final Days days;
    final int maxDays;
    final Set<Role> roles;
    final String sql;
    final List<Column> columns;

    ReportType(Days days, int maxDays, Set<Role> roles, String sql, List<Column> columns) {
        this.days = days;
        this.maxDays = maxDays;
        this.roles = roles;
        this.sql = sql;
        this.columns = columns;
    }

    String literal() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ReportType> of(String literal) {
        for (ReportType type : values()) {
            if (type.literal().equals(literal)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    static String literals() {
        return String.join(", ", java.util.Arrays.stream(values()).map(ReportType::literal).toList());
    }
}
