package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.EXCEL_TEMPLATES;
import static com.agentmitra.data.jooq.tenant.Tables.IMPORT_JOBS;
import static com.agentmitra.data.jooq.tenant.Tables.IMPORT_RECORDS;
import static com.agentmitra.data.jooq.tenant.Tables.USERS;

import com.agentmitra.data.jooq.shared.enums.ImportRecordStatusEnum;
import com.agentmitra.data.jooq.shared.enums.ImportStatusEnum;
import com.agentmitra.data.jooq.tenant.tables.records.ImportJobsRecord;
import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.rows.RowProblem;
import com.agentmitra.lambda.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep7;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/** The import's own tables: jobs, kept rows and saved templates. Generated records stay in here. */
final class ImportRepository {

    /** What a run needs to know about its job; {@code createdAt} is when the agent started the upload. */
    record JobState(UUID id, UUID agentId, UUID uploadedBy, Optional<UUID> templateId, String filePath,
            String fileName, boolean dryRun, ImportStatusEnum status, int committedThroughRow, Counts counts,
            Instant createdAt) {}

    /** A saved column mapping. */
    record Template(UUID id, String name, Optional<String> description, Map<String, String> columnMapping,
            Instant createdAt) {}

    void insertJob(DSLContext tx, UUID id, UUID agentId, UUID uploadedBy, Optional<UUID> templateId, String fileName,
            String key, boolean dryRun) {
        var j = IMPORT_JOBS;
        tx.insertInto(j).set(j.IMPORT_JOB_ID, id).set(j.AGENT_ID, agentId).set(j.UPLOADED_BY, uploadedBy)
                .set(j.TEMPLATE_ID, templateId.orElse(null)).set(j.FILE_NAME, fileName).set(j.FILE_PATH, key)
                .set(j.DRY_RUN, dryRun).execute();
    }

    /**
     * The agent's imports waiting for their file or running, after taking the agent's lock for this transaction (so
     * two starts at once count each other). A pending job started more than {@code uploadValidity} ago (by the
     * database's clock, which stamped it) lost its upload URL; a running one whose lease lapsed before
     * {@code leaseSince} is shown as failed: neither counts.
     */
    int inFlight(DSLContext tx, UUID agentId, java.time.Duration uploadValidity, Instant leaseSince) {
        tx.select(DSL.field("pg_advisory_xact_lock(hashtextextended({0}, 15))", agentId.toString())).fetch();
        var j = IMPORT_JOBS;
        return tx.fetchCount(j, j.AGENT_ID.eq(agentId).and(
                j.STATUS.eq(ImportStatusEnum.pending)
                        .and(DSL.condition("{0} > now() - make_interval(secs => {1})", j.CREATED_AT,
                                DSL.val((double) uploadValidity.toSeconds())))
                        .or(j.STATUS.eq(ImportStatusEnum.processing)
                                .and(j.LEASE_UNTIL.isNull().or(j.LEASE_UNTIL.gt(leaseSince))))));
    }

    /** The imports of {@code agentId} (or, for a caller who is no agent, uploaded by them), newest first. */
    List<ImportJobsRecord> list(DSLContext tx, Optional<UUID> agentId, UUID userId, Optional<Instant> beforeCreated,
            Optional<UUID> beforeId, int limit) {
        var j = IMPORT_JOBS;
        var condition = agentId.map(j.AGENT_ID::eq).orElseGet(() -> j.UPLOADED_BY.eq(userId));
        if (beforeCreated.isPresent() && beforeId.isPresent()) {
            condition = condition.and(DSL.row(j.CREATED_AT, j.IMPORT_JOB_ID)
                    .lt(DSL.row(DSL.val(beforeCreated.get()), DSL.val(beforeId.get()))));
        }
        return tx.selectFrom(j).where(condition).orderBy(j.CREATED_AT.desc(), j.IMPORT_JOB_ID.desc()).limit(limit)
                .fetch();
    }

    Optional<ImportJobsRecord> job(DSLContext tx, UUID id) {
        return tx.selectFrom(IMPORT_JOBS).where(IMPORT_JOBS.IMPORT_JOB_ID.eq(id)).fetchOptional();
    }

    Optional<JobState> state(DSLContext tx, UUID id) {
        return job(tx, id).map(ImportRepository::state);
    }

    private static JobState state(ImportJobsRecord r) {
        return new JobState(r.getImportJobId(), r.getAgentId(), r.getUploadedBy(),
                Optional.ofNullable(r.getTemplateId()), r.getFilePath(), r.getFileName(), r.getDryRun(),
                r.getStatus(), r.getCommittedThroughRow(), counts(r), r.getCreatedAt());
    }

    static Counts counts(ImportJobsRecord r) {
        return new Counts(r.getCreatedRecords(), r.getUpdatedRecords(), r.getUnchangedRecords(), r.getFailedRecords(),
                r.getDuplicateRecords());
    }

