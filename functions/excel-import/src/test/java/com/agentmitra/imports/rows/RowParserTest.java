package com.agentmitra.imports.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.imports.Workbooks;
import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.mapping.HeaderMatcher;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.read.SheetRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RowParserTest {

    static final UUID AGENT = UUID.fromString("00000000-0000-4000-8000-00000000a001");
    static final ColumnMapping MAPPING = HeaderMatcher.synonymsOnly().map("Book", 1, Workbooks.HEADERS);
    final RowParser parser = new RowParser(MAPPING, AGENT, LocalDate.of(2026, 11, 25));

    private static SheetRow row(Object... values) {
        List<Cell> cells = new ArrayList<>();
        for (Object value : values) {
            cells.add(value == null ? Cell.EMPTY : value instanceof Number n ? Cell.number(n.toString())
                    : Cell.text(value.toString()));
        }
        return new SheetRow(7, cells);
    }

    @Test
    void aGoodRowBecomesTheBooksValidatedDetails() {
        ParsedRow parsed = parser.parse(row("Shri Anil Kumar Verma", 9000000007L, "LIC0000007", "Jeevan Anand",
                "5,00,000", "₹2,500", "Hly", 43845, "01-Mar-85", "2345 6789 0124", "Pune", "In Force"));

        assertThat(parsed).isInstanceOf(ParsedRow.Accepted.class);
        var accepted = (ParsedRow.Accepted) parsed;
        assertThat(accepted.person().salutation()).hasValue("Shri");
        assertThat(accepted.person().firstName()).isEqualTo("Anil Kumar");
        assertThat(accepted.person().phone().e164()).isEqualTo("+919000000007");
        assertThat(accepted.policy().premiumFrequency().sqlName()).isEqualTo("half_yearly");
        assertThat(accepted.policy().startDate()).isEqualTo(LocalDate.of(2020, 1, 15));
        assertThat(accepted.policy().status().getLiteral()).isEqualTo("active");
    }

    @Test
    void everyBadFieldIsNamedByItsColumnAndTheAadhaarNumberNeverEchoed() {
        ParsedRow parsed = parser.parse(row("Anil", "12345", "LIC 7", "", "0", "abc", "Weekly", "31/02/2024", null,
                "2345 6789 0123", null, "Sleeping"));

        assertThat(parsed).isInstanceOf(ParsedRow.Rejected.class);
        var rejected = (ParsedRow.Rejected) parsed;
        assertThat(rejected.problems()).extracting(RowProblem::column).contains("Mobile No.", "Policy No",
                "Plan Name", "S.A.", "Premium", "Mode", "DOC", "Aadhaar", "Status");
        assertThat(rejected.cells().get(9).text()).isEqualTo("XXXX-XXXX-0123");
        assertThat(rejected.toString()).doesNotContain("234567890123").doesNotContain("2345 6789 0123");
    }

    @Nested
    class ConsentColumns {

        final RowParser withConsent = new RowParser(HeaderMatcher.synonymsOnly().map("Book", 1, List.of(
                "Customer Name", "Mobile No.", "Policy No", "Plan Name", "S.A.", "Premium", "Mode", "DOC",
                "व्हाट्सएप सहमति", "Offers")), AGENT, LocalDate.of(2026, 11, 25));

        private ParsedRow parse(Object utility, Object marketing) {
            return withConsent.parse(row("Anil Verma", "9000000009", "LIC9", "Plan", "1000", "10", "Yly",
                    "01/01/2020", utility, marketing));
        }

        @Test
        void answersAreReadPerPurposeAndABlankCellStatesNothing() {
            var accepted = (ParsedRow.Accepted) parse("हाँ", null);

            assertThat(accepted.consent()).isEqualTo(new StatedConsent(StatedConsent.Answer.YES,
                    StatedConsent.Answer.NOT_STATED));
            assertThat(((ParsedRow.Accepted) parse("  ", "N")).consent()).isEqualTo(new StatedConsent(
                    StatedConsent.Answer.NOT_STATED, StatedConsent.Answer.NO));
        }

        @Test
        void anAnswerThatIsNeitherYesNorNoRejectsTheRowNamingItsColumn() {
            ParsedRow parsed = parse("maybe", "yes");

            assertThat(parsed).isInstanceOf(ParsedRow.Rejected.class);
            assertThat(((ParsedRow.Rejected) parsed).problems()).singleElement().satisfies(problem -> {
                assertThat(problem.column()).isEqualTo("व्हाट्सएप सहमति");
                assertThat(problem.message()).contains("yes or no");
            });
        }

        @Test
        void withoutConsentColumnsARowStatesNothing() {
            var accepted = (ParsedRow.Accepted) parser.parse(row("Anil Verma", "9000000008", "LIC8", "Plan", "1000",
                    "10", "Yly", "01/01/2020"));

            assertThat(accepted.consent()).isEqualTo(StatedConsent.NONE);
        }
    }

    @Test
    void rowsBlankInEveryMappedColumnAreSkipped() {
        assertThat(parser.parse(row("  ", null, "", null))).isInstanceOf(ParsedRow.Blank.class);
    }

    @Test
    void equalRowsHaveEqualFingerprints() {
        var a = (ParsedRow.Accepted) parser.parse(row("Anil Verma", "9000000008", "LIC8", "Plan", "1000", "10",
                "Yly", "01/01/2020"));
        var b = (ParsedRow.Accepted) parser.parse(row("Anil Verma", "9000000008", "LIC8", "Plan", "1000", "10",
                "Yly", "01/01/2020"));
        var c = (ParsedRow.Accepted) parser.parse(row("Anil Verma", "9000000008", "LIC8", "Plan", "1000", "11",
                "Yly", "01/01/2020"));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }
}
