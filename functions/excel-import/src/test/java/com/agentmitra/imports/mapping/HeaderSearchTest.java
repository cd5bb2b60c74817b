package com.agentmitra.imports.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.imports.Workbooks;
import com.agentmitra.imports.read.ReadLimits;
import com.agentmitra.imports.read.RowVisitor;
import com.agentmitra.imports.read.SheetRow;
import com.agentmitra.imports.read.SpreadsheetReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderSearchTest {

    @TempDir
    Path dir;

    static final class Rows implements HeaderSearch.Data {
        ColumnMapping mapping;
        final List<Integer> rows = new ArrayList<>();

        @Override
        public void mapped(ColumnMapping mapping, OptionalInt lastRow) {
            this.mapping = mapping;
        }

        @Override
        public RowVisitor.Next row(SheetRow row) {
            rows.add(row.number());
            return RowVisitor.Next.CONTINUE;
        }
    }

    private HeaderSearch.Result search(Path file, Rows rows) {
        HeaderSearch search = new HeaderSearch(HeaderMatcher.synonymsOnly(), rows);
        new SpreadsheetReader(ReadLimits.DEFAULT).read(file, file.getFileName().toString(), search);
        return search.result();
    }

    @Test
    void theHeaderIsFoundBelowTitlesOnTheSheetAfterTheInstructions() {
        Rows rows = new Rows();
        Path file = Workbooks.book().titled("LIC customer list", "Branch 812").withInstructionsSheetFirst()
                .validRow(1).validRow(2).xlsx(dir);

        HeaderSearch.Result result = search(file, rows);

        assertThat(result).isInstanceOf(HeaderSearch.Found.class);
        assertThat(rows.mapping.sheet()).isEqualTo("Book");
        assertThat(rows.mapping.headerRow()).isEqualTo(5);
        assertThat(rows.rows).containsExactly(6, 7);
    }

    @Test
    void aHeaderLackingRequiredColumnsIsReportedWithWhatIsMissing() {
        Path file = Workbooks.book().headers("Customer Name", "Mobile", "Policy No").row("A", "1", "2").xls(dir);

        HeaderSearch.Result result = search(file, new Rows());

        assertThat(result).isInstanceOfSatisfying(HeaderSearch.MissingColumns.class,
                missing -> assertThat(missing.missing()).contains("Plan Name", "Sum Assured"));
    }

    @Test
    void aSheetWithoutAnyHeaderSaysSo() {
        Path file = Workbooks.book().headers("Lorem", "Ipsum").row("a", "b").csv(dir, false);

        assertThat(search(file, new Rows())).isInstanceOf(HeaderSearch.NoHeader.class);
    }
}
