package com.agentmitra.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

/**
 * Writes a small agent's book as agents make them, for trying the import on {@code local/run}: an instructions sheet
 * first, two title rows above the header, 20 good customers and 3 rows that must be rejected (a nine-digit phone number, an
 * impossible date, a missing policy number). Plainly fake data: +91 90000 xxxxx phones, LIC-numbered demo policies.
 *
 * <p>Run: {@code ./mvnw -q -pl functions/excel-import validate exec:exec@demo-workbook} (writes
 * {@code functions/excel-import/target/demo-book.xlsx}; README.md, "Run it").
 */
public final class DemoWorkbook {

    private DemoWorkbook() {}

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target/demo-book.xlsx").toAbsolutePath();
        Files.createDirectories(target.getParent());
        Workbooks book = Workbooks.book().withInstructionsSheetFirst()
                .titled("Ramesh Kumar - LIC Agent Code DEMO-001", "Customer list as on 25/11/2026");
        for (int n = 1; n <= 20; n++) {
            book.validRow(50_000 + n);
        }
        book.row("Short Number", "98765 4321", "LIC0050021", "Jeevan Labh", "2,00,000", "1,200", "Mly",
                "01/04/2023", "12-Aug-90", null, "Pune", "In Force");
        book.row("Impossible Date", "+91 90000 50022", "LIC0050022", "Tech Term", "10,00,000", "8,400", "Yly",
                "31/02/2024", "05-Jan-88", null, "Nagpur", "In Force");
        book.row("No Policy Number", "+91 90000 50023", null, "New Endowment", "3,00,000", "2,100", "Qly",
                LocalDate.of(2022, 7, 1), "19-Oct-79", null, "Indore", "In Force");
        Path written = book.xlsx(Files.createTempDirectory("demo-book"));
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(target);
    }
}
