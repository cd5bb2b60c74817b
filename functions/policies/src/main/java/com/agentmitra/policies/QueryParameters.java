package com.agentmitra.policies;

import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import java.util.Optional;
import java.util.UUID;

/** Reads list query parameters strictly: a malformed value is a 400 on that parameter, never ignored. */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;

    private QueryParameters() {}

    public static int limit(ApiRequest request) {
        return integer(request, "limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    }

    public static Optional<Integer> integer(ApiRequest request, String name, int min, int max) {
        return request.query(name).map(raw -> {
            try {
                int value = Integer.parseInt(raw.strip());
                if (value < min || value > max) {
                    throw ApiProblem.InvalidInput.field(name, "must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw ApiProblem.InvalidInput.field(name, "must be a whole number");
            }
        });
    }

    public static Optional<UUID> uuid(ApiRequest request, String name) {
        return request.query(name).map(raw -> {
            try {
                return UUID.fromString(raw.strip());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.InvalidInput.field(name, "must be a UUID");
            }
        });
    }

    public static Optional<String> text(ApiRequest request, String name, int maxLength) {
        return request.query(name).map(String::strip).filter(value -> !value.isEmpty()).map(value -> {
            if (value.length() > maxLength) {
                throw ApiProblem.InvalidInput.field(name, "must be at most " + maxLength + " characters");
            }
            return value;
        });
    }

    /** A LIKE pattern matching {@code text} literally (wildcards escaped with backslash). */
    public static String likeLiteral(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
