package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.IMPORT_JOBS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import com.agentmitra.data.jooq.shared.enums.ImportStatusEnum;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import end to end against real PostgreSQL and the S3 emulator through the SDK: a presigned upload, the
 * runner on the object's key as the S3 event names it, the book's rows, the job's counts and the error report.
 */
class ImportIT {

    static final String BUCKET = "agent-mitra-imports-test";
    static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    static TestDatabase db;
    static InProcessAws aws;

    final Fixtures fixtures = new Fixtures(db);
    final ImportRepository jobs = new ImportRepository();
    final UploadStore store = Env.with(aws.environment(),
            () -> new UploadStore(aws.s3(), AwsClients.s3Presigner(), BUCKET));
    final ImportsConfig config = new ImportsConfig(BUCKET, 5L * 1024 * 1024, 10_000, 4, Duration.ZERO);
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final ImportService service = new ImportService(db.database(), jobs, store, config, clock);

    @TempDir
    Path dir;

    @BeforeAll
    static void services() {
        db = TestDatabase.get();
        aws = InProcessAws.shared();
        aws.bucket(BUCKET);
    }

    private ImportRunner runner(ImportRunner.Checkpoint checkpoint) {
        return new ImportRunner(db.database(), db.tenants(), jobs, store, config, clock, checkpoint);
    }

