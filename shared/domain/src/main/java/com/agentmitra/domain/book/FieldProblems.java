package com.agentmitra.domain.book;

import java.util.ArrayList;
import java.util.List;

/** Collects every field problem of one input (a request body or a spreadsheet row), so one answer names them all. */
public final class FieldProblems {

    private final List<FieldProblem> problems = new ArrayList<>();

    /** The value when valid; records the problem and answers null otherwise. */
    public <T> T take(String field, Parsed<T> parsed) {
        return switch (parsed) {
            case Parsed.Valid<T> valid -> valid.value();
            case Parsed.Invalid<T> invalid -> {
                add(field, invalid.message());
                yield null;
            }
        };
    }

    /** Reads an optional raw value: absent or blank is null without a problem. */
    public <T> T optional(String field, String raw, java.util.function.Function<String, Parsed<T>> parser) {
        return raw == null || raw.isBlank() ? null : take(field, parser.apply(raw));
    }

    public void require(String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            add(field, "is required");
        }
    }

    public void add(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<FieldProblem> list() {
        return List.copyOf(problems);
    }
}
