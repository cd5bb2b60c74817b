package com.agentmitra.imports.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes XML through, refusing it once more than {@value #MAX_BETWEEN_MARKUP} bytes go by without a {@code <} or
 * {@code >}. The XML parser gathers an attribute value, a comment or a name whole, however long: this keeps every
 * such run short. The longest a real one gets is a cell of {@value Cell#MAX_TEXT} characters written as character
 * references ({@code &#x1F600;}, 10 bytes each): about 330 KB.
 */
final class MarkupBound extends FilterInputStream {

    static final int MAX_BETWEEN_MARKUP = 1024 * 1024;

    private int sinceMarkup;

    MarkupBound(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = offset; i < offset + n; i++) {
            see(buffer[i]);
        }
        return n;
    }

    private void see(byte b) {
        if (b == '<' || b == '>') {
            sinceMarkup = 0;
        } else if (++sinceMarkup > MAX_BETWEEN_MARKUP) {
            throw new UnreadableFileException("the workbook holds more than 1 MB of text in one piece, far more than"
                    + " Excel allows in a cell; it was not made by a spreadsheet program, so it was not read");
        }
    }
}
