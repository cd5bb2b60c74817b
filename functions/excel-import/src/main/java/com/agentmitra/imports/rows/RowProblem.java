package com.agentmitra.imports.rows;

import java.util.Objects;

/** What is wrong with one field of one row, named by the column header the agent sees. */
public record RowProblem(String column, String message) {

    public RowProblem {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return column + ": " + message;
    }
}
