package com.agentmitra.policies;

import com.agentmitra.lambda.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * An opaque keyset cursor: the sort and the sort key of the last row of a page (never an offset, so rows inserted
 * meanwhile neither repeat nor skip rows on later pages). Base64url of {@code sort|value|value}.
 */
public record Cursor(String sort, List<String> values) {

    public Cursor {
        values = List.copyOf(values);
    }

    public String encode() {
        String raw = sort + "|" + String.join("|", values);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made for {@code sort} with {@code size} values; anything else is a 400 on {@code cursor}. */
    public static Cursor decode(String encoded, String sort, int size) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            List<String> parts = List.of(raw.split("\\|", -1));
            if (parts.size() != size + 1 || !parts.getFirst().equals(sort)) {
                throw invalid();
            }
            return new Cursor(sort, parts.subList(1, parts.size()));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiProblem invalid() {
        return ApiProblem.InvalidInput.field("cursor", "is not a cursor from this list and sort: start again without it");
    }
}
