package com.agentmitra.domain.callbacks;

import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A callback's priority score, 1..100, exactly as the schema of record computes it
 * ({@code calculate_callback_priority_score}, seed §7, tenant V015): request-type weight (50 when unknown), plus the
 * urgency and customer-value modifiers, plus one point per 4 hours waited (capped at 10, never negative), clamped to
 * 1..100 and kept to two decimals. {@code PriorityScoreMatchesSqlIT} holds the two together.
 */
public record PriorityScore(BigDecimal value) {

    private static final Map<String, Integer> REQUEST_WEIGHTS = Map.of(
            "policy_issue", 90, "payment_problem", 85, "claim_assistance", 80,
            "general_inquiry", 60, "feedback", 40, "suggestion", 30);
    private static final Map<String, Integer> URGENCY_MODIFIERS = Map.of("critical", 20, "high", 15, "medium", 10, "low", 0);
    private static final Map<String, Integer> VALUE_MODIFIERS = Map.of("platinum", 15, "gold", 10, "silver", 5, "bronze", 0);
    private static final BigDecimal UNKNOWN_TYPE_WEIGHT = BigDecimal.valueOf(50);
    private static final BigDecimal AGE_CAP = BigDecimal.TEN;
    private static final BigDecimal MIN = BigDecimal.ONE;
    private static final BigDecimal MAX = BigDecimal.valueOf(100);
    // get_callback_priority_category: high from 85, medium from 70
    private static final BigDecimal HIGH_FROM = BigDecimal.valueOf(85);
    private static final BigDecimal MEDIUM_FROM = BigDecimal.valueOf(70);

    public PriorityScore {
        value = value.setScale(2, RoundingMode.HALF_UP);
    }

    /** The score of a request that has waited {@code ageHours} whole hours. */
    public static PriorityScore of(String requestType, String urgency, String customerValue, long ageHours) {
        BigDecimal score = REQUEST_WEIGHTS.containsKey(requestType)
                ? BigDecimal.valueOf(REQUEST_WEIGHTS.get(requestType)) : UNKNOWN_TYPE_WEIGHT;
        score = score.add(BigDecimal.valueOf(URGENCY_MODIFIERS.getOrDefault(urgency, 0)));
        score = score.add(BigDecimal.valueOf(VALUE_MODIFIERS.getOrDefault(customerValue, 0)));
        BigDecimal age = BigDecimal.valueOf(Math.max(ageHours, 0)).divide(BigDecimal.valueOf(4), 2, RoundingMode.HALF_UP);
        score = score.add(age.min(AGE_CAP));
        return new PriorityScore(score.max(MIN).min(MAX));
    }

    public CallbackPriority category() {
        if (value.compareTo(HIGH_FROM) >= 0) {
            return CallbackPriority.high;
        }
        return value.compareTo(MEDIUM_FROM) >= 0 ? CallbackPriority.medium : CallbackPriority.low;
    }
}
