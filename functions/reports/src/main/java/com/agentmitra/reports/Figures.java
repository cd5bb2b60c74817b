package com.agentmitra.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the performance routes answer (JSON as written by the shared mapper; money as exact decimals). */
final class Figures {

    private Figures() {}

    /**
     * An agent's figures over some days. Flows (sold, collected, due, lapses, callbacks, messages) are sums; book
     * figures (premium under management, active customers) are those of the last day of the days; SLA compliance
     * and satisfaction are weighted by the callbacks resolved behind them; absent when no callback was resolved.
     */
    record Values(int days, int policiesSold, BigDecimal premiumCollected, BigDecimal premiumUnderManagement,
            int newCustomers, int activeCustomers, int renewalsDue, int renewalsCollected, int lapses, int revivals,
            int callbacksAssigned, int callbacksHandled, Optional<BigDecimal> slaCompliancePercent,
            Optional<BigDecimal> customerSatisfaction, int whatsappMessages, int whatsappSent,
            int whatsappDelivered, int whatsappRead) {}

    /** One day (its date) or one month (its first day). */
    record PeriodRow(LocalDate period, Values figures) {}

    record AgentPerformance(UUID agentId, String agentCode, LocalDate from, LocalDate to, String granularity,
            List<PeriodRow> periods, Values totals) {}

    record TeamRow(UUID agentId, String agentCode, Optional<UUID> parentAgentId, Values figures) {}

    /**
     * The caller's visible agents, one row per agent (a page of them, by agent code), and the totals of every
     * visible agent over the days (not only the page's).
     */
    record TeamPerformance(LocalDate from, LocalDate to, int agents, List<TeamRow> items, Values totals,
            Optional<String> nextCursor) {}
}
