package com.agentmitra.admin;

import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.ApiRequest;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Violations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A JSON object body read field by field, so that a PATCH tells "not given" (left alone) from {@code null}
 * (cleared). Every problem is collected into one {@link Violations}; unknown fields are refused, as everywhere in
 * this API. Sizes are bounded before anything is used.
 */
final class Fields {

    /** A field that was given: {@code value} empty means it was given as {@code null}. */
    record Given<T>(Optional<T> value) {
        T orNull() {
            return value.orElse(null);
        }
    }

    private final ObjectNode body;
    final Violations violations = new Violations();

    private Fields(ObjectNode body) {
        this.body = body;
    }

    /** The request's body as a JSON object with only {@code known} fields; anything else is a 400. */
    static Fields of(ApiRequest request, Set<String> known) {
        JsonNode node = request.body(JsonNode.class);
        if (!(node instanceof ObjectNode object)) {
            throw new ApiProblem.InvalidInput("the body must be a JSON object");
        }
        Violations unknown = new Violations();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name, "is not a known field");
            }
        });
        unknown.throwIfAny();
        return new Fields(object);
    }

    boolean has(String name) {
        return body.has(name);
    }

    boolean isEmpty() {
        return body.isEmpty();
    }

    Optional<Given<String>> text(String name, int maxLength, Pattern pattern, String shape) {
        if (!body.has(name)) {
            return Optional.empty();
        }
        JsonNode value = body.get(name);
        if (value.isNull()) {
            return Optional.of(new Given<>(Optional.empty()));
        }
        if (!value.isTextual()) {
            violations.add(name, "must be text");
            return Optional.empty();
        }
        String text = value.asText().strip();
        if (text.isEmpty() || text.length() > maxLength) {
            violations.add(name, "must be 1 to " + maxLength + " characters");
            return Optional.empty();
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            violations.add(name, "must be " + shape);
            return Optional.empty();
        }
        return Optional.of(new Given<>(Optional.of(text)));
    }

    /** A text field that may not be null or missing when {@code required}. */
    Optional<String> requiredText(String name, int maxLength, Pattern pattern, String shape, boolean required) {
        Optional<Given<String>> given = text(name, maxLength, pattern, shape);
        if (given.isPresent() && given.get().value().isEmpty()) {
            violations.add(name, "may not be null");
            return Optional.empty();
        }
        if (given.isEmpty() && required && !violations.has(name)) {
            violations.add(name, "is required");
        }
        return given.flatMap(Given::value);
    }

    Optional<Given<Integer>> integer(String name, int min, int max) {
        if (!body.has(name)) {
            return Optional.empty();
        }
        JsonNode value = body.get(name);
        if (value.isNull()) {
            return Optional.of(new Given<>(Optional.empty()));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            violations.add(name, "must be a whole number from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(new Given<>(Optional.of(value.asInt())));
    }

    Optional<Integer> requiredInteger(String name, int min, int max, boolean required) {
        return required(name, integer(name, min, max), required);
    }

    Optional<Given<Boolean>> bool(String name) {
        if (!body.has(name)) {
            return Optional.empty();
        }
        JsonNode value = body.get(name);
        if (value.isNull()) {
            return Optional.of(new Given<>(Optional.empty()));
        }
        if (!value.isBoolean()) {
            violations.add(name, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(new Given<>(Optional.of(value.asBoolean())));
    }

    Optional<Boolean> requiredBool(String name, boolean required) {
        return required(name, bool(name), required);
    }

    Optional<Given<LocalDate>> date(String name) {
        Optional<Given<String>> text = text(name, 10, null, null);
        if (text.isEmpty() || text.get().value().isEmpty()) {
            return text.map(given -> new Given<>(Optional.empty()));
        }
        try {
            return Optional.of(new Given<>(Optional.of(LocalDate.parse(text.get().value().get()))));
        } catch (DateTimeParseException e) {
            violations.add(name, "must be a date, YYYY-MM-DD");
            return Optional.empty();
        }
    }

    Optional<Given<UUID>> uuid(String name) {
        Optional<Given<String>> text = text(name, 36, null, null);
        if (text.isEmpty() || text.get().value().isEmpty()) {
            return text.map(given -> new Given<>(Optional.empty()));
        }
        try {
            return Optional.of(new Given<>(Optional.of(UUID.fromString(text.get().value().get()))));
        } catch (IllegalArgumentException e) {
            violations.add(name, "must be an id");
            return Optional.empty();
        }
    }

    /** A list of distinct texts, each matching {@code item}, at most {@code maxItems}. */
    Optional<Given<List<String>>> texts(String name, int maxItems, int maxLength, Pattern item, String shape) {
        if (!body.has(name)) {
            return Optional.empty();
        }
        JsonNode value = body.get(name);
        if (value.isNull()) {
            return Optional.of(new Given<>(Optional.empty()));
        }
        if (!value.isArray() || value.size() > maxItems) {
            violations.add(name, "must be a list of at most " + maxItems + " items");
            return Optional.empty();
        }
        Set<String> items = new LinkedHashSet<>();
        for (JsonNode element : value) {
            String text = element.isTextual() ? element.asText().strip() : "";
            if (text.isEmpty() || text.length() > maxLength || (item != null && !item.matcher(text).matches())) {
                violations.add(name, "items must be " + shape + ", 1 to " + maxLength + " characters");
                return Optional.empty();
            }
            items.add(text);
        }
        return Optional.of(new Given<>(Optional.of(new ArrayList<>(items))));
    }

    /** A JSON object, at most {@code maxBytes} once written. */
    Optional<Given<JsonNode>> object(String name, int maxBytes) {
        if (!body.has(name)) {
            return Optional.empty();
        }
        JsonNode value = body.get(name);
        if (value.isNull()) {
            return Optional.of(new Given<>(Optional.empty()));
        }
        if (!value.isObject() || Json.write(value).length() > maxBytes) {
            violations.add(name, "must be a JSON object of at most " + maxBytes + " bytes");
            return Optional.empty();
        }
        return Optional.of(new Given<>(Optional.of(value)));
    }

    JsonNode raw(String name) {
        return body.get(name);
    }

    private <T> Optional<T> required(String name, Optional<Given<T>> given, boolean required) {
        if (given.isPresent() && given.get().value().isEmpty()) {
            violations.add(name, "may not be null");
            return Optional.empty();
        }
        if (given.isEmpty() && required && !violations.has(name)) {
            violations.add(name, "is required");
        }
        return given.flatMap(Given::value);
    }
}