    Optional<com.agentmitra.data.Role> role(DSLContext tx, UUID userId) {
        return tx.select(USERS.ROLE).from(USERS).where(USERS.USER_ID.eq(userId)).fetchOptional()
                .flatMap(r -> com.agentmitra.data.Role.fromUserRole(r.value1().getLiteral()));
    }

    /**
     * Takes the job for a run until {@code leaseUntil}: a pending job, or one whose previous run stopped renewing
     * its lease (killed). Empty when another run holds it or the job is finished.
     */
    Optional<JobState> claim(DSLContext tx, UUID id, Instant now, Instant leaseUntil, long sizeBytes, String etag) {
        var j = IMPORT_JOBS;
        return tx.update(j)
                .set(j.STATUS, ImportStatusEnum.processing)
                .set(j.STARTED_AT, DSL.coalesce(j.STARTED_AT, DSL.val(now)))
                .set(j.LEASE_UNTIL, leaseUntil)
                .set(j.FILE_SIZE_BYTES, sizeBytes)
                .set(j.FILE_ETAG, etag)
                .where(j.IMPORT_JOB_ID.eq(id))
                .and(j.STATUS.eq(ImportStatusEnum.pending)
                        .or(j.STATUS.eq(ImportStatusEnum.processing)
                                .and(j.LEASE_UNTIL.isNull().or(j.LEASE_UNTIL.lt(now)))))
                .returning()
                .fetchOptional()
                .map(ImportRepository::state);
    }

