package com.agentmitra.imports.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Streams an .xlsx sheet by sheet with a lean SAX handler of our own over POI's package layer: no cell styles, no
 * {@code DataFormatter}, no object per cell beyond its text. The package is opened from a file through POI's
 * {@code ZipSecureFile} (zip-bomb ratio and entry-size limits) and parsed with POI's hardened XML reader (no DOCTYPE,
 * no external entities). Shared strings are read once into a list; formula cells give their cached value.
 */
final class XlsxReader {

    /** Thrown inside the SAX callbacks to leave a sheet early; carries no stack trace. */
    private static final class Leave extends RuntimeException {
        final RowVisitor.Next next;

        Leave(RowVisitor.Next next) {
            super(null, null, false, false);
            this.next = next;
        }
    }

    private XlsxReader() {}

    static void read(Path file, ReadLimits limits, RowVisitor visitor) {
        PackageCheck.check(file, limits);
        ZipSecureFile.setMaxEntrySize(limits.maxUnpackedEntryBytes());
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            List<String> strings = sharedStrings(pkg, limits);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            int[] rowsRead = {0};
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    SheetHandler handler = new SheetHandler(sheets.getSheetName(), strings, visitor, limits, rowsRead);
                    RowVisitor.Next next = parse(sheet, handler);
                    if (next == RowVisitor.Next.STOP) {
                        return;
                    }
                }
            }
        } catch (UnreadableFileException e) {
            throw e;
        } catch (OpenXML4JException | IOException | RuntimeException e) {
            throw Failures.explain(e, "the .xlsx file is damaged or incomplete (was the upload cut short?)");
        }
    }

    private static RowVisitor.Next parse(InputStream xml, DefaultHandler handler) throws IOException {
        try {
            XMLReader parser = XMLHelper.newXMLReader();
            parser.setContentHandler(handler);
            parser.parse(new InputSource(new MarkupBound(xml)));
            return RowVisitor.Next.CONTINUE;
        } catch (Leave leave) {
            return leave.next;
        } catch (SAXException | ParserConfigurationException e) {
            if (e.getCause() instanceof UnreadableFileException unreadable) {
                throw unreadable;
            }
            throw Failures.explain(e, "the .xlsx file holds XML we cannot read safely");
        }
    }

    private static List<String> sharedStrings(OPCPackage pkg, ReadLimits limits)
            throws IOException, InvalidFormatException {
        List<String> strings = new ArrayList<>();
        List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
        SharedStringsHandler handler = new SharedStringsHandler(strings, limits);
        for (PackagePart part : parts) {
            try (InputStream in = part.getInputStream()) {
                parse(in, handler);
            }
        }
        return strings;
    }

    /**
     * {@code <si>} items, the text of their {@code <t>} runs concatenated (phonetic {@code <rPh>} runs skipped); at
     * most {@link ReadLimits#maxSharedStrings()} items of at most {@value Cell#MAX_TEXT} characters, and
     * {@link ReadLimits#maxSharedStringChars()} characters in all.
     */
    private static final class SharedStringsHandler extends DefaultHandler {
        private final List<String> strings;
        private final ReadLimits limits;
        private final StringBuilder text = new StringBuilder();
        private long chars;
        private boolean inT;
        private boolean inPhonetic;

        SharedStringsHandler(List<String> strings, ReadLimits limits) {
            this.strings = strings;
            this.limits = limits;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "si" -> text.setLength(0);
                case "t" -> inT = !inPhonetic;
                case "rPh" -> inPhonetic = true;
                default -> { }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "si" -> {
                    if (strings.size() >= limits.maxSharedStrings()) {
                        throw new UnreadableFileException("the workbook holds more than " + limits.maxSharedStrings()
                                + " different texts; a book of " + limits.maxRows() + " rows has far fewer, so it was"
                                + " not read");
                    }
                    strings.add(text.toString());
                }
                case "t" -> inT = false;
                case "rPh" -> inPhonetic = false;
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inT) {
                if (text.length() + length > Cell.MAX_TEXT) {
                    throw tooLongText();
                }
                chars += length;
                if (chars > limits.maxSharedStringChars()) {
                    throw new UnreadableFileException("the workbook's texts add up to more than "
                            + limits.maxSharedStringChars() / (1024 * 1024) + " million characters; a book of "
                            + limits.maxRows() + " rows has far fewer, so it was not read");
                }
                text.append(ch, start, length);
            }
        }
    }

    static UnreadableFileException tooLongText() {
        return new UnreadableFileException("a cell holds more than " + Cell.MAX_TEXT + " characters, more than Excel"
                + " allows; the file was not made by a spreadsheet program, so it was not read");
    }

    /** One worksheet's {@code <sheetData>}: rows of cells, handed to the visitor as each row ends. */
    private static final class SheetHandler extends DefaultHandler {
        private final String sheetName;
        private final List<String> strings;
        private final RowVisitor visitor;
        private final ReadLimits limits;
        private final int[] rowsRead;
        private final StringBuilder value = new StringBuilder();
        private final List<Cell> cells = new ArrayList<>();
        private boolean started;
        private int rowNumber;
        private int rowChars;
        private int column;
        private int nextColumn;
        private String type;
        private boolean collecting;
        private boolean inInlineString;
        private boolean inPhonetic;

        SheetHandler(String sheetName, List<String> strings, RowVisitor visitor, ReadLimits limits, int[] rowsRead) {
            this.sheetName = sheetName;
            this.strings = strings;
            this.visitor = visitor;
            this.limits = limits;
            this.rowsRead = rowsRead;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "dimension" -> start(lastRow(attributes.getValue("ref")));
                case "sheetData" -> start(OptionalInt.empty());
                case "row" -> {
                    String r = attributes.getValue("r");
                    rowNumber = r == null ? rowNumber + 1 : rowOf(r);
                    if (rowNumber > ReadLimits.MAX_SHEET_ROWS) {
                        throw beyondLastRow();
                    }
                    cells.clear();
                    rowChars = 0;
                    nextColumn = 0;
                }
                case "c" -> {
                    String ref = attributes.getValue("r");
                    column = ref == null ? nextColumn : columnOf(ref);
                    if (column >= ReadLimits.MAX_COLUMNS) {
                        throw beyondLastColumn();
                    }
                    type = attributes.getValue("t");
                    value.setLength(0);
                }
                case "v" -> collecting = true;
                case "is" -> inInlineString = true;
                case "rPh" -> inPhonetic = true;
                case "t" -> collecting = inInlineString && !inPhonetic;
                default -> { }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "v", "t" -> collecting = false;
                case "is" -> inInlineString = false;
                case "rPh" -> inPhonetic = false;
                case "c" -> {
                    Cell cell = cell();
                    rowChars += cell.text().length();
                    if (rowChars > limits.maxRowChars()) {
                        throw new UnreadableFileException("row " + rowNumber + " of sheet \"" + sheetName
                                + "\" holds more than " + limits.maxRowChars() + " characters; a register's row"
                                + " holds a few hundred, so the file was not read");
                    }
                    while (cells.size() < column) {
                        cells.add(Cell.EMPTY);
                    }
                    if (column < cells.size()) {
                        cells.set(column, cell); // a cell written twice, or out of order: the later one
                    } else {
                        cells.add(cell);
                    }
                    nextColumn = column + 1;
                }
                case "row" -> emit();
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (collecting) {
                if (value.length() + length > Cell.MAX_TEXT) {
                    throw tooLongText();
                }
                value.append(ch, start, length);
            }
        }

        private void start(OptionalInt lastRow) {
            if (!started) {
                started = true;
                visitor.sheet(sheetName, lastRow);
            }
        }

        private Cell cell() {
            String text = value.toString();
            if (type == null || type.equals("n")) {
                return text.isEmpty() ? Cell.EMPTY : Cell.number(text);
            }
            return switch (type) {
                case "s" -> Cell.text(sharedString(text));
                case "b" -> Cell.text("1".equals(text) ? "TRUE" : "FALSE");
                default -> Cell.text(text); // inlineStr, str (formula text), e (error), d (ISO date)
            };
        }

        private String sharedString(String index) {
            try {
                int i = Integer.parseInt(index.strip());
                return i >= 0 && i < strings.size() ? strings.get(i) : "";
            } catch (NumberFormatException e) {
                return "";
            }
        }

        private void emit() {
            if (++rowsRead[0] > limits.maxRows()) {
                throw new UnreadableFileException("the file has more than " + limits.maxRows()
                        + " rows; split it into smaller files");
            }
            if (cells.isEmpty()) {
                return;
            }
            RowVisitor.Next next = visitor.row(new SheetRow(rowNumber, cells));
            if (next != RowVisitor.Next.CONTINUE) {
                throw new Leave(next);
            }
        }

        /**
         * The 0-based column of a reference such as {@code B7}: at most three capital letters, then the row. A
         * column past XFD or a row past 1,048,576 is beyond any sheet Excel makes: the file is refused before a
         * single empty cell is padded towards it.
         */
        static int columnOf(String ref) {
            int column = 0;
            int i = 0;
            for (; i < ref.length() && ref.charAt(i) >= 'A' && ref.charAt(i) <= 'Z'; i++) {
                if (i == 3) {
                    throw beyondLastColumn();
                }
                column = column * 26 + (ref.charAt(i) - 'A' + 1);
            }
            if (i == 0) {
                throw new UnreadableFileException("the .xlsx file is damaged: a cell has no column (\""
                        + shorten(ref) + "\")");
            }
            if (column > ReadLimits.MAX_COLUMNS) {
                throw beyondLastColumn();
            }
            if (i < ref.length()) {
                rowOf(ref, i);
            }
            return column - 1;
        }

        /** A 1-based row number of at most 1,048,576 (digits only; read without regex or streams: once a cell). */
        static int rowOf(String digits) {
            return rowOf(digits, 0);
        }

        private static int rowOf(String text, int from) {
            if (from >= text.length()) {
                throw new UnreadableFileException("the .xlsx file is damaged: a row number is missing");
            }
            long row = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new UnreadableFileException("the .xlsx file is damaged: a row number is not a number (\""
                            + shorten(text.substring(from)) + "\")");
                }
                row = row * 10 + (c - '0');
                if (row > ReadLimits.MAX_SHEET_ROWS) {
                    throw beyondLastRow();
                }
            }
            if (row == 0) {
                throw new UnreadableFileException("the .xlsx file is damaged: a row is numbered 0");
            }
            return (int) row;
        }

        private static String shorten(String text) {
            return text.length() <= 12 ? text : text.substring(0, 12) + "...";
        }

        static UnreadableFileException beyondLastColumn() {
            return new UnreadableFileException("a cell lies beyond column XFD, Excel's last column; the file was not"
                    + " made by a spreadsheet program, so it was not read");
        }

        static UnreadableFileException beyondLastRow() {
            return new UnreadableFileException("a row lies beyond row 1,048,576, Excel's last row; the file was not"
                    + " made by a spreadsheet program, so it was not read");
        }

        static OptionalInt lastRow(String ref) {
            if (ref == null) {
                return OptionalInt.empty();
            }
            String last = ref.substring(ref.indexOf(':') + 1);
            int i = 0;
            while (i < last.length() && Character.isLetter(last.charAt(i))) {
                i++;
            }
            try {
                int row = Integer.parseInt(last.substring(i));
                return row >= 1 && row <= ReadLimits.MAX_SHEET_ROWS ? OptionalInt.of(row) : OptionalInt.empty();
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
    }
}
