package com.agentmitra.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A report file written row by row to a stream, never held whole: xlsx through POI's streaming workbook (a window
 * of {@link #WINDOW} rows in memory, the rest in a compressed temporary file until the workbook is written out), csv
 * straight through a buffered writer. Money is written exactly (xlsx: a number cell formatted as rupees with Indian
 * digit grouping; csv: the decimal as it is); dates are IST business dates, times are shown in IST.
 */
abstract sealed class ReportSheet implements AutoCloseable {

    static final int WINDOW = 100;
    /** Rupees with Indian grouping: 1,23,45,678.90 (crore, lakh, thousand). */
    static final String RUPEES = "[>=10000000]\"₹\"##\\,##\\,##\\,##0.00;[>=100000]\"₹\"##\\,##\\,##0.00;\"₹\"#,##0.00";
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    protected final List<Column> columns;

    protected ReportSheet(List<Column> columns) {
        this.columns = columns;
    }

    static ReportSheet open(String format, List<Column> columns, String language, String sheetName, OutputStream out) {
        ReportSheet sheet = "csv".equals(format) ? new Csv(columns, out) : new Xlsx(columns, sheetName, out);
        sheet.header(columns.stream().map(column -> column.header(language)).toList());
        return sheet;
    }

    protected abstract void header(List<String> names);

    /** One row, a value per column (null: an empty cell). */
    abstract void row(Object[] values);

    /** Writes what is left and the file's end; the stream is closed by its owner. */
    @Override
    public abstract void close();

    /** An instant or timestamp as the IST wall time. */
    static LocalDateTime ist(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.atZoneSameInstant(Period.INDIA).toLocalDateTime();
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atZone(Period.INDIA).toLocalDateTime();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().atZone(Period.INDIA).toLocalDateTime();
        }
        throw new IllegalArgumentException("not a time: " + value.getClass().getSimpleName());
    }

    static LocalDate date(Object value) {
        return value instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) value;
    }

    static final class Xlsx extends ReportSheet {
        private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        private final Sheet sheet;
        private final OutputStream out;
        private final CellStyle money;
        private final CellStyle date;
        private final CellStyle time;
        private int next;

        Xlsx(List<Column> columns, String sheetName, OutputStream out) {
            super(columns);
            this.out = out;
            // the rows past the window wait in a plain temporary file (about 0.6 KB a row of 24 columns, 60 MB for
            // 100,000 rows in Lambda's 512 MB /tmp): compressing it is a second deflate of every row
            workbook.setCompressTempFiles(false);
            sheet = workbook.createSheet(sheetName);
            var formats = workbook.createDataFormat();
            money = workbook.createCellStyle();
            money.setDataFormat(formats.getFormat(RUPEES));
            date = workbook.createCellStyle();
            date.setDataFormat(formats.getFormat("yyyy-mm-dd"));
            time = workbook.createCellStyle();
            time.setDataFormat(formats.getFormat("yyyy-mm-dd hh:mm"));
        }

        @Override
        protected void header(List<String> names) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle style = workbook.createCellStyle();
            style.setFont(bold);
            Row row = sheet.createRow(next++);
            for (int i = 0; i < names.size(); i++) {
                Cell cell = row.createCell(i);
                cell.setCellValue(names.get(i));
                cell.setCellStyle(style);
            }
        }

        @Override
        void row(Object[] values) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < columns.size(); i++) {
                Object value = values[i];
                if (value == null) {
                    continue;
                }
                Cell cell = row.createCell(i);
                switch (columns.get(i).kind()) {
                    case MONEY -> {
                        // exact: a NUMERIC(15,2) has at most 15 significant digits, which a double keeps exactly
                        cell.setCellValue(((BigDecimal) value).doubleValue());
                        cell.setCellStyle(money);
                    }
                    case NUMBER -> cell.setCellValue(((Number) value).doubleValue());
                    case DATE -> {
                        cell.setCellValue(date(value));
                        cell.setCellStyle(date);
                    }
                    case TIME -> {
                        cell.setCellValue(ist(value));
                        cell.setCellStyle(time);
                    }
                    case TEXT, CODE -> cell.setCellValue(value.toString());
                }
            }
        }

        @Override
        public void close() {
            try {
                workbook.write(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                workbook.dispose();
                try {
                    workbook.close();
                } catch (IOException ignored) {
                    // the temporary files are already gone (dispose)
                }
            }
        }
    }

    static final class Csv extends ReportSheet {
        private final Writer writer;

        Csv(List<Column> columns, OutputStream out) {
            super(columns);
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            try {
                writer.write('\uFEFF'); // a BOM, so spreadsheet programs read the Hindi headers as UTF-8
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected void header(List<String> names) {
            line(names.stream().map(Csv::quoted).toList());
        }

        @Override
        void row(Object[] values) {
            String[] cells = new String[columns.size()];
            for (int i = 0; i < cells.length; i++) {
                Object value = values[i];
                cells[i] = value == null ? "" : switch (columns.get(i).kind()) {
                    case MONEY -> ((BigDecimal) value).toPlainString();
                    case NUMBER -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
                    case DATE -> date(value).toString();
                    case TIME -> ist(value).format(CSV_TIME);
                    case CODE -> quoted(value.toString());
                    case TEXT -> quoted(neutralised(value.toString()));
                };
            }
            line(java.util.Arrays.asList(cells));
        }

        /** Free text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with an apostrophe. */
        static String neutralised(String text) {
            return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        }

        static String quoted(String text) {
            boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
            return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
        }

        private void line(List<String> cells) {
            try {
                writer.write(String.join(",", cells));
                writer.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