    void saveMapping(DSLContext tx, UUID id, ColumnMapping mapping, int expectedRows) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("sheet", mapping.sheet());
        described.put("headerRow", mapping.headerRow());
        described.put("headers", mapping.headers());
        described.put("columns", mapping.describe());
        described.put("unmapped", mapping.unmapped());
        var j = IMPORT_JOBS;
        tx.update(j).set(j.SHEET_NAME, truncate(mapping.sheet(), 200)).set(j.HEADER_ROW, mapping.headerRow())
                .set(j.COLUMN_MAPPING, JSONB.valueOf(Json.write(described)))
                .set(j.TOTAL_RECORDS, DSL.greatest(j.PROCESSED_RECORDS, DSL.val(expectedRows)))
                .where(j.IMPORT_JOB_ID.eq(id)).execute();
    }

    /** One committed batch: counters, the watermark and the lease move together with the batch's book writes. */
    void advance(DSLContext tx, UUID id, int throughRow, Counts delta, Instant leaseUntil) {
        var j = IMPORT_JOBS;
        tx.update(j)
                .set(j.CREATED_RECORDS, j.CREATED_RECORDS.plus(delta.created()))
                .set(j.UPDATED_RECORDS, j.UPDATED_RECORDS.plus(delta.updated()))
                .set(j.UNCHANGED_RECORDS, j.UNCHANGED_RECORDS.plus(delta.unchanged()))
                .set(j.FAILED_RECORDS, j.FAILED_RECORDS.plus(delta.rejected()))
                .set(j.DUPLICATE_RECORDS, j.DUPLICATE_RECORDS.plus(delta.duplicates()))
                .set(j.SUCCESSFUL_RECORDS, j.SUCCESSFUL_RECORDS.plus(delta.created() + delta.updated()
                        + delta.unchanged()))
                .set(j.PROCESSED_RECORDS, j.PROCESSED_RECORDS.plus(delta.processed()))
                .set(j.TOTAL_RECORDS, DSL.greatest(j.TOTAL_RECORDS, j.PROCESSED_RECORDS.plus(delta.processed())))
                .set(j.COMMITTED_THROUGH_ROW, DSL.greatest(j.COMMITTED_THROUGH_ROW, DSL.val(throughRow)))
                .set(j.LEASE_UNTIL, leaseUntil)
                .where(j.IMPORT_JOB_ID.eq(id)).execute();
    }

    /** Rejected and duplicate rows of a batch, one statement; a retried batch overwrites its own rows. */
    void keep(DSLContext tx, UUID jobId, List<RecordedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var r = IMPORT_RECORDS;
        InsertValuesStep7<?, UUID, Integer, JSONB, ImportRecordStatusEnum, String, JSONB, Instant> insert =
                tx.insertInto(r, r.IMPORT_JOB_ID, r.ROW_NUMBER, r.DATA, r.STATUS, r.ERROR_MESSAGE,
                        r.VALIDATION_ERRORS, r.PROCESSED_AT);
        Instant now = Instant.now();
        for (RecordedRow row : rows) {
            insert = insert.values(jobId, row.rowNumber(), JSONB.valueOf(Json.write(cellsJson(row.cells()))),
                    row.kind() == RecordedRow.Kind.REJECTED ? ImportRecordStatusEnum.failed
                            : ImportRecordStatusEnum.skipped,
                    row.summary(), JSONB.valueOf(Json.write(row.problems())), now);
        }
        insert.onConflict(r.IMPORT_JOB_ID, r.ROW_NUMBER).doUpdate()
                .set(r.DATA, DSL.excluded(r.DATA)).set(r.STATUS, DSL.excluded(r.STATUS))
                .set(r.ERROR_MESSAGE, DSL.excluded(r.ERROR_MESSAGE))
                .set(r.VALIDATION_ERRORS, DSL.excluded(r.VALIDATION_ERRORS))
                .execute();
    }

    private static Map<String, Object> cellsJson(List<Cell> cells) {
        List<String> values = new ArrayList<>(cells.size());
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            values.add(cells.get(i).text());
            if (cells.get(i).numeric()) {
                numeric.add(i);
            }
        }
        return Map.of("values", values, "numeric", numeric);
    }

    @SuppressWarnings("unchecked")
    private static List<Cell> cells(JSONB data) {
        Map<String, Object> json = readJson(data.data(), new TypeReference<>() {});
        List<String> values = (List<String>) json.getOrDefault("values", List.of());
        List<Integer> numeric = (List<Integer>) json.getOrDefault("numeric", List.of());
        List<Cell> cells = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            cells.add(numeric.contains(i) ? new Cell(values.get(i), true) : Cell.text(values.get(i)));
        }
        return cells;
    }

    private static List<RowProblem> problems(JSONB errors) {
        return errors == null ? List.of() : readJson(errors.data(), new TypeReference<List<RowProblem>>() {});
    }

    void finish(DSLContext tx, UUID id, ImportStatusEnum status, Optional<String> message,
            Optional<String> reportKey, Instant now) {
        var j = IMPORT_JOBS;
        tx.update(j).set(j.STATUS, status).set(j.ERROR_MESSAGE, message.orElse(null))
                .set(j.ERROR_REPORT_PATH, reportKey.orElse(null)).set(j.COMPLETED_AT, now)
                .set(j.TOTAL_RECORDS, status == ImportStatusEnum.completed ? j.PROCESSED_RECORDS : j.TOTAL_RECORDS)
                .setNull(j.LEASE_UNTIL)
                .where(j.IMPORT_JOB_ID.eq(id)).execute();
    }

    /** Kept rows after {@code afterRow}, in row order. */
    List<RecordedRow> kept(DSLContext tx, UUID jobId, int afterRow, int limit, boolean rejectedOnly) {
        var r = IMPORT_RECORDS;
        var condition = r.IMPORT_JOB_ID.eq(jobId).and(r.ROW_NUMBER.gt(afterRow));
        if (rejectedOnly) {
            condition = condition.and(r.STATUS.eq(ImportRecordStatusEnum.failed));
        }
        return tx.select(r.ROW_NUMBER, r.STATUS, r.DATA, r.VALIDATION_ERRORS).from(r).where(condition)
                .orderBy(r.ROW_NUMBER).limit(limit)
                .fetch(row -> new RecordedRow(row.value1(), row.value2() == ImportRecordStatusEnum.failed
                        ? RecordedRow.Kind.REJECTED : RecordedRow.Kind.DUPLICATE, cells(row.value3()),
                        problems(row.value4())));
    }

    /** Every rejected row, streamed in row order (the error report of a large file). */
    void eachRejected(DSLContext tx, UUID jobId, Consumer<RecordedRow> sink) {
        int after = 0;
        while (true) {
            List<RecordedRow> page = kept(tx, jobId, after, 1000, true);
            page.forEach(sink);
            if (page.size() < 1000) {
                return;
            }
            after = page.get(page.size() - 1).rowNumber();
        }
    }

    List<Template> templates(DSLContext tx) {
        var t = EXCEL_TEMPLATES;
        return tx.select(t.TEMPLATE_ID, t.TEMPLATE_NAME, t.DESCRIPTION, t.COLUMN_MAPPING, t.CREATED_AT).from(t)
                .where(t.IS_ACTIVE.isTrue()).orderBy(t.TEMPLATE_NAME)
                .fetch(r -> new Template(r.value1(), r.value2(), Optional.ofNullable(r.value3()),
                        readJson(r.value4().data(), new TypeReference<Map<String, String>>() {}), r.value5()));
    }

    Optional<Template> template(DSLContext tx, UUID id) {
        return templates(tx).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    boolean templateNamed(DSLContext tx, String name) {
        return tx.fetchExists(EXCEL_TEMPLATES, EXCEL_TEMPLATES.TEMPLATE_NAME.eq(name));
    }

    Template insertTemplate(DSLContext tx, String name, Optional<String> description, Map<String, String> mapping,
            List<String> required, UUID createdBy) {
        var t = EXCEL_TEMPLATES;
        return tx.insertInto(t).set(t.TEMPLATE_NAME, name).set(t.DESCRIPTION, description.orElse(null))
                .set(t.COLUMN_MAPPING, JSONB.valueOf(Json.write(mapping)))
                .set(t.REQUIRED_COLUMNS, required.toArray(String[]::new))
                .set(t.CREATED_BY, createdBy)
                .returning(t.TEMPLATE_ID, t.CREATED_AT)
                .fetchOne(r -> new Template(r.getTemplateId(), name, description, mapping, r.getCreatedAt()));
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
