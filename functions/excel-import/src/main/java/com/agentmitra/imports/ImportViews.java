package com.agentmitra.imports;

import com.agentmitra.imports.rows.RowProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the import routes answer. */
final class ImportViews {

    private ImportViews() {}

    /** {@code POST /imports}: where to PUT the file, until when. */
    record UploadTicket(UUID importId, String uploadUrl, String method, String key, Instant expiresAt,
            long maxBytes, long sizeBytes, boolean dryRun) {}

    /** One import in {@code GET /imports}. */
    record ImportSummary(UUID importId, String fileName, String status, boolean dryRun, Progress progress,
            CountsView counts, Optional<String> failureReason, Instant createdAt, Optional<Instant> completedAt) {}

    record Progress(int processed, int total) {}

    record CountsView(int created, int updated, int unchanged, int rejected, int duplicates) {
        static CountsView of(Counts c) {
            return new CountsView(c.created(), c.updated(), c.unchanged(), c.rejected(), c.duplicates());
        }
    }

    record RowError(int row, String status, List<RowProblem> problems) {}

    /** {@code GET /imports/{id}}. */
    record ImportView(UUID importId, String fileName, String status, boolean dryRun, Progress progress,
            CountsView counts, Optional<Map<String, Object>> mapping, List<RowError> firstErrors,
            Optional<String> failureReason, boolean errorReportAvailable, Instant createdAt,
            Optional<Instant> startedAt, Optional<Instant> completedAt) {}

    record ReportLink(String url, Instant expiresAt) {}

    record TemplateView(UUID templateId, String name, Optional<String> description, Map<String, String> columnMapping,
            Instant createdAt) {
        static TemplateView of(ImportRepository.Template t) {
            return new TemplateView(t.id(), t.name(), t.description(), t.columnMapping(), t.createdAt());
        }
    }
}
