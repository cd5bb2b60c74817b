package com.agentmitra.domain.book;

import java.util.Objects;

/** The outcome of reading one field: a valid value, or a message a person can act on (never echoing secrets). */
public sealed interface Parsed<T> permits Parsed.Valid, Parsed.Invalid {

    static <T> Parsed<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Parsed<T> invalid(String message) {
        return new Invalid<>(message);
    }

    record Valid<T>(T value) implements Parsed<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(String message) implements Parsed<T> {
        public Invalid {
            Objects.requireNonNull(message, "message");
        }
    }
}
