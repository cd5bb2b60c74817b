package com.agentmitra.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Spreadsheets built in the tests with POI, as agents make them: title rows, an instructions sheet, merged titles,
 * numbers where text was meant, formulas. Values: a {@code String} is a text cell, a {@code Number} a numeric cell,
 * a {@link LocalDate} a date-formatted serial, a {@link Formula} a formula (POI caches its value on evaluation),
 * {@code null} no cell.
 */
public final class Workbooks {

    public record Formula(String expression) {}

    public static final List<String> HEADERS = List.of("Customer Name", "Mobile No.", "Policy No", "Plan Name",
            "S.A.", "Premium", "Mode", "DOC", "DOB", "Aadhaar", "City", "Status");

    private final List<String> titles = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();
    private List<String> headers = HEADERS;
    private boolean instructionsSheet;

    public static Workbooks book() {
        return new Workbooks();
    }

    public Workbooks titled(String... titleRows) {
        titles.addAll(Arrays.asList(titleRows));
        return this;
    }

    public Workbooks withInstructionsSheetFirst() {
        instructionsSheet = true;
        return this;
    }

    public Workbooks headers(String... names) {
        headers = List.of(names);
        return this;
    }

    public Workbooks row(Object... values) {
        rows.add(Arrays.asList(values));
        return this;
    }

    /** A valid row numbered {@code n}: plainly fake data (+91 90000 xxxxx). */
    public Workbooks validRow(int n) {
        return row("Ramesh Kumar " + n, String.format("+91 90000 %05d", n), String.format("LIC%07d", n),
                "Jeevan Anand", "5,00,000", "₹2,500", "Yly", "15/01/2020", "01-Mar-85", null, "Pune", "In Force");
    }

    public Path xlsx(Path dir) {
        return write(new XSSFWorkbook(), dir.resolve("book.xlsx"));
    }

    public Path xls(Path dir) {
        return write(new HSSFWorkbook(), dir.resolve("book.xls"));
    }

    public Path csv(Path dir, boolean byteOrderMark) {
        StringBuilder text = new StringBuilder(byteOrderMark ? "\uFEFF" : "");
        titles.forEach(title -> text.append(quote(title)).append("\r\n"));
        text.append(String.join(",", headers.stream().map(Workbooks::quote).toList())).append("\r\n");
        for (List<Object> row : rows) {
            text.append(String.join(",", row.stream().map(v -> v == null ? "" : quote(String.valueOf(v))).toList()))
                    .append("\r\n");
        }
        Path file = dir.resolve("book.csv");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private Path write(Workbook workbook, Path file) {
        try (workbook; OutputStream out = Files.newOutputStream(file)) {
            if (instructionsSheet) {
                Sheet help = workbook.createSheet("Instructions");
                help.createRow(0).createCell(0).setCellValue("How to fill this sheet");
                help.createRow(1).createCell(0).setCellValue("One row per policy. Mobile number with or without +91.");
            }
            Sheet sheet = workbook.createSheet("Book");
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            int r = 0;
            for (String title : titles) {
                sheet.createRow(r).createCell(0).setCellValue(title);
                sheet.addMergedRegion(new CellRangeAddress(r, r, 0, Math.max(1, headers.size() - 1)));
                r += 2; // a blank row under each title
            }
            Row header = sheet.createRow(r++);
            for (int c = 0; c < headers.size(); c++) {
                header.createCell(c).setCellValue(headers.get(c));
            }
            for (List<Object> values : rows) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    switch (value) {
                        case Number number -> cell.setCellValue(number.doubleValue());
                        case LocalDate date -> {
                            cell.setCellValue(date);
                            cell.setCellStyle(dateStyle);
                        }
                        case Formula formula -> cell.setCellFormula(formula.expression());
                        default -> cell.setCellValue(String.valueOf(value));
                    }
                }
            }
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The same .xlsx encrypted with a password, as Excel's "Encrypt with Password" saves it. */
    public static Path passwordProtected(Path xlsx, Path dir) throws Exception {
        Path file = dir.resolve("locked.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.standard);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream os = encryptor.getDataStream(fs)) {
                Files.copy(xlsx, os);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }
        return file;
    }

    /** The first {@code keep} bytes of a file, as an upload cut short leaves it. */
    public static Path truncated(Path file, Path dir, int keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut-" + file.getFileName());
        Files.write(cut, Arrays.copyOf(bytes, Math.min(keep, bytes.length)));
        return cut;
    }

    /** An .xlsx whose first worksheet part is replaced by {@code sheetXml} (bombs, entity tricks). */
    public static Path withSheetXml(Path xlsx, Path dir, byte[] sheetXml) throws IOException {
        Path file = dir.resolve("tampered.xlsx");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(xlsx));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    out.write(sheetXml);
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return file;
    }

    /** A worksheet part of {@code megabytes} of whitespace around one row: compresses about 1000 to 1. */
    public static byte[] bombSheet(int megabytes) {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        xml.writeBytes(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\"><sheetData>").getBytes(StandardCharsets.UTF_8));
        byte[] spaces = new byte[1024 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < megabytes; i++) {
            xml.writeBytes(spaces);
        }
        xml.writeBytes("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        return xml.toByteArray();
    }

    public static byte[] entitySheet() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                + "spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is>"
                + "</c></row></sheetData></worksheet>").getBytes(StandardCharsets.UTF_8);
    }
}
