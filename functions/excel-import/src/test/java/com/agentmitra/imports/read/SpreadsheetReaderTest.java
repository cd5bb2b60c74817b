package com.agentmitra.imports.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.imports.Workbooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpreadsheetReaderTest {

    @TempDir
    Path dir;

    private final SpreadsheetReader reader = new SpreadsheetReader(ReadLimits.DEFAULT);

    /** Records what the reader hands over. */
    static final class Collected implements RowVisitor {
        final List<String> sheets = new ArrayList<>();
        final List<OptionalInt> lastRows = new ArrayList<>();
        final List<SheetRow> rows = new ArrayList<>();

        @Override
        public void sheet(String name, OptionalInt lastRow) {
            sheets.add(name);
            lastRows.add(lastRow);
        }

        @Override
        public Next row(SheetRow row) {
            rows.add(row);
            return Next.CONTINUE;
        }

        List<String> texts(int index) {
            return rows.get(index).cells().stream().map(Cell::text).toList();
        }
    }

    private Collected read(Path file) {
        Collected collected = new Collected();
        reader.read(file, file.getFileName().toString(), collected);
        return collected;
    }

    private static Workbooks typical() {
        return Workbooks.book().titled("Ramesh's LIC book, March").withInstructionsSheetFirst()
                .row("Sunita Devi", 9000000001L, "LIC0000001", "Jeevan Anand", 500000, 2500.5, "Yly",
                        LocalDate.of(2020, 1, 15), "01/03/1985", null, "Pune", new Workbooks.Formula("\"In \"&\"Force\""))
                .row("=HYPERLINK(\"x\")", "+91 90000-00002", "LIC0000002", "Jeevan Labh", "1,00,000", "Rs. 1,200",
                        "Hly", "15-01-2021", "", "", "", "");
    }

    @Nested
    class Xlsx {

        @Test
        void streamsEverySheetInOrderWithRowNumbersAsExcelShowsThem() {
            Collected read = read(typical().xlsx(dir));

            assertThat(read.sheets).containsExactly("Instructions", "Book");
            assertThat(read.rows.stream().map(SheetRow::number)).containsExactly(1, 2, 1, 3, 4, 5);
            assertThat(read.lastRows.get(1)).hasValue(5);
        }

        @Test
        void numbersComeInPlainNotationAndFormulasWithTheirCachedValue() {
            Collected read = read(typical().xlsx(dir));

            List<Cell> sunita = read.rows.get(4).cells();
            assertThat(sunita.get(1)).isEqualTo(new Cell("9000000001", true));
            assertThat(sunita.get(5)).isEqualTo(new Cell("2500.5", true));
            assertThat(sunita.get(7)).isEqualTo(new Cell("43845", true)); // 15 Jan 2020 as a serial
            assertThat(sunita.get(11).text()).isEqualTo("In Force");
            assertThat(read.texts(5).get(0)).isEqualTo("=HYPERLINK(\"x\")");
        }

        @Test
        void aCutShortUploadFailsSayingSo() throws Exception {
            Path cut = Workbooks.truncated(typical().xlsx(dir), dir, 1500);

            assertThatThrownBy(() -> read(cut)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("damaged or incomplete");
        }

        @Test
        void aPasswordProtectedWorkbookFailsAskingForItWithoutPassword() throws Exception {
            Path locked = Workbooks.passwordProtected(typical().xlsx(dir), dir);

            assertThatThrownBy(() -> read(locked)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("password-protected");
        }

        @Test
        void aZipBombIsRefusedQuicklyWithoutUnpackingIt() throws Exception {
            Path bomb = Workbooks.withSheetXml(Workbooks.book().xlsx(dir), dir, Workbooks.bombSheet(200));
            long started = System.nanoTime();

            assertThatThrownBy(() -> read(bomb)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("zip bomb");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            assertThat(Files.size(bomb)).isLessThan(2_000_000);
        }

        @Test
        void aBookWhoseStylesSwelledPastTheSettingsLimitIsStillRead() {
            Path swollen = com.agentmitra.imports.HostileWorkbooks.xlsx()
                    .put("xl/styles.xml", swollenStyles(17))
                    .sheet(com.agentmitra.imports.HostileWorkbooks.sheet(com.agentmitra.imports.HostileWorkbooks.header()))
                    .write(dir.resolve("swollen-styles.xlsx"));

            Collected read = read(swollen);

            assertThat(read.rows).hasSize(1);
        }

        private static byte[] swollenStyles(int megabytes) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs>");
            java.util.Random random = new java.util.Random(megabytes);
            while (xml.length() < megabytes * 1024 * 1024) {
                xml.append("<xf numFmtId=\"").append(random.nextInt(1_000_000)).append("\" fontId=\"")
                        .append(random.nextInt(1_000_000)).append("\"/>");
            }
            return xml.append("</cellXfs></styleSheet>").toString().getBytes(StandardCharsets.UTF_8);
        }

        @Test
        void xmlEntityTricksAreRefused() throws Exception {
            Path entities = Workbooks.withSheetXml(Workbooks.book().xlsx(dir), dir, Workbooks.entitySheet());

            assertThatThrownBy(() -> read(entities)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("not allowed");
        }

        @Test
        void tooManyRowsStopTheReadNamingTheLimit() {
            Workbooks book = Workbooks.book();
            for (int i = 1; i <= 30; i++) {
                book.validRow(i);
            }
            Path file = book.xlsx(dir);
            SpreadsheetReader small = new SpreadsheetReader(new ReadLimits(20, ReadLimits.DEFAULT.maxUnpackedEntryBytes()));

            assertThatThrownBy(() -> small.read(file, "book.xlsx", new Collected()))
                    .hasMessageContaining("more than 20 rows");
        }
    }

    @Nested
    class Xls {

        @Test
        void readsTheSameCellsAsTheXlsxWithoutBuildingAWorkbook() {
            Collected xls = read(typical().xls(dir));
            Collected xlsx = read(typical().xlsx(dir));

            assertThat(xls.sheets).containsExactly("Instructions", "Book");
            assertThat(xls.rows).isEqualTo(xlsx.rows);
        }

        @Test
        void aTruncatedXlsFailsSayingSo() throws Exception {
            Path cut = Workbooks.truncated(typical().xls(dir), dir, 2000);

            assertThatThrownBy(() -> read(cut)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("damaged or incomplete");
        }
    }

    @Nested
    class Csv {

        @Test
        void readsUtf8WithAByteOrderMarkQuotedCommasAndLineBreaks() throws Exception {
            Path file = dir.resolve("book.csv");
            Files.writeString(file, "\uFEFFनाम,मोबाइल,Address\r\n\"Sharma, Anil\",09000000003,\"12 MG Road\nPune\"\r\n",
                    StandardCharsets.UTF_8);

            Collected read = read(file);

            assertThat(read.texts(0)).containsExactly("नाम", "मोबाइल", "Address");
            assertThat(read.texts(1)).containsExactly("Sharma, Anil", "09000000003", "12 MG Road\nPune");
            assertThat(read.rows.get(1).cells().get(1).numeric()).isFalse();
        }

        @Test
        void readsWithoutAByteOrderMarkToo() {
            Collected read = read(typical().csv(dir, false));

            assertThat(read.texts(0)).containsExactly("Ramesh's LIC book, March");
            assertThat(read.texts(1)).isEqualTo(Workbooks.HEADERS);
        }

        @Test
        void textThatIsNotUtf8IsRefusedRatherThanMisread() throws Exception {
            Path file = dir.resolve("latin1.csv");
            Files.write(file, "Name,Mobile\nJos\u00e9,9000000004\n".getBytes(StandardCharsets.ISO_8859_1));

            assertThatThrownBy(() -> read(file)).hasMessageContaining("not UTF-8");
        }

        @Test
        void anUnclosedQuoteAtTheEndMeansTheFileWasCut() throws Exception {
            Path file = dir.resolve("cut.csv");
            Files.writeString(file, "Name,Mobile\n\"Anil", StandardCharsets.UTF_8);

            assertThatThrownBy(() -> read(file)).hasMessageContaining("ends inside a quoted field");
        }
    }

    @Nested
    class OtherFiles {

        @Test
        void aPdfOrImageIsRefusedNamingWhatCanBeImported() throws Exception {
            Path pdf = dir.resolve("book.pdf");
            Files.writeString(pdf, "%PDF-1.7 not a spreadsheet");

            assertThatThrownBy(() -> read(pdf)).hasMessageContaining("upload .xlsx, .xls or .csv");
        }

        @Test
        void anEmptyFileIsRefused() throws Exception {
            Path empty = Files.createFile(dir.resolve("empty.xlsx"));

            assertThatThrownBy(() -> read(empty)).hasMessageContaining("empty");
        }

        @Test
        void textNamedXlsxIsRefusedAsNotAWorkbook() throws Exception {
            Path fake = dir.resolve("fake.xlsx");
            Files.writeString(fake, "Name,Mobile\n");

            assertThatThrownBy(() -> read(fake)).hasMessageContaining("not one");
        }
    }
}
