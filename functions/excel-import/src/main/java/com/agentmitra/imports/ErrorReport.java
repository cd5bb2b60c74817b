package com.agentmitra.imports;

import com.agentmitra.imports.mapping.BookField;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.values.CellText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The error report: the rejected rows as uploaded, under the upload's own headers, plus the sheet row number and a
 * column saying what is wrong. Written with POI's streaming SXSSF (a window of rows in memory). Text that Excel
 * would run as a formula ({@code =}, {@code +}, {@code -}, {@code @} leading) is written as quoted text; every
 * text cell is a string cell, never a formula. Aadhaar numbers arrive already masked.
 */
final class ErrorReport {

    static final String ROW_HEADER = "Row in upload";
    static final String PROBLEM_HEADER = "What is wrong";

    private ErrorReport() {}

    /** {@code rows} feeds the rejected rows in order to the writer it is given. */
    static void write(Path file, List<String> headers, Set<Integer> dateColumns,
            Consumer<Consumer<RecordedRow>> rows) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            SXSSFSheet sheet = workbook.createSheet("Rejected rows");
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle quoted = workbook.createCellStyle();
            quoted.setQuotePrefixed(true);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy"));
            Row header = sheet.createRow(0);
            for (int c = 0; c < headers.size(); c++) {
                text(header.createCell(c), headers.get(c), quoted).setCellStyle(bold);
            }
            header.createCell(headers.size()).setCellValue(ROW_HEADER);
            header.createCell(headers.size() + 1).setCellValue(PROBLEM_HEADER);
            header.getCell(headers.size()).setCellStyle(bold);
            header.getCell(headers.size() + 1).setCellStyle(bold);
            int[] next = {1};
            rows.accept(row -> {
                Row line = sheet.createRow(next[0]++);
                List<Cell> cells = row.cells();
                for (int c = 0; c < Math.min(cells.size(), headers.size()); c++) {
                    Cell cell = cells.get(c);
                    if (cell.isBlank()) {
                        continue;
                    }
                    var target = line.createCell(c);
                    if (cell.numeric()) {
                        target.setCellValue(new BigDecimal(cell.text()).doubleValue());
                        if (dateColumns.contains(c)) {
                            target.setCellStyle(date);
                        }
                    } else {
                        text(target, cell.text(), quoted);
                    }
                }
                line.createCell(headers.size()).setCellValue(row.rowNumber());
                text(line.createCell(headers.size() + 1), row.summary(), quoted);
            });
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static org.apache.poi.ss.usermodel.Cell text(org.apache.poi.ss.usermodel.Cell cell, String text,
            CellStyle quoted) {
        cell.setCellValue(text);
        if (CellText.looksLikeFormula(text)) {
            cell.setCellStyle(quoted);
        }
        return cell;
    }

    static Set<Integer> dateColumns(java.util.Map<BookField, Integer> columns) {
        Set<Integer> dates = new HashSet<>();
        columns.forEach((field, column) -> {
            if (field.isDate()) {
                dates.add(column);
            }
        });
        return dates;
    }
}
