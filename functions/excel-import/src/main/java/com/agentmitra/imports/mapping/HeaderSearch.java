package com.agentmitra.imports.mapping;

import com.agentmitra.imports.read.RowVisitor;
import com.agentmitra.imports.read.SheetRow;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the sheet and row holding the headers while the workbook streams past: title and blank rows above it are
 * passed over, a sheet without a header in its first {@value #ROWS_SEARCHED} rows (an instructions sheet) is left
 * for the next. Once found, data rows go to {@link Data}; the first sheet with all required columns wins. A header
 * row lacking required columns is remembered, so the failure can name them.
 */
public final class HeaderSearch implements RowVisitor {

    static final int ROWS_SEARCHED = 30;
    static final int MIN_FIELDS = 3;

    /** Where rows go once the header is known. */
    public interface Data {
        void mapped(ColumnMapping mapping, OptionalInt lastRow);

        Next row(SheetRow row);
    }

    /** How the search ended. */
    public sealed interface Result permits Found, MissingColumns, NoHeader {}

    public record Found(ColumnMapping mapping) implements Result {}

    public record MissingColumns(ColumnMapping closest, List<String> missing) implements Result {
        public MissingColumns {
            missing = List.copyOf(missing);
        }
    }

    public record NoHeader() implements Result {}

    private final HeaderMatcher matcher;
    private final Data data;
    private String sheet = "";
    private OptionalInt lastRow = OptionalInt.empty();
    private int searched;
    private ColumnMapping found;
    private boolean sheetAfterFound;
    private ColumnMapping closest;
    private int closestScore;

    public HeaderSearch(HeaderMatcher matcher, Data data) {
        this.matcher = matcher;
        this.data = data;
    }

    @Override
    public void sheet(String name, OptionalInt lastRow) {
        if (found != null) {
            sheetAfterFound = true;
            return;
        }
        this.sheet = name;
        this.lastRow = lastRow;
        this.searched = 0;
    }

    @Override
    public Next row(SheetRow row) {
        if (found != null) {
            return sheetAfterFound ? Next.STOP : data.row(row);
        }
        if (row.isBlank()) {
            return Next.CONTINUE;
        }
        if (++searched > ROWS_SEARCHED) {
            return Next.NEXT_SHEET;
        }
        List<String> texts = HeaderMatcher.texts(row.cells());
        int score = matcher.score(texts);
        if (score < MIN_FIELDS) {
            return Next.CONTINUE;
        }
        ColumnMapping mapping = matcher.map(sheet, row.number(), texts);
        if (mapping.missingRequired().isEmpty()) {
            found = mapping;
            data.mapped(mapping, lastRow);
            return Next.CONTINUE;
        }
        if (score > closestScore) {
            closest = mapping;
            closestScore = score;
        }
        return Next.NEXT_SHEET;
    }

    public Result result() {
        if (found != null) {
            return new Found(found);
        }
        return Optional.ofNullable(closest)
                .<Result>map(mapping -> new MissingColumns(mapping, mapping.missingRequired()))
                .orElseGet(NoHeader::new);
    }
}
