package com.agentmitra.domain.book;

import java.util.List;
import java.util.Objects;

/** A whole input checked: the validated value, or every field problem found. */
public sealed interface Validated<T> permits Validated.Ok, Validated.Rejected {

    record Ok<T>(T value) implements Validated<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected<T>(List<FieldProblem> problems) implements Validated<T> {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection names at least one problem");
            }
        }
    }

    static <T> Validated<T> of(FieldProblems problems, java.util.function.Supplier<T> value) {
        return problems.isEmpty() ? new Ok<>(value.get()) : new Rejected<>(problems.list());
    }
}
