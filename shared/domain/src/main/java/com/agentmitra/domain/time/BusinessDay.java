package com.agentmitra.domain.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** India Standard Time is the business day: due dates, birth dates and grace periods are its calendar dates. */
public final class BusinessDay {

    public static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private BusinessDay() {}

    public static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(INDIA));
    }

    /** The start of {@code date} in India, as the instant stored for "paid on that day". */
    public static Instant startOf(LocalDate date) {
        return date.atStartOfDay(INDIA).toInstant();
    }
}
