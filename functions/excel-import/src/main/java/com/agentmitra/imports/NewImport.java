package com.agentmitra.imports;

import com.agentmitra.lambda.ApiProblem;
import java.util.UUID;

/** The body of {@code POST /imports}: the file about to be uploaded, a saved mapping to use, whether to only check. */
record NewImport(String fileName, UUID templateId, Boolean dryRun) {

    NewImport {
        if (fileName == null || fileName.isBlank()) {
            throw ApiProblem.InvalidInput.field("fileName", "is required");
        }
        if (fileName.length() > 255) {
            throw ApiProblem.InvalidInput.field("fileName", "must be at most 255 characters");
        }
        if (!ImportKey.supported(fileName.strip())) {
            throw ApiProblem.InvalidInput.field("fileName", "must end in .xlsx, .xls or .csv");
        }
    }

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
