package com.agentmitra.imports;

import com.agentmitra.data.AccessEvents;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
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
import java.util.Set;
import java.util.UUID;

/**
 * The import use cases behind the API: start an upload, follow a job, page its errors, fetch the error report, keep
 * saved mappings. Jobs are read as the caller, so row level security decides whose imports are visible.
 */
final class ImportService {

    /** The kind of the signed cursor of an import's error list. */
    static final String ERRORS_CURSOR = "imports.errors";

    /** The kind of the signed cursor of the caller's imports (creation time, id). */
    static final String LIST_CURSOR = "imports.list";

    /**
     * Imports an agent may have waiting for their file or running at once: a portal runs one, a retry or a second
     * book makes two or three; more is a script or an attack, each holding an upload run of up to 15 minutes.
     */
    static final int MAX_IN_FLIGHT = 5;

    /** Who saves column mappings: agents for their own files, administrators for the tenant's. */
    static final Set<Role> TEMPLATE_WRITERS = Set.of(Role.SENIOR_AGENT, Role.JUNIOR_AGENT, Role.SUPER_ADMIN,
            Role.INSURANCE_PROVIDER_ADMIN);

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
        if (body.sizeBytes() > config.maxBytes()) {
            throw ApiProblem.InvalidInput.field("sizeBytes", "must be at most " + config.maxBytes() + " bytes ("
                    + config.maxBytes() / (1024 * 1024) + " MB); split the file into smaller ones");
        }
        UUID importId = UUID.randomUUID();
        ImportKey key = new ImportKey(caller.tenant().code(), agentId, importId,
                ImportKey.safeFileName(body.fileName()));
        Instant now = clock.instant();
        database.inTransaction(caller, tx -> {
            int inFlight = jobs.inFlight(tx, agentId, ImportsConfig.UPLOAD_URL_VALIDITY, now.minus(GIVEN_UP_AFTER));
            if (inFlight >= MAX_IN_FLIGHT) {
                throw new ApiProblem.TooManyRequests("you already have " + inFlight + " imports waiting for their file"
                        + " or running (at most " + MAX_IN_FLIGHT + "); start another when one has finished (GET"
                        + " /imports lists them)", 60);
            }
            if (body.templateId() != null && jobs.template(tx, body.templateId()).isEmpty()) {
                throw ApiProblem.InvalidInput.field("templateId", "is not a saved template of this tenant");
            }
            jobs.insertJob(tx, importId, agentId, caller.requireUserId(), Optional.ofNullable(body.templateId()),
                    body.fileName().strip(), key.key(), body.isDryRun());
            return null;
        });
        return new ImportViews.UploadTicket(importId,
                store.uploadUrl(key.key(), body.sizeBytes(), ImportsConfig.UPLOAD_URL_VALIDITY).toString(), "PUT",
                key.key(), now.plus(ImportsConfig.UPLOAD_URL_VALIDITY), config.maxBytes(), body.sizeBytes(),
                body.isDryRun());
    }

    /** The caller's imports, newest first, a page at a time (keyset on creation time and id). */
    Page<ImportViews.ImportSummary> list(Caller caller, Optional<String> cursor, int limit) {
        Optional<Cursor> after = cursor.map(encoded -> Cursor.decode(encoded, LIST_CURSOR, 2));
        return database.inTransaction(caller, tx -> {
            List<ImportJobsRecord> rows = jobs.list(tx, caller.agentId(), caller.requireUserId(),
                    after.map(c -> c.instant(0)), after.map(c -> c.uuid(1)), limit + 1);
            List<ImportViews.ImportSummary> items = rows.stream().limit(limit).map(this::summary).toList();
            Optional<String> next = Optional.empty();
            if (rows.size() > limit) {
                ImportJobsRecord last = rows.get(limit - 1);
                next = Optional.of(Cursor.of(LIST_CURSOR, last.getCreatedAt(), last.getImportJobId()).encode());
            }
            return new Page<>(items, next);
        });
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

    /**
     * A short-lived link to the rejected rows (customers' details as they were in the file), handed out as a
     * {@code report_download} access event of the caller (tenant V202), in the same transaction as the read.
     */
    ImportViews.ReportLink errorReport(Caller caller, UUID id, String requestId) {
        ImportJobsRecord job = database.inTransaction(caller, tx -> {
            ImportJobsRecord found = jobs.job(tx, id).orElseThrow(() -> new ApiProblem.NotFound("import"));
            if (found.getStatus() != ImportStatusEnum.completed) {
                throw new ApiProblem.Conflict("the import has not finished; its error report comes when it has");
            }
            if (found.getErrorReportPath() == null) {
                throw new ApiProblem.NotFound("error report (no row was rejected)");
            }
            AccessEvents.record(tx, caller, "report_download", "import_jobs", id.toString(), requestId,
                    "{\"report\": \"import_error_report\"}");
            return found;
        });
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
        if (!TEMPLATE_WRITERS.contains(caller.role())) {
            throw new ApiProblem.Forbidden("only agents and administrators create import templates");
        }
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

    private ImportViews.ImportSummary summary(ImportJobsRecord job) {
        return new ImportViews.ImportSummary(job.getImportJobId(), job.getFileName(), status(job), job.getDryRun(),
                new ImportViews.Progress(job.getProcessedRecords(), Math.max(job.getTotalRecords(),
                        job.getProcessedRecords())),
                ImportViews.CountsView.of(ImportRepository.counts(job)), reason(job), job.getCreatedAt(),
                Optional.ofNullable(job.getCompletedAt()));
    }

    /** A job whose run stopped renewing its lease long ago is failed, whatever its row still says. */
    private boolean givenUp(ImportJobsRecord job) {
        return job.getStatus() == ImportStatusEnum.processing && job.getLeaseUntil() != null
                && job.getLeaseUntil().plus(GIVEN_UP_AFTER).isBefore(clock.instant());
    }

    private String status(ImportJobsRecord job) {
        return givenUp(job) ? "failed" : job.getStatus().getLiteral();
    }

    private Optional<String> reason(ImportJobsRecord job) {
        return givenUp(job)
                ? Optional.of("the import stopped unexpectedly and did not resume; upload the file again")
                : Optional.ofNullable(job.getErrorMessage());
    }

    private ImportViews.ImportView view(ImportJobsRecord job, List<ImportViews.RowError> first) {
        String status = status(job);
        Optional<String> reason = reason(job);
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
