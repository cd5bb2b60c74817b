package com.agentmitra.lambda;

import java.util.Objects;

/** One field of a request that needs attention, and what a person should do about it. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
