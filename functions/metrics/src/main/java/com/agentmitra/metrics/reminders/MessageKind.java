package com.agentmitra.metrics.reminders;

import com.agentmitra.messaging.WhatsappMessage;
import java.util.Arrays;
import java.util.List;

/**
 * The messages the daily job sends, each an approved template (shared V010, V050, V076) whose {@code {{1}}..{{n}}} come
 * from the claimed row's details in this order.
 */
enum MessageKind {
    PREMIUM_DUE("premium_due", "premium_due_reminder", WhatsappMessage.REMINDER,
            "customerName", "dueDate", "amount", "policyNumber"),
    GRACE_PERIOD("grace_period", "grace_period_notice", WhatsappMessage.REMINDER,
            "customerName", "amount", "policyNumber", "dueDate", "graceEnd"),
    LAPSE_CUSTOMER("lapse_customer", "policy_lapse_notice", "lapse_notice",
            "customerName", "policyNumber", "dueDate", "agentName"),
    /** One per policy: no longer claimed (the agent gets {@link #AGENT_DIGEST}); kept for rows claimed before. */
    LAPSE_AGENT("lapse_agent", "policy_lapsed_agent", "lapse_notice",
            "agentName", "policyNumber", "customerName", "dueDate", "revivalDeadline"),
    /** One per agent per day (issue 21): policies lapsed today, premiums due this week; the detail in the portal. */
    AGENT_DIGEST("agent_digest", "agent_daily_digest", "lapse_notice", "agentName", "lapsedToday", "dueThisWeek"),
    MATURITY("maturity", "maturity_reminder", WhatsappMessage.REMINDER,
            "customerName", "policyNumber", "maturityDate", "agentName"),
    BIRTHDAY("birthday", "birthday_greeting", WhatsappMessage.GREETING, "customerName", "agentName");

    private final String sqlName;
    private final String template;
    private final String purpose;
    private final List<String> parameters;

    MessageKind(String sqlName, String template, String purpose, String... parameters) {
        this.sqlName = sqlName;
        this.template = template;
        this.purpose = purpose;
        this.parameters = List.of(parameters);
    }

    String sqlName() {
        return sqlName;
    }

    String template() {
        return template;
    }

    String purpose() {
        return purpose;
    }

    /** The details, in the template's parameter order. */
    List<String> parameters() {
        return parameters;
    }

    static MessageKind fromSql(String sqlName) {
        return Arrays.stream(values()).filter(kind -> kind.sqlName.equals(sqlName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message kind " + sqlName));
    }
}
