package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.CONSENT_EVENTS;
import static com.agentmitra.data.jooq.tenant.Tables.IMPORT_JOBS;
import static com.agentmitra.data.jooq.tenant.Tables.INSURANCE_POLICIES;
import static com.agentmitra.data.jooq.tenant.Tables.POLICYHOLDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.agentmitra.config.Env;
import com.agentmitra.data.jooq.shared.enums.ImportStatusEnum;
import com.agentmitra.data.jooq.tenant.Routines;
import com.agentmitra.data.jooq.tenant.tables.records.ConsentEventsRecord;
import com.agentmitra.data.jooq.tenant.tables.records.PolicyholdersRecord;
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
                new NewImport("Ramesh book " + file.getFileName(), null, dryRun,
                        Files.size(file)));
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
        void aCustomerHeldInAnotherAgentsBookIsRejectedWithoutSayingWhoseOrWhere() throws Exception {
            Fixtures.Agent other = fixtures.agent().create();
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            fixtures.policyholder().of(other).phone(String.format("+9190000%05d", n)).create();
            Path file = bookOf(1, n).xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);

            arrive(ticket, file);

            ImportViews.ImportView view = service.status(agent.caller(), ticket.importId());
            assertThat(view.firstErrors()).hasSize(1);
            String message = view.firstErrors().get(0).problems().get(0).message();
            assertThat(message).isEqualTo("this mobile number, customer id or policy number is already registered"
                    + " and cannot be used for another customer");
            assertThat(message).doesNotContainIgnoringCase("agent").doesNotContainIgnoringCase("book")
                    .doesNotContain(other.agentId().toString());
        }

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

            ImportViews.ReportLink link = service.errorReport(agent.caller(), ticket.importId(), "req-error-report");
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

    /** The optional consent columns (issue 13): each change recorded through record_consent as the import's. */
    @Nested
    class ConsentColumns {

        static final String[] ENGLISH = {"Customer Name", "Mobile No.", "Policy No", "Plan Name", "S.A.", "Premium",
            "Mode", "DOC", "WhatsApp Consent", "Marketing Consent"};
        static final String[] HINDI = {"नाम", "मोबाइल नंबर", "पॉलिसी नंबर", "योजना", "बीमा राशि", "प्रीमियम", "मोड",
            "प्रारंभ तिथि", "व्हाट्सएप सहमति", "विपणन सहमति"};

        /** A customer's row: policy LICC{n}, phone +91 90001 {n}, and the two consent cells. */
        Workbooks customer(Workbooks book, int n, String utility, String marketing) {
            return book.row("Sunita Devi " + n, String.format("90001%05d", n), String.format("LICC%07d", n),
                    "Jeevan Anand", "2,00,000", "1,200", "Yly", "15/01/2021", utility, marketing);
        }

        UUID holder(Fixtures.Agent agent, int n) {
            return db.ownerDsl(agent.tenant()).select(POLICYHOLDERS.POLICYHOLDER_ID).from(POLICYHOLDERS)
                    .where(POLICYHOLDERS.PHONE_NUMBER.eq(String.format("+9190001%05d", n))).fetchSingle().value1();
        }

        PolicyholdersRecord person(Fixtures.Agent agent, UUID id) {
            return db.ownerDsl(agent.tenant()).selectFrom(POLICYHOLDERS).where(POLICYHOLDERS.POLICYHOLDER_ID.eq(id))
                    .fetchSingle();
        }

        List<ConsentEventsRecord> ledger(Fixtures.Agent agent, UUID id) {
            return db.ownerDsl(agent.tenant()).selectFrom(CONSENT_EVENTS).where(CONSENT_EVENTS.POLICYHOLDER_ID.eq(id))
                    .orderBy(CONSENT_EVENTS.RECORDED_AT).fetch();
        }

        Instant uploadedAt(Fixtures.Agent agent, UUID importId) {
            return db.ownerDsl(agent.tenant()).select(IMPORT_JOBS.CREATED_AT).from(IMPORT_JOBS)
                    .where(IMPORT_JOBS.IMPORT_JOB_ID.eq(importId)).fetchSingle().value1();
        }

        /** A statement the customer made elsewhere (the app, or to their agent), a minute ago. */
        void saidElsewhere(Fixtures.Agent agent, UUID id, String source) {
            db.database().inTransaction(agent.caller(), tx -> Routines.recordConsent(tx.configuration(), id,
                    "whatsapp_utility", true, source, "test: said elsewhere", null, Instant.now().minusSeconds(60),
                    null));
        }

        @Test
        void aYesUnderAnEnglishOrHindiHeaderRecordsTheImportsStatementAndOptsTheCustomerIn() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path english = customer(customer(Workbooks.book().headers(ENGLISH), n, "Yes", null), n + 1, null, null)
                    .xlsx(dir);
            ImportViews.UploadTicket first = upload(agent, english, false);
            arrive(first, english);
            Path hindi = customer(Workbooks.book().headers(HINDI), n + 2, "हाँ", "नहीं").xlsx(dir);
            ImportViews.UploadTicket second = upload(agent, hindi, false);

            ImportRunner.Outcome outcome = arrive(second, hindi);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(second.importId(), new Counts(1, 0, 0, 0, 0)));
            assertThat((Map<String, String>) service.status(agent.caller(), first.importId()).mapping().orElseThrow()
                    .get("columns")).containsEntry("WhatsApp Consent", "policyholder.whatsapp_utility_consent")
                    .containsEntry("Marketing Consent", "policyholder.whatsapp_marketing_consent");
            assertThat((Map<String, String>) service.status(agent.caller(), second.importId()).mapping().orElseThrow()
                    .get("columns")).containsEntry("व्हाट्सएप सहमति", "policyholder.whatsapp_utility_consent")
                    .containsEntry("विपणन सहमति", "policyholder.whatsapp_marketing_consent");

            UUID yes = holder(agent, n);
            assertThat(person(agent, yes).getWhatsappUtilityOptIn()).isTrue();
            assertThat(person(agent, yes).getWhatsappUtilityConsentAt()).isEqualTo(uploadedAt(agent, first.importId()));
            assertThat(ledger(agent, yes)).singleElement().satisfies(event -> {
                assertThat(event.getPurpose()).isEqualTo("whatsapp_utility");
                assertThat(event.getGranted()).isTrue();
                assertThat(event.getSource()).isEqualTo("import");
                assertThat(event.getImportId()).isEqualTo(first.importId());
                assertThat(event.getEvidence()).isEqualTo("import " + first.importId() + " row 2");
                assertThat(event.getNoticeVersion()).isNull();
                assertThat(event.getSaidAt()).isEqualTo(uploadedAt(agent, first.importId()));
                assertThat(event.getRecordedBy()).isEqualTo(agent.userId());
                assertThat(event.getApplied()).isTrue();
            });

            UUID blank = holder(agent, n + 1);
            assertThat(ledger(agent, blank)).as("a blank cell changes nothing").isEmpty();
            assertThat(person(agent, blank).getWhatsappUtilityOptIn()).isFalse();
            assertThat(person(agent, blank).getWhatsappUtilityConsentAt()).isNull();

            UUID hindiYes = holder(agent, n + 2);
            assertThat(person(agent, hindiYes).getWhatsappUtilityOptIn()).isTrue();
            assertThat(person(agent, hindiYes).getWhatsappMarketingOptIn()).isFalse();
            assertThat(ledger(agent, hindiYes)).extracting(ConsentEventsRecord::getPurpose,
                    ConsentEventsRecord::getGranted, ConsentEventsRecord::getImportId).containsExactlyInAnyOrder(
                    tuple("whatsapp_utility", true, second.importId()),
                    tuple("whatsapp_marketing", false, second.importId()));
        }

        @Test
        void aNoWithdrawsAnEarlierImportsYesButNeverAYesTheCustomerGaveInTheAppOrToTheAgent() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path yes = customer(customer(customer(Workbooks.book().headers(ENGLISH), n, "Y", null), n + 1, null, null),
                    n + 2, null, null).csv(dir, false);
            arrive(upload(agent, yes, false), yes);
            UUID byImport = holder(agent, n);
            UUID inApp = holder(agent, n + 1);
            UUID toAgent = holder(agent, n + 2);
            saidElsewhere(agent, inApp, "app");
            saidElsewhere(agent, toAgent, "agent_recorded");
            Path no = customer(customer(customer(Workbooks.book().headers(ENGLISH), n, "N", null), n + 1, "no", null),
                    n + 2, "nahi", null).csv(dir, false);
            ImportViews.UploadTicket withdrawal = upload(agent, no, false);

            arrive(withdrawal, no);

            assertThat(person(agent, byImport).getWhatsappUtilityOptIn()).isFalse();
            assertThat(ledger(agent, byImport)).extracting(ConsentEventsRecord::getGranted,
                    ConsentEventsRecord::getApplied).containsExactly(tuple(true, true), tuple(false, true));
            for (UUID keeps : List.of(inApp, toAgent)) {
                assertThat(person(agent, keeps).getWhatsappUtilityOptIn()).isTrue();
                assertThat(ledger(agent, keeps)).last().satisfies(event -> {
                    assertThat(event.getSource()).isEqualTo("import");
                    assertThat(event.getImportId()).isEqualTo(withdrawal.importId());
                    assertThat(event.getGranted()).isFalse();
                    assertThat(event.getApplied()).as("recorded, not applied").isFalse();
                });
            }
        }

        @Test
        void theSameFileImportedAgainChangesNoStateAndRecordsNothingNew() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path file = customer(customer(Workbooks.book().headers(ENGLISH), n, "yes", "yes"), n + 1, "no", null)
                    .xlsx(dir);
            arrive(upload(agent, file, false), file);
            UUID agreed = holder(agent, n);
            UUID refused = holder(agent, n + 1);
            var before = List.of(person(agent, agreed), person(agent, refused));

            ImportViews.UploadTicket again = upload(agent, file, false);
            ImportRunner.Outcome outcome = arrive(again, file);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(again.importId(), new Counts(0, 0, 2, 0, 0)));
            assertThat(ledger(agent, agreed)).hasSize(2).noneMatch(e -> e.getImportId().equals(again.importId()));
            assertThat(ledger(agent, refused)).as("a first 'no' is a statement; the same 'no' again is not")
                    .singleElement().satisfies(e -> assertThat(e.getGranted()).isFalse());
            var after = List.of(person(agent, agreed), person(agent, refused));
            for (int i = 0; i < 2; i++) {
                assertThat(after.get(i).getWhatsappUtilityOptIn()).isEqualTo(before.get(i).getWhatsappUtilityOptIn());
                assertThat(after.get(i).getWhatsappUtilityConsentAt())
                        .isEqualTo(before.get(i).getWhatsappUtilityConsentAt());
                assertThat(after.get(i).getWhatsappMarketingOptIn())
                        .isEqualTo(before.get(i).getWhatsappMarketingOptIn());
            }
            assertThat(person(agent, agreed).getWhatsappUtilityOptIn()).isTrue();
            assertThat(person(agent, agreed).getWhatsappMarketingOptIn()).isTrue();
        }

        @Test
        void aValueThatIsNeitherYesNorNoRejectsTheRowAndNothingOfItIsWritten() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path file = customer(customer(Workbooks.book().headers(ENGLISH), n, "yes", null), n + 1, "maybe", "yes")
                    .xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, false);

            ImportRunner.Outcome outcome = arrive(ticket, file);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(ticket.importId(), new Counts(1, 0, 0, 1, 0)));
            assertThat(service.status(agent.caller(), ticket.importId()).firstErrors()).singleElement()
                    .satisfies(error -> {
                        assertThat(error.row()).isEqualTo(3);
                        assertThat(error.problems()).singleElement().satisfies(problem -> {
                            assertThat(problem.column()).isEqualTo("WhatsApp Consent");
                            assertThat(problem.message()).contains("yes or no");
                        });
                    });
            assertThat(db.ownerDsl(agent.tenant()).fetchCount(POLICYHOLDERS, POLICYHOLDERS.PHONE_NUMBER.eq(
                    String.format("+9190001%05d", n + 1)))).isZero();
            assertThat(db.ownerDsl(agent.tenant()).fetchCount(CONSENT_EVENTS,
                    CONSENT_EVENTS.IMPORT_ID.eq(ticket.importId()))).as("only the good row's statement").isEqualTo(1);
        }

        @Test
        void aRowTheDatabaseRefusesRecordsNoConsentAndTheRestOfItsBatchDoes() throws Exception {
            Fixtures.Agent other = fixtures.agent().create();
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path theirs = customer(Workbooks.book().headers(ENGLISH), n, null, null).csv(dir, false);
            arrive(upload(other, theirs, false), theirs);
            Path mine = customer(customer(Workbooks.book().headers(ENGLISH), n + 1, "yes", null), n, "yes", null)
                    .csv(dir, false);
            ImportViews.UploadTicket ticket = upload(agent, mine, false);

            ImportRunner.Outcome outcome = arrive(ticket, mine);

            assertThat(outcome).isEqualTo(new ImportRunner.Completed(ticket.importId(), new Counts(1, 0, 0, 1, 0)));
            assertThat(ledger(other, holder(other, n))).isEmpty();
            assertThat(person(other, holder(other, n)).getWhatsappUtilityOptIn()).isFalse();
            assertThat(ledger(agent, holder(agent, n + 1))).singleElement()
                    .satisfies(e -> assertThat(e.getImportId()).isEqualTo(ticket.importId()));
        }

        @Test
        void aDryRunRecordsNoConsent() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            int n = unique();
            Path file = customer(Workbooks.book().headers(ENGLISH), n, "yes", "yes").xlsx(dir);
            ImportViews.UploadTicket ticket = upload(agent, file, true);

            arrive(ticket, file);

            assertThat(db.ownerDsl(agent.tenant()).fetchCount(CONSENT_EVENTS,
                    CONSENT_EVENTS.IMPORT_ID.eq(ticket.importId()))).isZero();
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
            ImportViews.UploadTicket ticket = service.start(me.caller(), new NewImport("book.xlsx", null, false, 1_000L));

            assertThatThrownBy(() -> service.status(other.caller(), ticket.importId()))
                    .isInstanceOf(ApiProblem.NotFound.class);
        }

        @Test
        void onlyTheFileKindsWeReadCanBeStarted() {
            assertThatThrownBy(() -> new NewImport("book.pdf", null, false, 1_000L)).isInstanceOf(ApiProblem.InvalidInput.class);
        }

        @Test
        void theUploadKeyCarriesTenantAgentAndImportAndASafeFileName() {
            Fixtures.Agent me = fixtures.agent().create();

            ImportViews.UploadTicket ticket = service.start(me.caller(), new NewImport("../../my book (1).xlsx", null, false, 1_000L));

            assertThat(ticket.key()).isEqualTo("imports/" + me.tenant().code() + "/" + me.agentId() + "/"
                    + ticket.importId() + "/my book _1_.xlsx");
        }
    }

    /** {@code GET /imports}: the caller's imports, newest first, paged with a signed cursor. */
    @Nested
    class TheCallersImports {

        @Test
        void areListedNewestFirstWithStatusAndCountsAPageAtATime() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Fixtures.Agent other = fixtures.agent().create();
            Path file = bookOf(2, unique()).xlsx(dir);
            ImportViews.UploadTicket first = upload(agent, file, false);
            arrive(first, file);
            ImportViews.UploadTicket second = service.start(agent.caller(), new NewImport("b.xlsx", null, false, 1L));
            ImportViews.UploadTicket third = service.start(agent.caller(), new NewImport("c.xlsx", null, true, 1L));
            service.start(other.caller(), new NewImport("theirs.xlsx", null, false, 1L));

            var page = service.list(agent.caller(), java.util.Optional.empty(), 2);
            var rest = service.list(agent.caller(), page.nextCursor(), 2);

            assertThat(page.items()).extracting(ImportViews.ImportSummary::importId)
                    .containsExactly(third.importId(), second.importId());
            assertThat(page.items().get(0).dryRun()).isTrue();
            assertThat(page.items().get(0).status()).isEqualTo("pending");
            assertThat(rest.items()).singleElement().satisfies(done -> {
                assertThat(done.importId()).isEqualTo(first.importId());
                assertThat(done.status()).isEqualTo("completed");
                assertThat(done.counts()).isEqualTo(new ImportViews.CountsView(2, 0, 0, 0, 0));
                assertThat(done.completedAt()).isPresent();
            });
            assertThat(rest.nextCursor()).isEmpty();
        }

        @Test
        void aForgedCursorIsABadRequest() {
            Fixtures.Agent agent = fixtures.agent().create();

            assertThatThrownBy(() -> service.list(agent.caller(), java.util.Optional.of("forged.cursor"), 10))
                    .isInstanceOf(ApiProblem.InvalidInput.class);
        }
    }

    /** Stands in for the Lambda runtime killing the invocation between two batches. */
    static final class KilledError extends Error {}

}
