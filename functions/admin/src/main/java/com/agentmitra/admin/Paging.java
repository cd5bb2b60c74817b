package com.agentmitra.admin;

import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.Cursor;
import java.util.Optional;
import java.util.regex.Pattern;

/** Page size, cursor and search text of the lists, read and bounded the same way everywhere. */
final class Paging {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int MAX_SEARCH = 100;

    private Paging() {}

    static int limit(ApiRequest request) {
        Optional<String> raw = request.query("limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.InvalidInput.field("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    static Optional<Cursor> cursor(ApiRequest request, String kind, int size) {
        return request.query("cursor").map(text -> Cursor.decode(text, kind, size));
    }

    /** {@code q}: at most 100 characters, made into a case-insensitive LIKE pattern with its wildcards escaped. */
    static Optional<String> search(ApiRequest request) {
        Optional<String> q = request.query("q").map(String::strip).filter(text -> !text.isEmpty());
        if (q.isPresent() && q.get().length() > MAX_SEARCH) {
            throw ApiProblem.InvalidInput.field("q", "must be at most " + MAX_SEARCH + " characters");
        }
        return q.map(text -> "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }

    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
}
