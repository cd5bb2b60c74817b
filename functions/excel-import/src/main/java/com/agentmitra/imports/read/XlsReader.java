package com.agentmitra.imports.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.poi.hssf.eventusermodel.AbortableHSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFEventFactory;
import org.apache.poi.hssf.eventusermodel.HSSFRequest;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.CellValueRecordInterface;
import org.apache.poi.hssf.record.DimensionsRecord;
import org.apache.poi.hssf.record.EOFRecord;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.Record;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;

/**
 * Streams a legacy .xls (BIFF8) with POI's HSSF event API: records arrive in file order, cells row by row; no
 * {@code HSSFWorkbook} is built. Formula cells give their cached value (a text result follows in a
 * {@code StringRecord}).
 */
final class XlsReader {

    private XlsReader() {}

    static void read(Path file, ReadLimits limits, RowVisitor visitor) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntry("EncryptionInfo")) {
                throw new UnreadableFileException(
                        "the workbook is password-protected; save it without a password and upload it again");
            }
            if (!fs.getRoot().hasEntry("Workbook") && !fs.getRoot().hasEntry("WORKBOOK")
                    && !fs.getRoot().hasEntry("Book")) {
                throw new UnreadableFileException("the file is an Office document but not an Excel workbook");
            }
            Listener listener = new Listener(limits, visitor);
            HSSFRequest request = new HSSFRequest();
            request.addListenerForAllRecords(listener);
            new HSSFEventFactory().abortableProcessWorkbookEvents(request, fs);
            listener.flush();
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | org.apache.poi.hssf.eventusermodel.HSSFUserException | RuntimeException e) {
            throw Failures.explain(e, "the .xls file is damaged or incomplete (was the upload cut short?)");
        }
    }

    private static final class Listener extends AbortableHSSFListener {
        private final ReadLimits limits;
        private final RowVisitor visitor;
        private final List<String> sheetNames = new ArrayList<>();
        private final List<Cell> cells = new ArrayList<>();
        private SSTRecord strings;
        private int sheetIndex = -1;
        private boolean inSheet;
        private boolean skipSheet;
        private boolean sheetAnnounced;
        private int row = -1;
        private int rowsRead;
        private int pendingFormulaColumn = -1;
        private int rowChars;
        private short answer;

        Listener(ReadLimits limits, RowVisitor visitor) {
            this.limits = limits;
            this.visitor = visitor;
        }

        @Override
        public short abortableProcessRecord(Record record) {
            switch (record) {
                case BoundSheetRecord sheet -> sheetNames.add(sheet.getSheetname());
                case SSTRecord sst -> strings = sst;
                case BOFRecord bof when bof.getType() == BOFRecord.TYPE_WORKSHEET -> {
                    sheetIndex++;
                    inSheet = true;
                    skipSheet = false;
                    sheetAnnounced = false;
                    row = -1;
                }
                case DimensionsRecord dimensions when inSheet && !sheetAnnounced ->
                        announce(OptionalInt.of(dimensions.getLastRow()));
                case EOFRecord eof when inSheet -> {
                    flush();
                    inSheet = false;
                }
                case StringRecord text when pendingFormulaColumn >= 0 -> {
                    put(pendingFormulaColumn, Cell.text(text.getString()));
                    pendingFormulaColumn = -1;
                }
                case CellValueRecordInterface cell when inSheet && !skipSheet -> cell(cell);
                default -> { }
            }
            return answer;
        }

        private void cell(CellValueRecordInterface cell) {
            if (cell.getRow() != row) {
                flush();
                row = cell.getRow();
            }
            int column = cell.getColumn();
            switch (cell) {
                case NumberRecord number -> put(column, Cell.number(number.getValue()));
                case LabelSSTRecord label -> put(column, Cell.text(strings == null ? ""
                        : strings.getString(label.getSSTIndex()).getString()));
                case LabelRecord label -> put(column, Cell.text(label.getValue()));
                case BoolErrRecord boolErr -> put(column, Cell.text(boolErr.isBoolean()
                        ? (boolErr.getBooleanValue() ? "TRUE" : "FALSE") : "#ERROR"));
                case FormulaRecord formula -> {
                    if (formula.getCachedResultTypeEnum() == CellType.STRING) {
                        pendingFormulaColumn = column;
                    } else if (formula.getCachedResultTypeEnum() == CellType.NUMERIC) {
                        put(column, Cell.number(formula.getValue()));
                    } else if (formula.getCachedResultTypeEnum() == CellType.BOOLEAN) {
                        put(column, Cell.text(formula.getCachedBooleanValue() ? "TRUE" : "FALSE"));
                    }
                }
                default -> { }
            }
        }

        private void put(int column, Cell cell) {
            if (column >= ReadLimits.MAX_COLUMNS) {
                throw new UnreadableFileException("a cell lies beyond column XFD, Excel's last column; the file was"
                        + " not made by a spreadsheet program, so it was not read");
            }
            if (cell.text().length() > Cell.MAX_TEXT) {
                throw XlsxReader.tooLongText();
            }
            rowChars += cell.text().length();
            if (rowChars > limits.maxRowChars()) {
                throw new UnreadableFileException("row " + (row + 1) + " holds more than " + limits.maxRowChars()
                        + " characters; a register's row holds a few hundred, so the file was not read");
            }
            while (cells.size() < column) {
                cells.add(Cell.EMPTY);
            }
            if (cells.size() == column) {
                cells.add(cell);
            } else {
                cells.set(column, cell);
            }
        }

        private void announce(OptionalInt lastRow) {
            sheetAnnounced = true;
            String name = sheetIndex < sheetNames.size() ? sheetNames.get(sheetIndex) : "Sheet" + (sheetIndex + 1);
            visitor.sheet(name, lastRow);
        }

        void flush() {
            if (!inSheet || skipSheet || row < 0) {
                cells.clear();
                rowChars = 0;
                return;
            }
            if (!sheetAnnounced) {
                announce(OptionalInt.empty());
            }
            if (++rowsRead > limits.maxRows()) {
                throw new UnreadableFileException("the file has more than " + limits.maxRows()
                        + " rows; split it into smaller files");
            }
            if (!cells.isEmpty()) {
                RowVisitor.Next next = visitor.row(new SheetRow(row + 1, cells));
                if (next == RowVisitor.Next.NEXT_SHEET) {
                    skipSheet = true;
                } else if (next == RowVisitor.Next.STOP) {
                    skipSheet = true;
                    answer = 1;
                }
            }
            cells.clear();
            rowChars = 0;
            row = -1;
        }
    }
}
