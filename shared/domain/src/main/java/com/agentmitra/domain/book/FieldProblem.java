package com.agentmitra.domain.book;

import java.util.Objects;

/** One field that needs attention: the API answers these as problem details, the importer as row errors. */
public record FieldProblem(String field, String message) {

    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
