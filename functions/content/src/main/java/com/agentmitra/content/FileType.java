package com.agentmitra.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The three kinds of file the library takes, told from the file's first bytes, never from its name or the type a
 * client declared: MP4 (an ISO base media file: {@code ftyp} at offset 4), WebM (EBML magic {@code 1A 45 DF A3} with
 * the document type {@code webm} in its header) and PDF ({@code %PDF-} at the start).
 */
enum FileType {
    MP4("video/mp4", "video", ".mp4"),
    WEBM("video/webm", "video", ".webm"),
    PDF("application/pdf", "document", ".pdf");

    /** How many leading bytes {@link #sniff} reads (the EBML header of a WebM file fits well within). */
    static final int HEAD_BYTES = 64;

    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FTYP = "ftyp".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBM_DOCTYPE = {0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm'};

    private final String mimeType;
    private final String kind;
    private final String extension;

    FileType(String mimeType, String kind, String extension) {
        this.mimeType = mimeType;
        this.kind = kind;
        this.extension = extension;
    }

    String mimeType() {
        return mimeType;
    }

    /** video or document. */
    String kind() {
        return kind;
    }

    String extension() {
        return extension;
    }

    static Optional<FileType> ofMimeType(String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        String media = declared.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.mimeType.equals(media)).findFirst();
    }

    /** What the bytes are, if one of ours. */
    static Optional<FileType> sniff(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, 0, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (head.length >= 12 && startsWith(head, 4, FTYP)) {
            return Optional.of(MP4);
        }
        if (startsWith(head, 0, EBML) && indexOf(head, WEBM_DOCTYPE) > 0) {
            return Optional.of(WEBM);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
