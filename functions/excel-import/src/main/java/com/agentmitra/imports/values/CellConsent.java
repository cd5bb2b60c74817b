package com.agentmitra.imports.values;

import com.agentmitra.domain.book.Parsed;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.rows.StatedConsent.Answer;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A consent cell as agents fill it, in English, Hindi and Hinglish: yes/no, Y/N, true/false (Excel's TRUE/FALSE),
 * 1/0, agreed, हाँ/हां/नहीं, haan/nahi; case and surrounding spaces and full stops do not matter. A blank cell states
 * nothing. Anything else is refused rather than guessed: consent is proof, and a misread "yes" would message someone
 * who never agreed.
 */
public final class CellConsent {

    static final String MESSAGE = "must be yes or no (Y/N, हाँ/नहीं), or left blank to change nothing";

    private static final Set<String> YES = Set.of("yes", "y", "true", "1", "agreed", "agree", "हाँ", "हां", "हा",
            "haan", "haa", "han", "ha");
    private static final Set<String> NO = Set.of("no", "n", "false", "0", "नहीं", "नही", "nahi", "nahin");

    private CellConsent() {}

    public static Parsed<Answer> parse(Cell cell) {
        if (cell.isBlank()) {
            return Parsed.valid(Answer.NOT_STATED);
        }
        String text = Normalizer.normalize(cell.text(), Normalizer.Form.NFC).strip().toLowerCase(Locale.ROOT);
        while (text.endsWith(".") || text.endsWith("।")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (YES.contains(text)) {
            return Parsed.valid(Answer.YES);
        }
        if (NO.contains(text)) {
            return Parsed.valid(Answer.NO);
        }
        return Parsed.invalid(MESSAGE);
    }
}
