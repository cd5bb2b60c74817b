package com.agentmitra.imports;

import com.agentmitra.data.Caller;
import com.agentmitra.data.Database;
import com.agentmitra.data.Role;
import com.agentmitra.data.Tenant;
import com.agentmitra.data.TenantDirectory;
import com.agentmitra.data.jooq.shared.enums.ImportStatusEnum;
import com.agentmitra.domain.book.BookWriter;
import com.agentmitra.domain.time.BusinessDay;
import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.mapping.HeaderMatcher;
import com.agentmitra.imports.mapping.HeaderSearch;
import com.agentmitra.imports.read.RowVisitor;
import com.agentmitra.imports.read.SheetRow;
import com.agentmitra.imports.read.SpreadsheetReader;
import com.agentmitra.imports.read.UnreadableFileException;
import com.agentmitra.imports.rows.ParsedRow;
import com.agentmitra.imports.rows.RowParser;
import com.agentmitra.imports.rows.RowProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one uploaded file into the agent's book: finds its job from the S3 key, claims it, streams the file through
 * header search and row parsing, and commits batches (book writes, rejected rows, counters and the resume watermark
 * in one transaction each) as the uploading agent, so row level security keeps the import inside that agent's book.
 * A repeated event finds the job finished; a retry after a crash skips the committed rows. Every expected failure
 * (unreadable file, missing columns, too large) ends the job {@code failed} with a reason; no bad file leaves it
 * {@code processing}.
 */
