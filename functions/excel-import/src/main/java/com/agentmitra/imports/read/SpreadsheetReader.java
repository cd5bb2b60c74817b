package com.agentmitra.imports.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apache.poi.poifs.filesystem.FileMagic;

/**
 * Reads an uploaded spreadsheet from a local file, streaming: .xlsx (own SAX handler over POI's package),
 * .xls (HSSF events) or .csv (UTF-8). The kind is decided by the file's first bytes, the name only tells CSV from
 * other text. Anything else, and any file the readers cannot make sense of, ends in an
 * {@link UnreadableFileException} whose message says what to do.
 */
public final class SpreadsheetReader {

    private final ReadLimits limits;

    public SpreadsheetReader(ReadLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads {@code file} into {@code visitor}. Every way a file can fail ends in an {@link UnreadableFileException};
     * should a file still find a way past the bounds of {@link ReadLimits} to run the heap or the stack out, that
     * {@code Error} ends here too, as a refusal of the file, never escaping to fail the invocation (which S3 would
     * retry with the same file).
     */
    public void read(Path file, String fileName, RowVisitor visitor) {
        try {
            readBounded(file, fileName, visitor);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new UnreadableFileException("the file needs more memory to read than any spreadsheet of its size"
                    + " would; it was not read", e);
        }
    }

    private void readBounded(Path file, String fileName, RowVisitor visitor) {
        if (size(file) == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        FileMagic magic = magic(file);
        String name = fileName.toLowerCase(Locale.ROOT);
        switch (magic) {
            case OOXML -> XlsxReader.read(file, limits, visitor);
            case OLE2 -> XlsReader.read(file, limits, visitor);
            case UNKNOWN -> {
                if (name.endsWith(".csv") || name.endsWith(".txt")) {
                    CsvReader.read(file, "CSV", limits, visitor);
                } else if (name.endsWith(".xlsx") || name.endsWith(".xlsm") || name.endsWith(".xls")) {
                    throw new UnreadableFileException(
                            "the file is named like an Excel workbook but is not one (damaged, or saved in another format)");
                } else {
                    throw unsupported();
                }
            }
            default -> throw unsupported();
        }
    }

    private static UnreadableFileException unsupported() {
        return new UnreadableFileException("this kind of file cannot be imported: upload .xlsx, .xls or .csv");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read", e);
        }
    }

    private static FileMagic magic(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return FileMagic.valueOf(in);
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read", e);
        }
    }
}
