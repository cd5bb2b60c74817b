package com.agentmitra.imports.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which column holds which field, found in a header row: where it is ({@code sheet}, {@code headerRow}), the headers
 * as written, and the columns nothing matched (kept in the error report, ignored otherwise).
 */
public record ColumnMapping(String sheet, int headerRow, List<String> headers, Map<BookField, Integer> columns) {

    public ColumnMapping {
        Objects.requireNonNull(sheet, "sheet");
        headers = List.copyOf(headers);
        columns = Collections.unmodifiableMap(new EnumMap<>(columns.isEmpty() ? new EnumMap<>(BookField.class)
                : columns));
        for (int column : columns.values()) {
            if (column < 0 || column >= headers.size()) {
                throw new IllegalArgumentException("a mapped column is outside the header row");
            }
        }
    }

    public Optional<Integer> column(BookField field) {
        return Optional.ofNullable(columns.get(field));
    }

    public boolean has(BookField field) {
        return columns.containsKey(field);
    }

    /** The required fields no column holds, by label (a first-name column stands in for the full name). */
    public List<String> missingRequired() {
        List<String> missing = new ArrayList<>();
        for (BookField field : BookField.values()) {
            if (field.required() && !has(field) && !(field == BookField.NAME && has(BookField.FIRST_NAME))) {
                missing.add(field.label());
            }
        }
        return missing;
    }

    /** Header as written → target key, in column order (what {@code GET /imports/{id}} shows). */
    public Map<String, String> describe() {
        Map<String, String> described = new LinkedHashMap<>();
        for (int column = 0; column < headers.size(); column++) {
            for (Map.Entry<BookField, Integer> entry : columns.entrySet()) {
                if (entry.getValue() == column) {
                    described.put(headers.get(column), entry.getKey().key());
                }
            }
        }
        return described;
    }

    public List<String> unmapped() {
        List<String> unmapped = new ArrayList<>();
        for (int column = 0; column < headers.size(); column++) {
            if (!columns.containsValue(column) && !headers.get(column).isBlank()) {
                unmapped.add(headers.get(column));
            }
        }
        return unmapped;
    }

    /** The header of the column holding {@code field}, or its label when it has none. */
    public String headerOf(BookField field) {
        Integer column = columns.get(field);
        return column == null || headers.get(column).isBlank() ? field.label() : headers.get(column).strip();
    }
}
