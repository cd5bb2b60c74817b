package com.agentmitra.domain.callbacks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the callback routes answer (camelCase JSON, times ISO-8601 in UTC). */
public final class CallbackViews {

    private CallbackViews() {}

    /** One callback request. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Callback(UUID id, UUID customerId, String customerName, String customerPhone, UUID agentId, UUID policyId,
            String requestType, String description, String urgency, String customerValue, String priority,
            BigDecimal priorityScore, String status, String source, String sourceReferenceId, List<String> tags,
            String category, Instant createdAt, Instant scheduledAt, Instant dueAt, Instant assignedAt,
            Instant startedAt, Instant completedAt, String resolution, String resolutionCategory,
            Integer satisfactionRating, int assignmentCount) {
        public Callback {
            tags = List.copyOf(tags);
        }
    }

    public record Activity(UUID id, UUID agentId, String type, String description, Integer durationMinutes,
            String contactMethod, String outcome, String notes, Instant createdAt) {}

    public record Sla(String type, Instant targetTime, Instant actualTime, Boolean met, Integer delayMinutes) {}

    /** {@code GET /callbacks/{id}}. */
    public record Detail(Callback callback, List<Activity> activities, List<Sla> sla) {
        public Detail {
            activities = List.copyOf(activities);
            sla = List.copyOf(sla);
        }
    }

    /** {@code GET /callbacks/summary}: what the caller can see, now and today (Asia/Kolkata). */
    public record Summary(Map<String, Long> byStatus, Map<String, Long> byPriority, long open, long overdue,
            java.time.LocalDate businessDay, long slaDueToday, long slaMetToday, BigDecimal slaCompliancePercentToday) {
        public Summary {
            byStatus = Map.copyOf(byStatus);
            byPriority = Map.copyOf(byPriority);
        }
    }

    /** {@code GET/PUT /agents/{id}/callback-capacity}. */
    public record Capacity(UUID agentId, int maxConcurrentCallbacks, int maxDailyCallbacks, int currentActiveCallbacks,
            int assignedToday, List<String> specialties, Map<String, List<WeeklyAvailability.Window>> availability,
            boolean isAvailable, Instant lastAssignedAt) {
        public Capacity {
            specialties = List.copyOf(specialties);
            availability = Map.copyOf(availability);
        }
    }
}
