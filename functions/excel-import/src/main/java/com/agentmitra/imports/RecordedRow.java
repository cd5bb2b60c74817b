package com.agentmitra.imports;

import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.rows.RowProblem;
import java.util.List;

/**
 * A row kept on the job for the agent to see: rejected (with a reason per field) or a duplicate of an earlier row.
 * {@code cells} are as uploaded, an Aadhaar number masked.
 */
record RecordedRow(int rowNumber, Kind kind, List<Cell> cells, List<RowProblem> problems) {

    enum Kind { REJECTED, DUPLICATE }

    RecordedRow {
        cells = List.copyOf(cells);
        problems = List.copyOf(problems);
    }

    String summary() {
        return String.join("; ", problems.stream().map(RowProblem::toString).toList());
    }
}
