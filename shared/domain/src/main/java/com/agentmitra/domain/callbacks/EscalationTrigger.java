package com.agentmitra.domain.callbacks;

import com.agentmitra.data.jooq.shared.enums.CallbackStatus;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * When an escalation rule fires ({@code callback_escalation_rules.trigger_condition}):
 * {@code {"overdueByMinutes": 30, "statuses": ["assigned", "overdue"]}} matches open callbacks whose due time passed
 * at least that long ago, in those statuses (default: pending, assigned, overdue; in_progress is being worked on).
 * A condition that cannot be read is reported and the rule skipped, never guessed.
 */
public record EscalationTrigger(Duration overdueBy, Set<CallbackStatus> statuses) {

    private static final Set<CallbackStatus> DEFAULT_STATUSES =
            EnumSet.of(CallbackStatus.pending, CallbackStatus.assigned, CallbackStatus.overdue);

    public EscalationTrigger {
        statuses = Set.copyOf(statuses);
    }

    public static Optional<EscalationTrigger> parse(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            JsonNode minutes = node.path("overdueByMinutes");
            if (!minutes.canConvertToInt() || minutes.asInt() < 0) {
                return Optional.empty();
            }
            Set<CallbackStatus> statuses = EnumSet.copyOf(DEFAULT_STATUSES);
            if (node.has("statuses")) {
                statuses = EnumSet.noneOf(CallbackStatus.class);
                for (JsonNode status : node.path("statuses")) {
                    CallbackStatus parsed = CallbackStatus.lookupLiteral(status.asText());
                    if (parsed == null || !StatusTransition.OPEN.contains(parsed)) {
                        return Optional.empty();
                    }
                    statuses.add(parsed);
                }
                if (statuses.isEmpty()) {
                    return Optional.empty();
                }
            }
            return Optional.of(new EscalationTrigger(Duration.ofMinutes(minutes.asInt()), statuses));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
