package com.agentmitra.imports.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Streams a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks) in UTF-8, with or without a
 * byte-order mark. A file that is not UTF-8 is refused rather than read with wrong letters. Every cell is text.
 */
final class CsvReader {

    private static final int MAX_FIELD_CHARS = 32_767; // Excel's own cell limit

    private CsvReader() {}

    static void read(Path file, String sheetName, ReadLimits limits, RowVisitor visitor) {
        try {
            visitor.sheet(sheetName, OptionalInt.of(countLines(file)));
            try (Reader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024)) {
                parse(reader, limits, visitor);
            }
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("the CSV file is not UTF-8 text; save it as \"CSV UTF-8\" and upload again", e);
        } catch (IOException e) {
            throw new UnreadableFileException("the CSV file could not be read", e);
        }
    }

    private static int countLines(Path file) throws IOException {
        int lines = 0;
        int last = '\n';
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
        }
        return last == '\n' ? lines : lines + 1;
    }

    private static void parse(Reader in, ReadLimits limits, RowVisitor visitor) throws IOException {
        List<Cell> cells = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int rowStart = 1;
        int rows = 0;
        int rowChars = 0;
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        for (; c != -1; c = in.read()) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int following = in.read();
                    if (following == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (following == -1) {
                            break;
                        }
                        in.reset();
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(field, c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                rowChars = add(cells, field, rowChars, rowStart, limits);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                add(cells, field, rowChars, rowStart, limits);
                rowChars = 0;
                fieldStarted = false;
                if (++rows > limits.maxRows()) {
                    throw tooMany(limits);
                }
                if (emit(visitor, rowStart, cells)) {
                    return;
                }
                cells.clear();
                line++;
                rowStart = line;
            } else {
                append(field, c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new UnreadableFileException("the CSV file ends inside a quoted field (row " + rowStart
                    + "); was the upload cut short?");
        }
        if (fieldStarted || field.length() > 0 || !cells.isEmpty()) {
            add(cells, field, rowChars, rowStart, limits);
            if (++rows > limits.maxRows()) {
                throw tooMany(limits);
            }
            emit(visitor, rowStart, cells);
        }
    }

    /** Ends a field: at most {@value ReadLimits#MAX_COLUMNS} fields and {@code maxRowChars} characters a row. */
    private static int add(List<Cell> cells, StringBuilder field, int rowChars, int row, ReadLimits limits) {
        if (cells.size() >= ReadLimits.MAX_COLUMNS) {
            throw new UnreadableFileException("row " + row + " of the CSV file has more than " + ReadLimits.MAX_COLUMNS
                    + " fields, more columns than Excel allows; is this really a spreadsheet export?");
        }
        int chars = rowChars + field.length();
        if (chars > limits.maxRowChars()) {
            throw new UnreadableFileException("row " + row + " of the CSV file holds more than " + limits.maxRowChars()
                    + " characters; is this really a spreadsheet export?");
        }
        cells.add(Cell.text(field.toString()));
        field.setLength(0);
        return chars;
    }

    private static void append(StringBuilder field, int c) {
        if (field.length() >= MAX_FIELD_CHARS) {
            throw new UnreadableFileException("a CSV field is longer than " + MAX_FIELD_CHARS
                    + " characters; is this really a spreadsheet export?");
        }
        field.append((char) c);
    }

    private static UnreadableFileException tooMany(ReadLimits limits) {
        return new UnreadableFileException("the file has more than " + limits.maxRows()
                + " rows; split it into smaller files");
    }

    /** True when the visitor wants no more rows (a CSV file is one sheet). */
    private static boolean emit(RowVisitor visitor, int row, List<Cell> cells) {
        return visitor.row(new SheetRow(row, cells)) != RowVisitor.Next.CONTINUE;
    }
}
