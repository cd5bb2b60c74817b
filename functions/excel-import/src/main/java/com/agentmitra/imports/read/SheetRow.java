package com.agentmitra.imports.read;

import java.util.List;

/** One row of a sheet: its 1-based number as the spreadsheet shows it, and its cells from column A on. */
public record SheetRow(int number, List<Cell> cells) {

    public SheetRow {
        if (number < 1) {
            throw new IllegalArgumentException("row numbers start at 1");
        }
        cells = List.copyOf(cells);
    }

    public Cell cell(int column) {
        return column < cells.size() ? cells.get(column) : Cell.EMPTY;
    }

    public boolean isBlank() {
        for (Cell cell : cells) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