final class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final ZoneId BUSINESS_ZONE = BusinessDay.INDIA;

    /** How a run ended. */
    sealed interface Outcome permits Completed, Failed, AlreadyFinished, Busy, NotAnImport {}

    record Completed(UUID importId, Counts counts) implements Outcome {}

    record Failed(UUID importId, String reason) implements Outcome {}

    record AlreadyFinished(UUID importId) implements Outcome {}

    /** Another run holds the job: the event should be retried later. */
    record Busy(UUID importId) implements Outcome {}

    record NotAnImport(String key) implements Outcome {}

    /** Called after each committed batch; tests stop a run there to prove a retry finishes it. */
    interface Checkpoint {
        Checkpoint NONE = batches -> { };

        void afterBatch(int batchesCommitted);
    }

    private final Database database;
    private final TenantDirectory tenants;
    private final ImportRepository jobs;
    private final UploadStore store;
    private final ImportsConfig config;
    private final Clock clock;
    private final Checkpoint checkpoint;
    private final ImportConsents consents = new ImportConsents();

    ImportRunner(Database database, TenantDirectory tenants, ImportRepository jobs, UploadStore store,
            ImportsConfig config, Clock clock, Checkpoint checkpoint) {
        this.database = database;
        this.tenants = tenants;
        this.jobs = jobs;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.checkpoint = checkpoint;
    }

    /** Runs the object {@code key} of {@code bucket} (as its S3 event names them; the key already URL-decoded). */
    Outcome run(String bucket, String key, long sizeBytes, String etag) {
        UploadStore store = this.store.forBucket(bucket);
        Optional<ImportKey> parsed = ImportKey.parse(key);
        Optional<Tenant> tenant = parsed.flatMap(k -> tenants.findByCode(k.tenantCode()));
        if (tenant.isEmpty()) {
            log.warn("Object is not an upload of ours; ignored");
            return new NotAnImport(key);
        }
        ImportKey importKey = parsed.get();
        Caller system = Caller.system(tenant.get());
        Optional<ImportRepository.JobState> found = database.inTransaction(system,
                tx -> jobs.state(tx, importKey.importId()));
        if (found.isEmpty() || !found.get().filePath().equals(key)
                || !importKey.agentId().equals(found.get().agentId())) {
            log.warn("Upload without a matching import job; ignored");
            return new NotAnImport(key);
        }
        if (found.get().status() == ImportStatusEnum.completed || found.get().status() == ImportStatusEnum.failed) {
            return new AlreadyFinished(importKey.importId());
        }
        Instant now = clock.instant();
        Optional<ImportRepository.JobState> claimed = database.inTransaction(system,
                tx -> jobs.claim(tx, importKey.importId(), now, now.plus(config.lease()), sizeBytes, etag));
        if (claimed.isEmpty()) {
            return new Busy(importKey.importId());
        }
        ImportRepository.JobState job = claimed.get();
        Optional<Role> role = job.uploadedBy() == null ? Optional.empty()
                : database.inTransaction(system, tx -> jobs.role(tx, job.uploadedBy()));
        if (role.isEmpty()) {
            return fail(system, job.id(), "the agent who uploaded the file no longer has an account");
        }
        Caller agent = Caller.agent(tenant.get(), job.uploadedBy(), role.get(), job.agentId());
        Path file = null;
        try {
            if (sizeBytes > config.maxBytes()) {
                throw UploadStore.tooLarge(config.maxBytes());
            }
            file = Files.createTempFile("import-", ".upload");
            store.download(key, file, config.maxBytes());
            return process(agent, importKey, job, file, store);
        } catch (UnreadableFileException e) {
            log.info("Import failed: {}", e.getMessage());
            return fail(agent, job.id(), e.getMessage());
        } catch (DataAccessException e) {
            // the database, not the file: give the job back at once so the retried event can take over
            database.inTransaction(system, tx -> {
                jobs.advance(tx, job.id(), 0, Counts.NONE, clock.instant());
                return null;
            });
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            log.error("Import stopped on an unexpected error", e);
            return fail(agent, job.id(), "the import stopped on an unexpected error; upload the file again, and tell"
                    + " support if it happens twice");
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the reader refuses such a file itself; this keeps any other path from failing the invocation, which
            // Lambda would retry with the same file
            log.error("Import ran out of memory or stack", e);
            return fail(agent, job.id(), "the file needs more memory to import than a spreadsheet of its size would;"
                    + " check that it is a plain register, or split it into smaller files");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Temporary upload copy not deleted");
                }
            }
        }
    }

    private Failed fail(Caller caller, UUID id, String reason) {
        database.inTransaction(caller, tx -> {
            jobs.finish(tx, id, ImportStatusEnum.failed, Optional.of(reason), Optional.empty(), clock.instant());
            return null;
        });
        return new Failed(id, reason);
    }

    private Outcome process(Caller agent, ImportKey key, ImportRepository.JobState job, Path file, UploadStore store)
            throws IOException {
        HeaderMatcher matcher = job.templateId()
                .flatMap(id -> database.inTransaction(agent, tx -> jobs.template(tx, id)))
                .map(template -> HeaderMatcher.withTemplate(template.columnMapping()))
                .orElseGet(HeaderMatcher::synonymsOnly);
        Run run = new Run(agent, job);
        HeaderSearch search = new HeaderSearch(matcher, run);
        new SpreadsheetReader(config.readLimits()).read(file, key.fileName(), search);
        return switch (search.result()) {
            case HeaderSearch.NoHeader none -> fail(agent, job.id(), "no header row found: the first rows of every "
                    + "sheet were searched for columns such as Customer Name, Mobile Number, Policy Number");
            case HeaderSearch.MissingColumns missing -> fail(agent, job.id(), "required columns are missing: "
                    + String.join(", ", missing.missing()) + " (header row " + missing.closest().headerRow()
                    + " of sheet \"" + missing.closest().sheet() + "\")");
            case HeaderSearch.Found found -> {
                run.flush();
                Optional<String> report = run.counts.rejected() > 0 || job.counts().rejected() > 0
                        ? Optional.of(writeReport(agent, key, job.id(), found.mapping(), store)) : Optional.empty();
                database.inTransaction(agent, tx -> {
                    jobs.finish(tx, job.id(), ImportStatusEnum.completed, Optional.empty(), report, clock.instant());
                    return null;
                });
                Counts total = job.counts().plus(run.counts);
                log.info("Import finished: {} created, {} updated, {} unchanged, {} rejected, {} duplicates; {} consent"
                        + " statements recorded ({} applied) by this run; {} ms in book transactions", total.created(),
                        total.updated(), total.unchanged(), total.rejected(), total.duplicates(),
                        run.consentsRecorded.statements(), run.consentsRecorded.applied(), run.writeNanos / 1_000_000);
                yield new Completed(job.id(), total);
            }
        };
    }

    private String writeReport(Caller agent, ImportKey key, UUID jobId, ColumnMapping mapping, UploadStore store)
            throws IOException {
        Path report = Files.createTempFile("rejected-", ".xlsx");
        try {
            database.inTransaction(agent, tx -> {
                ErrorReport.write(report, mapping.headers(), ErrorReport.dateColumns(mapping.columns()),
                        sink -> jobs.eachRejected(tx, jobId, sink));
                return null;
            });
            store.put(key.reportKey(), report, UploadStore.XLSX);
            return key.reportKey();
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** What one transaction of a run wrote. */
    private record Committed(BookBatchWriter.Batch batch, ImportConsents.Recorded consents) {}

    /** The state of one pass over the file: batching, duplicate detection, counters. */
    private final class Run implements HeaderSearch.Data {
        private final Caller agent;
        private final ImportRepository.JobState job;
        private final BookBatchWriter book;
        private final Map<String, long[]> policies = new HashMap<>(); // policy number → {first row, fingerprint}
        private final Map<String, UUID> people = new HashMap<>();
        private final List<ParsedRow.Accepted> accepted = new ArrayList<>();
        private final List<RecordedRow> kept = new ArrayList<>();
        private RowParser parser;
        private int lastRow;
        private int rowsInBatch;
        private int batches;
        private Counts counts = Counts.NONE;
        private ImportConsents.Recorded consentsRecorded = ImportConsents.Recorded.NONE;
        private long writeNanos;

        Run(Caller agent, ImportRepository.JobState job) {
            this.agent = agent;
            this.job = job;
            this.book = new BookBatchWriter(new BookWriter(agent.userId()));
        }

        @Override
        public void mapped(ColumnMapping mapping, OptionalInt sheetLastRow) {
            parser = new RowParser(mapping, job.agentId(), LocalDate.ofInstant(clock.instant(), BUSINESS_ZONE));
            int expected = Math.max(0, sheetLastRow.orElse(0) - mapping.headerRow());
            database.inTransaction(agent, tx -> {
                jobs.saveMapping(tx, job.id(), mapping, expected);
                return null;
            });
        }

        @Override
        public RowVisitor.Next row(SheetRow row) {
            ParsedRow parsed = parser.parse(row);
            switch (parsed) {
                case ParsedRow.Blank blank -> {
                    return RowVisitor.Next.CONTINUE;
                }
                case ParsedRow.Rejected rejected -> kept.add(new RecordedRow(rejected.number(),
                        RecordedRow.Kind.REJECTED, rejected.cells(), rejected.problems()));
                case ParsedRow.Accepted ok -> {
                    long[] first = policies.get(ok.policy().policyNumber());
                    if (first == null) {
                        policies.put(ok.policy().policyNumber(), new long[] {ok.number(), ok.fingerprint()});
                        accepted.add(ok);
                    } else if (first[1] == ok.fingerprint()) {
                        kept.add(new RecordedRow(ok.number(), RecordedRow.Kind.DUPLICATE, ok.cells(), List.of(
                                new RowProblem("Row", "repeats row " + first[0] + " exactly; counted once"))));
                    } else {
                        kept.add(new RecordedRow(ok.number(), RecordedRow.Kind.REJECTED, ok.cells(), List.of(
                                new RowProblem(parser.policyNumberHeader(), "policy " + ok.policy().policyNumber()
                                        + " is already on row " + first[0] + " with different details; row "
                                        + first[0] + " was kept"))));
                    }
                }
            }
            lastRow = row.number();
            if (++rowsInBatch >= config.batchRows()) {
                flush();
            }
            return RowVisitor.Next.CONTINUE;
        }

        void flush() {
            if (rowsInBatch == 0) {
                return;
            }
            if (lastRow <= job.committedThroughRow()) {
                // committed by an earlier attempt of this run: remember its people, write nothing again
                accepted.forEach(row -> people.putIfAbsent(row.person().phone().e164(), null));
                clear();
                return;
            }
            Counts delta;
            long started = System.nanoTime();
            try {
                Committed committed = database.inTransaction(agent, tx -> {
                    Committed written = write(tx, accepted);
                    jobs.keep(tx, job.id(), kept);
                    jobs.advance(tx, job.id(), lastRow, count(written.batch().rows(), kept),
                            clock.instant().plus(config.lease()));
                    return written;
                });
                BookBatchWriter.Batch batch = committed.batch();
                consentsRecorded = consentsRecorded.plus(committed.consents());
                people.putAll(batch.learned());
                delta = count(batch.rows(), kept);
            } catch (DataAccessException conflict) {
                delta = rowByRow();
            }
            writeNanos += System.nanoTime() - started;
            counts = counts.plus(delta);
            clear();
            checkpoint.afterBatch(++batches);
        }

        /**
         * A batch the database refused (a phone, customer id or policy number held in another agent's book): each
         * row alone, so only the conflicting rows are rejected.
         */
        private Counts rowByRow() {
            List<BookBatchWriter.Written> written = new ArrayList<>();
            List<RecordedRow> rejected = new ArrayList<>(kept);
            for (ParsedRow.Accepted row : accepted) {
                try {
                    Committed one = database.inTransaction(agent, tx -> write(tx, List.of(row)));
                    consentsRecorded = consentsRecorded.plus(one.consents());
                    people.putAll(one.batch().learned());
                    written.addAll(one.batch().rows());
                } catch (DataAccessException e) {
                    rejected.add(new RecordedRow(row.number(), RecordedRow.Kind.REJECTED, row.cells(), List.of(
                            // never whose or where (issue 15): the agent learns only that it is taken
                            new RowProblem(parser.phoneHeader(), "this mobile number, customer id or policy number"
                                    + " is already registered and cannot be used for another customer"))));
                }
            }
            Counts batchCounts = count(written, rejected);
            database.inTransaction(agent, tx -> {
                jobs.keep(tx, job.id(), rejected);
                jobs.advance(tx, job.id(), lastRow, batchCounts, clock.instant().plus(config.lease()));
                return null;
            });
            return batchCounts;
        }

        /** The book's rows and the consent they state, in the caller's transaction. */
        private Committed write(org.jooq.DSLContext tx, List<ParsedRow.Accepted> rows) {
            BookBatchWriter.Batch batch = book.write(tx, rows, people, job.dryRun());
            return new Committed(batch, consents.record(tx, batch.consents(), job.id(), job.createdAt()));
        }

        private Counts count(List<BookBatchWriter.Written> written, List<RecordedRow> recorded) {
            Counts c = Counts.NONE;
            for (BookBatchWriter.Written row : written) {
                c = c.plus(row.outcome());
            }
            int rejected = (int) recorded.stream().filter(r -> r.kind() == RecordedRow.Kind.REJECTED).count();
            return c.plus(new Counts(0, 0, 0, rejected, recorded.size() - rejected));
        }

        private void clear() {
            accepted.clear();
            kept.clear();
            rowsInBatch = 0;
        }
    }
}