    /** POST /imports, then the PUT a portal makes to the presigned URL; answers the ticket. */
    private ImportViews.UploadTicket upload(Fixtures.Agent agent, Path file, boolean dryRun) throws Exception {
        ImportViews.UploadTicket ticket = service.start(agent.caller(),
                new NewImport("Ramesh book " + file.getFileName(), null, dryRun));
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ticket.uploadUrl()))
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        return ticket;
    }

    private ImportRunner.Outcome arrive(ImportViews.UploadTicket ticket, Path file) throws Exception {
        return runner(ImportRunner.Checkpoint.NONE).run(BUCKET, ticket.key(), Files.size(file), "etag");
    }

    private static Workbooks bookOf(int rows, int firstNumber) {
        Workbooks book = Workbooks.book().titled("LIC Agent Ramesh - customer list").withInstructionsSheetFirst();
        for (int i = 0; i < rows; i++) {
            book.validRow(firstNumber + i);
        }
        return book;
    }

    private static int unique() {
        return (int) (Math.random() * 90_000) + 1;
    }

    @Nested
    class AGoodFile {

        @Test
        void landsInTheAgentsBookWithCountsMappingAndAFinishedJob() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int first = unique();
            Path file = bookOf(10, first).xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);

            ImportRunner.Outcome outcome = arrive(ticket, file);

            assertThat(outcome).isInstanceOf(ImportRunner.Completed.class);
            ImportViews.ImportView view = service.status(agent.caller(), ticket.importId());
            assertThat(view.status()).isEqualTo("completed");
            assertThat(view.counts()).isEqualTo(new ImportViews.CountsView(10, 0, 0, 0, 0));
            assertThat(view.progress()).isEqualTo(new ImportViews.Progress(10, 10));
            assertThat(view.mapping().orElseThrow()).containsEntry("sheet", "Book").containsEntry("headerRow", 3);
            assertThat((Map<String, String>) view.mapping().orElseThrow().get("columns"))
                    .containsEntry("Mobile No.", "policyholder.phone_number").containsEntry("S.A.", "policy.sum_assured");
            var policy = db.ownerDsl(agent.tenant()).selectFrom(INSURANCE_POLICIES)
                    .where(INSURANCE_POLICIES.POLICY_NUMBER.eq(String.format("LIC%07d", first))).fetchSingle();
            assertThat(policy.getAgentId()).isEqualTo(agent.agentId());
            assertThat(policy.getSumAssured()).isEqualByComparingTo("500000");
            assertThat(policy.getPremiumAmount()).isEqualByComparingTo("2500");
            assertThat(policy.getPremiumFrequency()).isEqualTo("annual");
            assertThat(policy.getStartDate()).isEqualTo(LocalDate.of(2020, 1, 15));
            assertThat(policy.getStatus().getLiteral()).isEqualTo("active");
            var holder = db.ownerDsl(agent.tenant()).selectFrom(POLICYHOLDERS)
                    .where(POLICYHOLDERS.POLICYHOLDER_ID.eq(policy.getPolicyholderId())).fetchSingle();
            assertThat(holder.getPhoneNumber()).isEqualTo(String.format("+9190000%05d", first));
            assertThat(holder.getFirstName()).isEqualTo("Ramesh Kumar");
            assertThat(holder.getDateOfBirth()).isEqualTo(LocalDate.of(1985, 3, 1));
        }

        @Test
        void theSameEventTwiceChangesNothingAndTheSameFileAgainReportsEverythingUnchanged() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path file = bookOf(9, unique()).csv(dir, true);
            ImportViews.UploadTicket ticket = upload(agent, file, false);
            arrive(ticket, file);

            ImportRunner.Outcome repeat = arrive(ticket, file);
            ImportViews.UploadTicket again = upload(agent, file, false);
            ImportRunner.Outcome second = arrive(again, file);

            assertThat(repeat).isInstanceOf(ImportRunner.AlreadyFinished.class);
            assertThat(second).isEqualTo(new ImportRunner.Completed(again.importId(), new Counts(0, 0, 9, 0, 0)));
            assertThat(db.ownerDsl(agent.tenant()).fetchCount(POLICYHOLDERS,
                    POLICYHOLDERS.AGENT_ID.eq(agent.agentId()))).isEqualTo(9);
        }

        @Test
        void aRunKilledHalfWayAndRetriedLosesAndDuplicatesNothing() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path file = bookOf(11, unique()).row("Bad Row", "12", "LICBAD" + unique(), "Jeevan Anand", "1000",
                    "100", "Yly", "15/01/2020").xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);
            ImportRunner killed = runner(batches -> {
                if (batches == 2) {
                    throw new KilledError();
                }
            });

            assertThatThrownBy(() -> killed.run(BUCKET, ticket.key(), Files.size(file), "etag"))
                    .isInstanceOf(KilledError.class);
            assertThat(runner(ImportRunner.Checkpoint.NONE).run(BUCKET, ticket.key(), Files.size(file), "etag"))
                    .isInstanceOf(ImportRunner.Busy.class); // a second delivery while the lease holds waits
            assertThat(service.status(agent.caller(), ticket.importId()).status()).isEqualTo("processing");
            ImportRunner.Outcome retried = new ImportRunner(db.database(), db.tenants(), jobs, store, config,
                    Clock.offset(clock, Duration.ofSeconds(1)), ImportRunner.Checkpoint.NONE)
                    .run(BUCKET, ticket.key(), Files.size(file), "etag"); // Lambda's retry, after the lease lapsed

            assertThat(retried).isEqualTo(new ImportRunner.Completed(ticket.importId(), new Counts(11, 0, 0, 1, 0)));
            assertThat(db.ownerDsl(agent.tenant()).fetchCount(INSURANCE_POLICIES,
                    INSURANCE_POLICIES.AGENT_ID.eq(agent.agentId()))).isEqualTo(11);
            assertThat(service.errors(agent.caller(), ticket.importId(), java.util.Optional.empty(), 50).items())
                    .hasSize(1);
        }

        @Test
        void aDryRunCountsWhatWouldHappenAndWritesNothingToTheBook() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path file = bookOf(5, unique()).xls(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, true);

            ImportRunner.Outcome outcome = arrive(ticket, file);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(ticket.importId(), new Counts(5, 0, 0, 0, 0)));
            assertThat(db.ownerDsl(agent.tenant()).fetchCount(POLICYHOLDERS,
                    POLICYHOLDERS.AGENT_ID.eq(agent.agentId()))).isZero();
        }

        @Test
        void aCustomerWhoseNumberChangedIsFoundByCustomerIdAndKeepsTheirRecord() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            String customerId = "CUST" + n;
            Path before = Workbooks.book().headers("Name", "Mobile", "Customer ID", "Policy Number", "Plan", "Sum Assured",
                    "Premium", "Frequency", "Commencement Date")
                    .row("Meena Iyer", "9000011111".substring(0, 5) + String.format("%05d", n), customerId, "POL" + n,
                            "Jeevan Umang", "200000", "1500", "Mly", "01/02/2022").csv(dir, false);
            ImportViews.UploadTicket first = upload(agent, before, false);
            arrive(first, before);
            Path after = Workbooks.book().headers("Name", "Mobile", "Customer ID", "Policy Number", "Plan", "Sum Assured",
                    "Premium", "Frequency", "Commencement Date")
                    .row("Meena Iyer", "90002" + String.format("%05d", n), customerId, "POL" + n, "Jeevan Umang",
                            "200000", "1500", "Mly", "01/02/2022").csv(dir, false);
            ImportViews.UploadTicket second = upload(agent, after, false);

            ImportRunner.Outcome outcome = arrive(second, after);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(second.importId(), new Counts(0, 1, 0, 0, 0)));
            var people = db.ownerDsl(agent.tenant()).selectFrom(POLICYHOLDERS)
                    .where(POLICYHOLDERS.CUSTOMER_ID.eq(customerId)).fetch();
            assertThat(people).singleElement()
                    .satisfies(p -> assertThat(p.getPhoneNumber()).isEqualTo("+9190002" + String.format("%05d", n)));
        }
    }

    @Nested
    class RowsThatNeedAttention {

        @Test
        void rejectedRowsNameEveryFieldDuplicatesCountOnceAndTheReportHoldsThemAsUploaded() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Workbooks book = bookOf(2, n)
                    .row("=cmd|' /C calc'!A0", "12345", "LICX" + n, "Jeevan Anand", "-5", "₹abc", "Weekly",
                            "31/02/2024", null, "2345 6789 0123", null, null)
                    .row(null, null, null, null, null, null, null, null, null, null, "   ", null)
                    .validRow(n) // an exact repeat of the first row
                    .row("Other Name", String.format("+91 90000 %05d", n), String.format("LIC%07d", n), "Jeevan Labh",
                            "1,00,000", "Rs. 900", "Qly", "01-01-2021", null, null, null, null);
            Path file = book.xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);

            ImportRunner.Outcome outcome = arrive(ticket, file);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(ticket.importId(), new Counts(2, 0, 0, 2, 1)));
            ImportViews.ImportView view = service.status(agent.caller(), ticket.importId());
            assertThat(view.firstErrors()).extracting(ImportViews.RowError::row).containsExactly(6, 8, 9);
            var bad = view.firstErrors().get(0);
            assertThat(bad.problems()).extracting(p -> p.column()).contains("Mobile No.", "S.A.", "Premium", "Mode",
                    "DOC", "Aadhaar");
            assertThat(bad.problems().toString()).contains("is not a real date").doesNotContain("234567890123");
            assertThat(view.firstErrors().get(1).status()).isEqualTo("duplicate");
            assertThat(view.firstErrors().get(2).problems().get(0).message()).contains("already on row 4");
            assertThat(view.errorReportAvailable()).isTrue();

            ImportViews.ReportLink link = service.errorReport(agent.caller(), ticket.importId());
            try (InputStream in = URI.create(link.url()).toURL().openStream();
                    XSSFWorkbook report = new XSSFWorkbook(in)) {
                Sheet sheet = report.getSheetAt(0);
                assertThat(sheet.getRow(0).getCell(12).getStringCellValue()).isEqualTo(ErrorReport.ROW_HEADER);
                assertThat(sheet.getPhysicalNumberOfRows()).isEqualTo(3);
                var first = sheet.getRow(1);
                assertThat(first.getCell(0).getStringCellValue()).isEqualTo("=cmd|' /C calc'!A0");
                assertThat(first.getCell(0).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
                assertThat(first.getCell(0).getCellStyle().getQuotePrefixed()).isTrue();
                assertThat(first.getCell(9).getStringCellValue()).isEqualTo("XXXX-XXXX-0123");
                assertThat(first.getCell(13).getStringCellValue()).contains("Mobile No.:");
            }
        }

        @Test
        void errorsArePagedByRow() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Workbooks book = bookOf(1, unique());
            for (int i = 0; i < 5; i++) {
                book.row("Bad " + i, "1", "BAD" + i + unique(), "Plan", "1", "1", "Yly", "01/01/2020");
            }
            Path file = book.csv(dir, false);
            ImportViews.UploadTicket ticket = upload(agent, file, false);
            arrive(ticket, file);

            var page1 = service.errors(agent.caller(), ticket.importId(), java.util.Optional.empty(), 3);
            var page2 = service.errors(agent.caller(), ticket.importId(), page1.nextCursor(), 3);

            assertThat(page1.items()).hasSize(3);
            assertThat(page2.items()).hasSize(2);
            assertThat(page2.nextCursor()).isEmpty();
        }
    }

    @Nested
    class FilesThatCannotBeImported {

        @Test
        void missingRequiredColumnsFailAtOnceNamingThem() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path file = Workbooks.book().headers("Customer Name", "Mobile", "Policy No", "Plan")
                    .row("A", "9000000001", "P1", "X").xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);

            ImportRunner.Outcome outcome = arrive(ticket, file);

            assertThat(outcome).isInstanceOf(ImportRunner.Failed.class);
            ImportViews.ImportView view = service.status(agent.caller(), ticket.importId());
            assertThat(view.status()).isEqualTo("failed");
            assertThat(view.failureReason().orElseThrow())
                    .contains("Sum Assured", "Premium Amount", "Premium Frequency", "Commencement Date");
        }

        @Test
        void aTruncatedUploadFailsWithAReasonAndNeverStaysProcessing() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path cut = Workbooks.truncated(bookOf(20, unique()).xlsx(dir), dir, 3000);
            ImportViews.UploadTicket ticket = upload(agent, cut, false);

            arrive(ticket, cut);

            ImportViews.ImportView view = service.status(agent.caller(), ticket.importId());
            assertThat(view.status()).isEqualTo("failed");
            assertThat(view.failureReason().orElseThrow()).contains("damaged or incomplete");
            assertThat(db.ownerDsl(agent.tenant()).select(IMPORT_JOBS.STATUS).from(IMPORT_JOBS)
                    .where(IMPORT_JOBS.IMPORT_JOB_ID.eq(ticket.importId())).fetchSingle().value1())
                    .isEqualTo(ImportStatusEnum.failed);
        }

        @Test
        void aPasswordProtectedWorkbookFailsAskingForItWithoutPassword() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path locked = Workbooks.passwordProtected(bookOf(2, unique()).xlsx(dir), dir);
            ImportViews.UploadTicket ticket = upload(agent, locked, false);

            arrive(ticket, locked);

            assertThat(service.status(agent.caller(), ticket.importId()).failureReason().orElseThrow())
                    .contains("password-protected");
        }
    }

    @Nested
    class Access {

        @Test
        void anotherAgentCannotSeeMyImport() throws Exception {
            Fixtures.Agent me = fixtures.agent().create();
            Fixtures.Agent other = fixtures.agent().create();
            ImportViews.UploadTicket ticket = service.start(me.caller(), new NewImport("book.xlsx", null, false));

            assertThatThrownBy(() -> service.status(other.caller(), ticket.importId()))
                    .isInstanceOf(ApiProblem.NotFound.class);
        }

        @Test
        void onlyTheFileKindsWeReadCanBeStarted() {
            assertThatThrownBy(() -> new NewImport("book.pdf", null, false)).isInstanceOf(ApiProblem.InvalidInput.class);
        }

        @Test
        void theUploadKeyCarriesTenantAgentAndImportAndASafeFileName() {
            Fixtures.Agent me = fixtures.agent().create();

            ImportViews.UploadTicket ticket = service.start(me.caller(), new NewImport("../../my book (1).xlsx", null, false));

            assertThat(ticket.key()).isEqualTo("imports/" + me.tenant().code() + "/" + me.agentId() + "/"
                    + ticket.importId() + "/my book _1_.xlsx");
        }
    }

    /** Stands in for the Lambda runtime killing the invocation between two batches. */
    static final class KilledError extends Error {}

}
