package com.agentmitra.imports.mapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what each header means: a saved template's mapping first, then exact synonyms (after
 * {@link HeaderText#normalise}, or with its abbreviated words written out, {@link HeaderText#expanded}), then, for fields still unplaced, the longest synonym of at least
 * {@value #LOOSE_MIN} characters contained in the header ({@code "Customer Mobile Number (10 digits)"}). Each field
 * takes its left-most column; each column one field.
 */
public final class HeaderMatcher {

    static final int LOOSE_MIN = 7;

    private final Map<String, BookField> saved;

    private HeaderMatcher(Map<String, BookField> saved) {
        this.saved = saved;
    }

    public static HeaderMatcher synonymsOnly() {
        return new HeaderMatcher(Map.of());
    }

    /** A saved mapping (header as written → target key); unknown targets are ignored here, refused on save. */
    public static HeaderMatcher withTemplate(Map<String, String> columnMapping) {
        Map<String, BookField> saved = new HashMap<>();
        columnMapping.forEach((header, target) -> BookField.byKey(target)
                .ifPresent(field -> saved.put(HeaderText.normalise(header), field)));
        return new HeaderMatcher(saved);
    }

    public ColumnMapping map(String sheet, int headerRow, List<String> headers) {
        Map<BookField, Integer> columns = new EnumMap<>(BookField.class);
        boolean[] taken = new boolean[headers.size()];
        List<String> normalised = headers.stream().map(HeaderText::normalise).toList();
        for (int c = 0; c < headers.size(); c++) {
            BookField field = saved.get(normalised.get(c));
            if (field != null && !columns.containsKey(field) && !normalised.get(c).isEmpty()) {
                columns.put(field, c);
                taken[c] = true;
            }
        }
        List<String> expanded = headers.stream().map(HeaderText::expanded).toList();
        for (int c = 0; c < headers.size(); c++) {
            if (!taken[c]) {
                String written = expanded.get(c);
                Optional<BookField> field = exact(normalised.get(c)).or(() -> exact(written));
                if (field.isPresent() && !columns.containsKey(field.get())) {
                    columns.put(field.get(), c);
                    taken[c] = true;
                }
            }
        }
        for (int c = 0; c < headers.size(); c++) {
            if (!taken[c]) {
                int column = c;
                Optional<BookField> field = loose(normalised.get(c), columns)
                        .or(() -> loose(expanded.get(column), columns));
                if (field.isPresent()) {
                    columns.put(field.get(), c);
                    taken[c] = true;
                }
            }
        }
        return new ColumnMapping(sheet, headerRow, headers, columns);
    }

    /** How many distinct fields a row's cells would name: a header row names several. */
    public int score(List<String> cells) {
        Map<BookField, Boolean> seen = new EnumMap<>(BookField.class);
        for (String cell : cells) {
            String text = HeaderText.normalise(cell);
            if (text.isEmpty() || text.length() > 60) {
                continue;
            }
            String expanded = HeaderText.expanded(cell);
            Optional<BookField> field = Optional.ofNullable(saved.get(text)).or(() -> exact(text))
                    .or(() -> exact(expanded));
            field.or(() -> loose(text, Map.of())).or(() -> loose(expanded, Map.of()))
                    .ifPresent(f -> seen.put(f, true));
        }
        return seen.size();
    }

    private static Optional<BookField> exact(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (BookField field : BookField.values()) {
            if (field.synonyms().contains(text)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private static Optional<BookField> loose(String text, Map<BookField, Integer> placed) {
        BookField best = null;
        int bestLength = 0;
        for (BookField field : BookField.values()) {
            if (placed.containsKey(field)) {
                continue;
            }
            for (String synonym : field.synonyms()) {
                if (synonym.length() >= LOOSE_MIN && synonym.length() > bestLength && text.contains(synonym)) {
                    best = field;
                    bestLength = synonym.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Header texts of a row, for {@link #map}. */
    public static List<String> texts(List<com.agentmitra.imports.read.Cell> cells) {
        List<String> texts = new ArrayList<>(cells.size());
        for (var cell : cells) {
            texts.add(cell.text().strip());
        }
        return texts;
    }
}
