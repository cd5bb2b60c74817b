package com.agentmitra.imports.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks an .xlsx package before POI opens it. POI reads the package's small XML parts ({@code [Content_Types].xml},
 * relationships, {@code workbook.xml}, document properties) whole, into a DOM: an entry of hundreds of megabytes
 * among them would run the heap out before any limit of ours is met. So the parts other than worksheets and shared
 * strings (which we stream, bounded by {@code ZipSecureFile}) are unpacked here first, counting, and the file is
 * refused when they unpack to more than {@link ReadLimits#maxOtherPartBytes()} together. Media and other binary
 * parts are never read, here or later.
 */
final class PackageCheck {

    /** Entries in one package; a real workbook has a few dozen (POI refuses more than 1,000 too). */
    static final int MAX_ENTRIES = 1_000;

    private PackageCheck() {}

    static void check(Path file, ReadLimits limits) {
        long unpacked = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new UnreadableFileException("the workbook holds more than " + MAX_ENTRIES
                            + " internal parts; a spreadsheet never does, so it was not read");
                }
                if (streamed(entry.getName()) || !parsedWhole(entry.getName())) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        unpacked += n;
                        if (unpacked > limits.maxOtherPartBytes()) {
                            throw new UnreadableFileException("the workbook's settings parts unpack to more than "
                                    + limits.maxOtherPartBytes() / (1024 * 1024) + " MB (a real workbook's take a "
                                    + "few KB); it was not read");
                        }
                    }
                }
            }
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw Failures.explain(e, "the .xlsx file is damaged or incomplete (was the upload cut short?)");
        }
    }

    /**
     * Worksheets and the shared strings, streamed by our SAX handlers under the unpacked-entry limit; and the styles
     * and themes, which we never read (Excel lets {@code styles.xml} swell to tens of megabytes in old, much-copied
     * books: such a book must still import).
     */
    private static boolean streamed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return (lower.startsWith("xl/worksheets/") && lower.indexOf('/', "xl/worksheets/".length()) < 0
                && lower.endsWith(".xml")) || lower.endsWith("sharedstrings.xml") || lower.equals("xl/styles.xml")
                || lower.startsWith("xl/theme/");
    }

    private static boolean parsedWhole(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".xml") || lower.endsWith(".rels");
    }
}
