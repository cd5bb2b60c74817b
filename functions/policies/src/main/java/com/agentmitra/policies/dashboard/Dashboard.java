package com.agentmitra.policies.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** An agent's day at a glance: the book, what falls due, what is slipping, what customers asked for. */
public record Dashboard(
        LocalDate asOf,
        long policyholders,
        long activePolicies,
        BigDecimal premiumUnderManagement,
        Due dueIn7Days,
        Due dueIn30Days,
        long policiesInGrace,
        long lapsedPolicies,
        long openCallbacks) {

    public Dashboard {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(premiumUnderManagement, "premiumUnderManagement");
    }

    /** Premiums falling due in a window: how many and how much. */
    public record Due(long policies, BigDecimal amount) {}
}
