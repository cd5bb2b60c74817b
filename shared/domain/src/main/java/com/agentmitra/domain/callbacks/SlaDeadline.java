package com.agentmitra.domain.callbacks;

import com.agentmitra.data.jooq.shared.enums.CallbackPriority;
import java.time.Duration;
import java.time.Instant;

/**
 * When a callback is due: 2 hours for high priority, 8 for medium, 24 for low after it was asked for
 * ({@code calculate_callback_due_date}, seed §7). The due time is the first-response target (the customer is told
 * "you will get a call by" it); resolution is due one more SLA period later.
 */
public record SlaDeadline(CallbackPriority priority, Instant createdAt) {

    public static SlaDeadline after(CallbackPriority priority, Instant createdAt) {
        return new SlaDeadline(priority, createdAt);
    }

    public int hours() {
        return switch (priority) {
            case high -> 2;
            case medium -> 8;
            case low -> 24;
        };
    }

    public Instant dueAt() {
        return createdAt.plus(Duration.ofHours(hours()));
    }

    public Instant firstResponseTarget() {
        return dueAt();
    }

    public Instant resolutionTarget() {
        return createdAt.plus(Duration.ofHours(2L * hours()));
    }
}
