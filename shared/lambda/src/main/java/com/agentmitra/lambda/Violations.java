package com.agentmitra.lambda;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of a request, so one answer names them all. */
public final class Violations {

    private final List<FieldError> errors = new ArrayList<>();

    public Violations add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public Violations require(String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            add(field, "is required");
        }
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    /** Throws {@link ApiProblem.InvalidInput} naming every field collected, if any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ApiProblem.InvalidInput(errors);
        }
    }
}
