package com.agentmitra.imports.read;

import java.util.Locale;
import org.apache.poi.EncryptedDocumentException;

/** Turns what a parser threw into a reason an agent can act on; the technical cause stays on the exception. */
final class Failures {

    private Failures() {}

    static UnreadableFileException explain(Throwable thrown, String fallback) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UnreadableFileException unreadable) {
                return unreadable;
            }
            if (t instanceof EncryptedDocumentException) {
                return new UnreadableFileException(
                        "the workbook is password-protected; save it without a password and upload it again", thrown);
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("zip bomb")) {
                return new UnreadableFileException(
                        "the file unpacks to far more data than it holds (a zip bomb?); it was not read", thrown);
            }
            if (message.contains("doctype") || message.contains("entity")) {
                return new UnreadableFileException(
                        "the file holds XML constructs that are not allowed (DOCTYPE or entities)", thrown);
            }
        }
        return new UnreadableFileException(fallback, thrown);
    }
}
