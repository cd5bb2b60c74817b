package com.agentmitra.domain.callbacks;

import com.agentmitra.lambda.Violations;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The bodies of the callback routes that change one callback, each checking its own fields. */
public final class CallbackCommands {

    private CallbackCommands() {}

    /** {@code POST /callbacks/{id}/assign} (managers). */
    public record Assign(UUID agentId) {
        public Assign {
            new Violations().require("agentId", agentId).throwIfAny();
        }
    }

    /** {@code POST /callbacks/{id}/status}: only the moves this route makes (assign and complete have their own). */
    public record ChangeStatus(String status, String note) {
        public static final List<String> TARGETS = List.of("in_progress", "cancelled");

        public ChangeStatus {
            Violations violations = new Violations().require("status", status);
            if (status != null && !status.isBlank() && !TARGETS.contains(status)) {
                violations.add("status", switch (status) {
                    case "assigned" -> "use POST /callbacks/{id}/assign";
                    case "completed" -> "use POST /callbacks/{id}/complete";
                    case "overdue" -> "is set only by the SLA sweeper";
                    default -> "must be in_progress or cancelled";
                });
            }
            if (note != null && note.length() > 2000) {
                violations.add("note", "must be at most 2000 characters");
            }
            violations.throwIfAny();
        }
    }

    /** {@code POST /callbacks/{id}/activities}: a contact attempt or a note, as it happened. */
    public record Activity(String type, String description, Integer durationMinutes, String outcome, String notes) {
        /** Activity type → contact method (seed §7 callback_activities.contact_method). */
        public static final Map<String, String> TYPES = Map.of("call", "phone", "whatsapp", "whatsapp", "sms", "sms",
                "email", "email", "in_person", "in_person", "note", "");
        public static final List<String> OUTCOMES = List.of("successful", "no_answer", "wrong_number", "voicemail", "busy",
                "call_back_later");

        public Activity {
            Violations violations = new Violations().require("type", type).require("description", description);
            if (type != null && !type.isBlank() && !TYPES.containsKey(type)) {
                violations.add("type", "must be one of call, whatsapp, sms, email, in_person, note");
            }
            if (description != null && description.length() > 2000) {
                violations.add("description", "must be at most 2000 characters");
            }
            if (durationMinutes != null && (durationMinutes < 0 || durationMinutes > 600)) {
                violations.add("durationMinutes", "must be between 0 and 600");
            }
            if (outcome != null && !OUTCOMES.contains(outcome)) {
                violations.add("outcome", "must be one of " + String.join(", ", OUTCOMES));
            }
            if (notes != null && notes.length() > 4000) {
                violations.add("notes", "must be at most 4000 characters");
            }
            violations.throwIfAny();
        }

        /** A contact attempt (anything but a note) is the customer's first response. */
        public boolean isContact() {
            return !type.equals("note");
        }

        public String contactMethod() {
            String method = TYPES.get(type);
            return method.isEmpty() ? null : method;
        }
    }

    /** {@code POST /callbacks/{id}/complete}. */
    public record Complete(String resolution, String resolutionCategory) {
        public static final List<String> CATEGORIES = List.of("resolved", "escalated", "transferred");

        public Complete {
            resolutionCategory = resolutionCategory == null ? "resolved" : resolutionCategory;
            Violations violations = new Violations().require("resolution", resolution);
            if (resolution != null && resolution.length() > 4000) {
                violations.add("resolution", "must be at most 4000 characters");
            }
            if (!CATEGORIES.contains(resolutionCategory)) {
                violations.add("resolutionCategory", "must be one of resolved, escalated, transferred");
            }
            violations.throwIfAny();
        }
    }

    /** {@code POST /callbacks/{id}/rating} (the policyholder, once, after completion). */
    public record Rate(Integer rating) {
        public Rate {
            Violations violations = new Violations().require("rating", rating);
            if (rating != null && (rating < 1 || rating > 5)) {
                violations.add("rating", "must be a whole number from 1 to 5");
            }
            violations.throwIfAny();
        }
    }

    /** {@code PUT /agents/{id}/callback-capacity}: the whole setting, replaced. */
    public record Capacity(Integer maxConcurrentCallbacks, Integer maxDailyCallbacks, List<String> specialties,
            Map<String, List<WeeklyAvailability.Window>> availability, Boolean isAvailable) {

        public Capacity {
            specialties = specialties == null ? List.of() : List.copyOf(specialties);
            isAvailable = isAvailable == null ? Boolean.TRUE : isAvailable;
            Violations violations = new Violations()
                    .require("maxConcurrentCallbacks", maxConcurrentCallbacks)
                    .require("maxDailyCallbacks", maxDailyCallbacks);
            if (maxConcurrentCallbacks != null && (maxConcurrentCallbacks < 0 || maxConcurrentCallbacks > 100)) {
                violations.add("maxConcurrentCallbacks", "must be between 0 and 100");
            }
            if (maxDailyCallbacks != null && (maxDailyCallbacks < 0 || maxDailyCallbacks > 1000)) {
                violations.add("maxDailyCallbacks", "must be between 0 and 1000");
            }
            for (int i = 0; i < specialties.size(); i++) {
                if (!NewCallback.REQUEST_TYPES.contains(specialties.get(i))) {
                    violations.add("specialties[" + i + "]", "must be a request type: "
                            + String.join(", ", NewCallback.REQUEST_TYPES));
                }
            }
            availability = WeeklyAvailability.validated(availability, "availability", violations).days();
            violations.throwIfAny();
        }
    }
}
