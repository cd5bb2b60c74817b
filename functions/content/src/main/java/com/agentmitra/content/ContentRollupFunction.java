package com.agentmitra.content;

import com.agentmitra.lambda.EventFunction;
import com.agentmitra.lambda.EventShape;
import com.agentmitra.lambda.Invocation;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The {@code contentRollup} entry point: the nightly schedule rolls up yesterday (Asia/Kolkata); a direct invocation
 * may name the day, {@code {"date": "2026-12-06"}}.
 */
final class ContentRollupFunction extends EventFunction<Map<String, Object>, Map<String, Object>, Map<String, Object>> {

    private final ContentRollup rollup;
    private final Clock clock;

    ContentRollupFunction(ContentRollup rollup, Clock clock) {
        super(ContentFunctions.ROLLUP, EventShape.schedule());
        this.rollup = rollup;
        this.clock = clock;
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Invocation invocation) {
        Object date = event.get("date");
        LocalDate day;
        if (date instanceof String text && text.length() == 10) {
            try {
                day = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("date must be YYYY-MM-DD");
            }
        } else if (date == null) {
            day = LocalDate.ofInstant(clock.instant(), ContentService.INDIA).minusDays(1);
        } else {
            throw new IllegalArgumentException("date must be YYYY-MM-DD");
        }
        return Map.of("tenants", rollup.run(day));
    }
}
