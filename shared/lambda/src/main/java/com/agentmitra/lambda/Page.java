package com.agentmitra.lambda;

import java.util.List;
import java.util.Optional;

/** One page of a list: {@code {"items": [...], "nextCursor": "..."}}; no cursor on the last page. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty());
    }
}
