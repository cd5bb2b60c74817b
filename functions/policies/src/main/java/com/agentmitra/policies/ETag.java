package com.agentmitra.policies;

import com.agentmitra.lambda.ApiProblem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * Versions of a row for optimistic concurrency: the row's {@code updated_at} (set by trigger on every update, to
 * the microsecond) as a strong entity tag. A write carrying {@code If-Match} with an older tag answers 412.
 */
public final class ETag {

    private ETag() {}

    public static String of(Instant updatedAt) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
        return "\"" + Long.toString(micros, 36) + "\"";
    }

    /** Passes when there is no {@code If-Match}, it is {@code *}, or it names the current version. */
    public static void check(Optional<String> ifMatch, String current) {
        if (ifMatch.isEmpty()) {
            return;
        }
        boolean matches = Arrays.stream(ifMatch.get().split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(current));
        if (!matches) {
            throw new ApiProblem.PreconditionFailed(
                    "this record changed since you read it: fetch it again and re-apply your change");
        }
    }
}
