package com.agentmitra.imports;

/** Row counts of an import: each data row lands in exactly one of these (blank rows in none). */
record Counts(int created, int updated, int unchanged, int rejected, int duplicates) {

    static final Counts NONE = new Counts(0, 0, 0, 0, 0);

    Counts {
        if (created < 0 || updated < 0 || unchanged < 0 || rejected < 0 || duplicates < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    int processed() {
        return created + updated + unchanged + rejected + duplicates;
    }

    Counts plus(Counts other) {
        return new Counts(created + other.created, updated + other.updated, unchanged + other.unchanged,
                rejected + other.rejected, duplicates + other.duplicates);
    }

    Counts plus(RowOutcome outcome) {
        return switch (outcome) {
            case CREATED -> new Counts(created + 1, updated, unchanged, rejected, duplicates);
            case UPDATED -> new Counts(created, updated + 1, unchanged, rejected, duplicates);
            case UNCHANGED -> new Counts(created, updated, unchanged + 1, rejected, duplicates);
        };
    }
}
