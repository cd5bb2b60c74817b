package com.agentmitra.imports.read;

/**
 * Bounds on what a file may make us do, so a hostile file fails in seconds instead of pinning or killing the
 * function. Sized from the largest real book, a 100,000-row register as Excel saves it (module README, "Bounds":
 * a 53 MB worksheet part, 65 MB with inline strings; 260,564 shared strings of 4.5 million characters), with room
 * for the 200,000 rows {@code IMPORT_MAX_ROWS} allows:
 * <ul>
 * <li>{@code maxRows}: rows read over all sheets;</li>
 * <li>{@code maxUnpackedEntryBytes}: one unpacked worksheet or shared-strings part of an .xlsx, streamed (POI's
 * {@code ZipSecureFile} entry limit; its inflate-ratio check stays on at its default): 128 MB, twice the 100,000-row
 * register, room for 200,000 rows as Excel saves them (106 MB), and scanned to the end in under 4 s should an
 * upload unpack to more;</li>
 * <li>{@code maxOtherPartBytes}: every other XML part together ({@code [Content_Types].xml}, relationships,
 * {@code workbook.xml}, ...), which POI reads whole, so they are checked before the package is opened;</li>
 * <li>{@code maxSharedStrings}, {@code maxSharedStringChars}: the shared-strings table, the one thing held in
 * memory for the whole read;</li>
 * <li>{@code maxRowChars}: the text of one row, of at most {@value #MAX_COLUMNS} cells of at most
 * {@value Cell#MAX_TEXT} characters each (Excel's own limits).</li>
 * </ul>
 */
public record ReadLimits(int maxRows, long maxUnpackedEntryBytes, long maxOtherPartBytes, int maxSharedStrings,
        long maxSharedStringChars, int maxRowChars) {

    /** Excel's last column, XFD. */
    public static final int MAX_COLUMNS = 16_384;
    /** Excel's last row. */
    public static final int MAX_SHEET_ROWS = 1_048_576;

    public static final ReadLimits DEFAULT = new ReadLimits(200_000, 128L * 1024 * 1024, 16L * 1024 * 1024,
            1_000_000, 32L * 1024 * 1024, 65_536);

    public ReadLimits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        if (maxUnpackedEntryBytes < 1024 || maxOtherPartBytes < 1024) {
            throw new IllegalArgumentException("maxUnpackedEntryBytes is too small");
        }
        if (maxSharedStrings < 1 || maxSharedStringChars < 1 || maxRowChars < Cell.MAX_TEXT) {
            throw new IllegalArgumentException("string limits are too small");
        }
    }

    /** The defaults with another row limit and unpacked-entry limit. */
    public ReadLimits(int maxRows, long maxUnpackedEntryBytes) {
        this(maxRows, maxUnpackedEntryBytes, DEFAULT.maxOtherPartBytes, DEFAULT.maxSharedStrings,
                DEFAULT.maxSharedStringChars, DEFAULT.maxRowChars);
    }
}
