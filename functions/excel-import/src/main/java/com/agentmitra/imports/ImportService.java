package com.agentmitra.imports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.jooq.shared.enums.ImportStatusEnum;
import com.agentmitra.data.jooq.tenant.tables.records.ImportJobsRecord;
import com.agentmitra.imports.mapping.BookField;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.Cursor;
import com.agentmitra.lambda.Json;
import com.agentmitra.lambda.Page;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The import use cases behind the API: start an upload, follow a job, page its errors, fetch the error report, keep
 * saved mappings. Jobs are read as the caller, so row level security decides whose imports are visible.
 */
final class ImportService {

    /** The kind of the signed cursor of an import's error list. */
    static final String ERRORS_CURSOR = "imports.errors";

    static final int FIRST_ERRORS = 10;
    /** A job whose lease lapsed this long ago is not coming back (its retries ran out). */
    static final Duration GIVEN_UP_AFTER = Duration.ofMinutes(15);

    private final Database database;
    private final ImportRepository jobs;
    private final UploadStore store;
    private final ImportsConfig config;
    private final Clock clock;

    ImportService(Database database, ImportRepository jobs, UploadStore store, ImportsConfig config, Clock clock) {
        this.database = database;
        this.jobs = jobs;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    ImportViews.UploadTicket start(Caller caller, NewImport body) {
        UUID agentId = caller.agentId().orElseThrow(() ->
                new ApiProblem.Forbidden("only an agent can import into their book"));
        UUID importId = UUID.randomUUID();
        ImportKey key = new ImportKey(caller.tenant().code(), agentId, importId,
                ImportKey.safeFileName(body.fileName()));
        database.inTransaction(caller, tx -> {
            if (body.templateId() != null && jobs.template(tx, body.templateId()).isEmpty()) {
                throw ApiProblem.InvalidInput.field("templateId", "is not a saved template of this tenant");
            }
            jobs.insertJob(tx, importId, agentId, caller.requireUserId(), Optional.ofNullable(body.templateId()),
                    body.fileName().strip(), key.key(), body.isDryRun());
            return null;
        });
        return new ImportViews.UploadTicket(importId,
                store.uploadUrl(key.key(), ImportsConfig.UPLOAD_URL_VALIDITY).toString(), "PUT", key.key(),
                clock.instant().plus(ImportsConfig.UPLOAD_URL_VALIDITY), config.maxBytes(), body.isDryRun());
    }

    ImportViews.ImportView status(Caller caller, UUID id) {
        return database.inTransaction(caller, tx -> {
            ImportJobsRecord job = jobs.job(tx, id).orElseThrow(() -> new ApiProblem.NotFound("import"));
            List<ImportViews.RowError> first = jobs.kept(tx, id, 0, FIRST_ERRORS, false).stream()
                    .map(ImportService::rowError).toList();
            return view(job, first);
        });
    }

    Page<ImportViews.RowError> errors(Caller caller, UUID id, Optional<String> cursor, int limit) {
        int after = cursor.map(ImportService::rowCursor).orElse(0);
        return database.inTransaction(caller, tx -> {
            jobs.job(tx, id).orElseThrow(() -> new ApiProblem.NotFound("import"));
            List<RecordedRow> rows = jobs.kept(tx, id, after, limit + 1, false);
            List<ImportViews.RowError> items = rows.stream().limit(limit).map(ImportService::rowError).toList();
            Optional<String> next = rows.size() > limit
                    ? Optional.of(Cursor.of(ERRORS_CURSOR, items.get(items.size() - 1).row()).encode())
                    : Optional.empty();
            return new Page<>(items, next);
        });
    }

    ImportViews.ReportLink errorReport(Caller caller, UUID id) {
        ImportJobsRecord job = database.inTransaction(caller, tx -> jobs.job(tx, id))
                .orElseThrow(() -> new ApiProblem.NotFound("import"));
        if (job.getStatus() != ImportStatusEnum.completed) {
            throw new ApiProblem.Conflict("the import has not finished; its error report comes when it has");
        }
        if (job.getErrorReportPath() == null) {
            throw new ApiProblem.NotFound("error report (no row was rejected)");
        }
        String name = "rejected-rows-" + stem(job.getFileName()) + ".xlsx";
        return new ImportViews.ReportLink(
                store.downloadUrl(job.getErrorReportPath(), name, ImportsConfig.REPORT_URL_VALIDITY).toString(),
                clock.instant().plus(ImportsConfig.REPORT_URL_VALIDITY));
    }

    List<ImportViews.TemplateView> templates(Caller caller) {
        return database.inTransaction(caller, tx -> jobs.templates(tx)).stream()
                .map(ImportViews.TemplateView::of).toList();
    }

    ImportViews.TemplateView saveTemplate(Caller caller, NewTemplate body) {
        List<String> required = body.columnMapping().entrySet().stream()
                .filter(e -> BookField.byKey(e.getValue()).map(BookField::required).orElse(false))
                .map(Map.Entry::getKey).sorted().toList();
        return ImportViews.TemplateView.of(database.inTransaction(caller, tx -> {
            if (jobs.templateNamed(tx, body.name())) {
                throw new ApiProblem.Conflict("a template named \"" + body.name() + "\" already exists");
            }
            return jobs.insertTemplate(tx, body.name(), Optional.ofNullable(body.description()),
                    body.columnMapping(), required, caller.requireUserId());
        }));
    }

    private ImportViews.ImportView view(ImportJobsRecord job, List<ImportViews.RowError> first) {
        Instant now = clock.instant();
        boolean givenUp = job.getStatus() == ImportStatusEnum.processing && job.getLeaseUntil() != null
                && job.getLeaseUntil().plus(GIVEN_UP_AFTER).isBefore(now);
        String status = givenUp ? "failed" : job.getStatus().getLiteral();
        Optional<String> reason = givenUp
                ? Optional.of("the import stopped unexpectedly and did not resume; upload the file again")
                : Optional.ofNullable(job.getErrorMessage());
        Optional<Map<String, Object>> mapping = Optional.ofNullable(job.getColumnMapping())
                .map(json -> read(json.data()));
        return new ImportViews.ImportView(job.getImportJobId(), job.getFileName(), status, job.getDryRun(),
                new ImportViews.Progress(job.getProcessedRecords(), Math.max(job.getTotalRecords(),
                        job.getProcessedRecords())),
                ImportViews.CountsView.of(ImportRepository.counts(job)), mapping, first, reason,
                job.getErrorReportPath() != null, job.getCreatedAt(), Optional.ofNullable(job.getStartedAt()),
                Optional.ofNullable(job.getCompletedAt()));
    }

    private static ImportViews.RowError rowError(RecordedRow row) {
        return new ImportViews.RowError(row.rowNumber(),
                row.kind() == RecordedRow.Kind.REJECTED ? "rejected" : "duplicate", row.problems());
    }

    private static int rowCursor(String cursor) {
        return Cursor.decode(cursor, ERRORS_CURSOR, 1).integer(0);
    }

    private static Map<String, Object> read(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static String stem(String fileName) {
        String safe = ImportKey.safeFileName(fileName);
        int dot = safe.lastIndexOf('.');
        return dot > 0 ? safe.substring(0, dot) : safe;
    }
}
