package com.agentmitra.imports.read;

/**
 * Bounds on what a file may make us do: rows read, and for .xlsx the size of one unpacked zip entry (the zip-bomb
 * ratio check of POI's {@code ZipSecureFile} stays on at its default).
 */
public record ReadLimits(int maxRows, long maxUnpackedEntryBytes) {

    public static final ReadLimits DEFAULT = new ReadLimits(200_000, 512L * 1024 * 1024);

    public ReadLimits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        if (maxUnpackedEntryBytes < 1024) {
            throw new IllegalArgumentException("maxUnpackedEntryBytes is too small");
        }
    }
}
