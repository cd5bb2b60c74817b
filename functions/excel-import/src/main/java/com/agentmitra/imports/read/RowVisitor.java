package com.agentmitra.imports.read;

import java.util.OptionalInt;

/** Receives a workbook sheet by sheet, row by row, as it streams past; answers where to go next. */
public interface RowVisitor {

    enum Next { CONTINUE, NEXT_SHEET, STOP }

    /** A sheet begins; {@code lastRow} is the sheet's last row number when the file declares it. */
    void sheet(String name, OptionalInt lastRow);

    Next row(SheetRow row);
}
