package com.agentmitra.imports.rows;

import com.agentmitra.domain.book.PolicyDetails;
import com.agentmitra.domain.book.PolicyholderDetails;
import com.agentmitra.imports.read.Cell;
import java.util.List;
import java.util.Objects;

/** One data row after reading and validation: skipped as blank, rejected with reasons, or ready for the book. */
public sealed interface ParsedRow permits ParsedRow.Blank, ParsedRow.Rejected, ParsedRow.Accepted {

    int number();

    /** Blank or whitespace-only in every mapped column: skipped, not an error. */
    record Blank(int number) implements ParsedRow {}

    /** {@code cells} as uploaded, except an Aadhaar number, which is masked. */
    record Rejected(int number, List<Cell> cells, List<RowProblem> problems) implements ParsedRow {
        public Rejected {
            cells = List.copyOf(cells);
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejected row names at least one problem");
            }
        }
    }

    /**
     * A valid row. {@code policy} carries {@link RowParser#UNRESOLVED_HOLDER} as its policyholder until the person is
     * written; {@code consent} is what the consent columns say; {@code fingerprint} identifies the row's content, so
     * an exact repeat is told from a conflicting one.
     */
    record Accepted(int number, List<Cell> cells, PolicyholderDetails person, PolicyDetails policy,
            StatedConsent consent, long fingerprint) implements ParsedRow {
        public Accepted {
            cells = List.copyOf(cells);
            Objects.requireNonNull(person, "person");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(consent, "consent");
        }
    }
}
