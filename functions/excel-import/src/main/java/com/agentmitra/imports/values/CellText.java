package com.agentmitra.imports.values;

import com.agentmitra.imports.read.Cell;
import java.util.Locale;
import java.util.Map;

/** Small readings of text cells: phone digits from numeric cells, names, gender and language words. */
public final class CellText {

    private static final Map<String, String> GENDERS = Map.ofEntries(
            Map.entry("m", "male"), Map.entry("male", "male"), Map.entry("पुरुष", "male"), Map.entry("f", "female"),
            Map.entry("female", "female"), Map.entry("महिला", "female"), Map.entry("स्त्री", "female"),
            Map.entry("o", "other"), Map.entry("other", "other"), Map.entry("transgender", "other"));
    private static final Map<String, String> LANGUAGES = Map.ofEntries(
            Map.entry("english", "en"), Map.entry("hindi", "hi"), Map.entry("हिंदी", "hi"), Map.entry("हिन्दी", "hi"),
            Map.entry("bengali", "bn"), Map.entry("bangla", "bn"), Map.entry("telugu", "te"),
            Map.entry("marathi", "mr"), Map.entry("tamil", "ta"), Map.entry("gujarati", "gu"),
            Map.entry("kannada", "kn"), Map.entry("malayalam", "ml"), Map.entry("punjabi", "pa"),
            Map.entry("odia", "or"), Map.entry("oriya", "or"), Map.entry("assamese", "as"), Map.entry("urdu", "ur"));
    private static final java.util.Set<String> SALUTATIONS = java.util.Set.of("mr", "mrs", "ms", "miss", "smt", "shri",
            "sri", "dr", "kum", "km", "prof", "master");

    private CellText() {}

    /** The cell's text, or null when blank. */
    public static String of(Cell cell) {
        String text = cell.text().strip();
        return text.isEmpty() ? null : text;
    }

    /** A phone typed as a number keeps its digits; a text phone is passed on as typed for the phone rule. */
    public static String phone(Cell cell) {
        return of(cell);
    }

    public static String gender(Cell cell) {
        String text = of(cell);
        return text == null ? null : GENDERS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    }

    public static String language(Cell cell) {
        String text = of(cell);
        return text == null ? null : LANGUAGES.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    }

    /** "Smt. Sunita Devi Sharma" → salutation Smt., first name "Sunita Devi", last name "Sharma". */
    public record PersonName(String salutation, String firstName, String lastName) {

        public static PersonName split(String full) {
            if (full == null || full.isBlank()) {
                return new PersonName(null, null, null);
            }
            String[] words = full.strip().split("\\s+");
            int first = 0;
            String salutation = null;
            if (words.length > 1 && SALUTATIONS.contains(words[0].replace(".", "").toLowerCase(Locale.ROOT))) {
                salutation = words[0];
                first = 1;
            }
            if (words.length - first == 1) {
                return new PersonName(salutation, words[first], null);
            }
            return new PersonName(salutation, String.join(" ", java.util.Arrays.copyOfRange(words, first,
                    words.length - 1)), words[words.length - 1]);
        }
    }

    /** Text Excel would run as a formula if written back as a formula ({@code =}, {@code +}, {@code -}, {@code @}). */
    public static boolean looksLikeFormula(String text) {
        return !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("[+-]?[0-9 .,]+");
    }
}
