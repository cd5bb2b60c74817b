package com.agentmitra.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The real type comes from the first bytes. */
class FileTypeTest {

    static byte[] mp4() {
        byte[] head = new byte[32];
        head[3] = 0x20;
        System.arraycopy("ftypisom".getBytes(StandardCharsets.US_ASCII), 0, head, 4, 8);
        return head;
    }

    static byte[] webm() {
        return new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81, 0x01,
                0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm', 0x42, (byte) 0x87, (byte) 0x81, 0x04};
    }

    static byte[] pdf() {
        return "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void eachKindIsToldFromItsMagicBytes() {
        assertThat(FileType.sniff(mp4())).contains(FileType.MP4);
        assertThat(FileType.sniff(webm())).contains(FileType.WEBM);
        assertThat(FileType.sniff(pdf())).contains(FileType.PDF);
    }

    @Test
    void otherFilesAreNoneOfThem() {
        assertThat(FileType.sniff("MZ\u0090\u0000 a windows program".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(FileType.sniff("<html><script>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(FileType.sniff(new byte[0])).isEmpty();
        byte[] matroska = webm();
        matroska[12] = 'x';
        assertThat(FileType.sniff(matroska)).as("EBML without the webm document type").isEmpty();
    }

    @Test
    void declaredTypesMapToKinds() {
        assertThat(FileType.ofMimeType("video/mp4")).contains(FileType.MP4);
        assertThat(FileType.ofMimeType("Application/PDF; charset=binary")).contains(FileType.PDF);
        assertThat(FileType.ofMimeType("video/quicktime")).isEmpty();
        assertThat(FileType.PDF.kind()).isEqualTo("document");
    }
}
