package com.agentmitra.imports;

import com.agentmitra.lambda.ApiProblem;
import java.util.UUID;

/**
 * The body of {@code POST /imports}: the file about to be uploaded and its size in bytes (the upload URL is signed
 * for exactly that size, so S3 refuses a PUT of any other), a saved mapping to use, whether to only check.
 */
record NewImport(String fileName, UUID templateId, Boolean dryRun, Long sizeBytes) {

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
        if (sizeBytes == null) {
            throw ApiProblem.InvalidInput.field("sizeBytes", "is required: the file's size in bytes (the upload URL is"
                    + " signed for exactly that size)");
        }
        if (sizeBytes < 1) {
            throw ApiProblem.InvalidInput.field("sizeBytes", "must be at least 1 byte");
        }
    }

    boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
