package com.agentmitra.domain.callbacks;

import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.lambda.Violations;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An agent's weekly hours in India Standard Time: {@code {"mon": [{"from": "09:00", "to": "18:00"}], ...}}. No days
 * at all means always available (the schema's default {@code '{}'}); a day left out means not available that day.
 * The assignment query applies the same reading in SQL ({@link CallbackRepository}).
 */
public record WeeklyAvailability(Map<String, List<Window>> days) {

    public static final ZoneId BUSINESS_ZONE = BusinessDay.INDIA;
    public static final List<String> DAY_KEYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public record Window(String from, String to) {}

    public WeeklyAvailability {
        days = days == null ? Map.of() : Map.copyOf(days);
    }

    public static WeeklyAvailability always() {
        return new WeeklyAvailability(Map.of());
    }

    /** Checks every day key and window, naming each bad one under {@code field}. */
    public static WeeklyAvailability validated(Map<String, List<Window>> days, String field, Violations violations) {
        if (days == null) {
            return always();
        }
        Map<String, List<Window>> clean = new LinkedHashMap<>();
        days.forEach((day, windows) -> {
            String key = day == null ? "" : day.toLowerCase(Locale.ROOT);
            if (!DAY_KEYS.contains(key)) {
                violations.add(field + "." + day, "must be one of " + String.join(", ", DAY_KEYS));
                return;
            }
            List<Window> list = windows == null ? List.of() : windows;
            for (int i = 0; i < list.size(); i++) {
                Window window = list.get(i);
                String at = field + "." + key + "[" + i + "]";
                LocalTime from = time(window == null ? null : window.from());
                LocalTime to = time(window == null ? null : window.to());
                if (from == null || to == null) {
                    violations.add(at, "needs from and to as HH:mm (India Standard Time)");
                } else if (!from.isBefore(to)) {
                    violations.add(at, "must end after it starts");
                }
            }
            clean.put(key, List.copyOf(list));
        });
        return new WeeklyAvailability(clean);
    }

    public boolean isAvailableAt(java.time.Instant instant) {
        if (days.isEmpty()) {
            return true;
        }
        ZonedDateTime local = instant.atZone(BUSINESS_ZONE);
        LocalTime time = local.toLocalTime();
        return days.getOrDefault(dayKey(local.getDayOfWeek()), List.of()).stream()
                .anyMatch(window -> !time.isBefore(LocalTime.parse(window.from())) && time.isBefore(LocalTime.parse(window.to())));
    }

    public static String dayKey(DayOfWeek day) {
        return DAY_KEYS.get(day.getValue() - 1);
    }

    private static LocalTime time(String text) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
