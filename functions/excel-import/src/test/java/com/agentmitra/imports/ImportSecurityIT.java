package com.agentmitra.imports;

import static com.agentmitra.data.jooq.tenant.Tables.EXCEL_TEMPLATES;
import static com.agentmitra.data.jooq.tenant.Tables.IMPORT_JOBS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.agentmitra.config.Env;
import com.agentmitra.data.Caller;
import com.agentmitra.data.Role;
import com.agentmitra.imports.mapping.HeaderMatcher;
import com.agentmitra.imports.read.Cell;
import com.agentmitra.imports.read.ReadLimits;
import com.agentmitra.imports.read.RowVisitor;
import com.agentmitra.imports.read.SheetRow;
import com.agentmitra.imports.read.SpreadsheetReader;
import com.agentmitra.imports.read.UnreadableFileException;
import com.agentmitra.imports.rows.ParsedRow;
import com.agentmitra.imports.rows.RowParser;
import com.agentmitra.imports.rows.RowProblem;
import com.agentmitra.lambda.ApiProblem;
import com.agentmitra.lambda.AwsClients;
import com.agentmitra.testing.Fixtures;
import com.agentmitra.testing.InProcessAws;
import com.agentmitra.testing.TestDatabase;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's findings against the import, each as the attack it was, which now fails: hostile workbooks (an
 * exponent bomb, a reference far past XFD or row 1,048,576, a cell longer than Excel allows, a flood of shared
 * strings, zip entries that unpack to far more than a workbook needs, an Error inside the read) end as a refused
 * file or a rejected row within seconds; letters in a phone cell are refused, not dialled; a customer cannot save an
 * import template, in code or in the database; the upload URL binds the declared size; an agent cannot pile up
 * imports.
 */
class ImportSecurityIT {

    static final String BUCKET = "agent-mitra-imports-security";
    static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    /** A hostile file must be over long before this (the benchmark shows the figures; this only catches a hang). */
    static final long WITHIN_SECONDS = 10;

    static TestDatabase db;
    static InProcessAws aws;

    final Fixtures fixtures = new Fixtures(db);
    final ImportRepository jobs = new ImportRepository();
    final UploadStore store = Env.with(aws.environment(),
            () -> new UploadStore(aws.s3(), AwsClients.s3Presigner(), BUCKET));
    final ImportsConfig config = new ImportsConfig(BUCKET, 50L * 1024 * 1024, 200_000, 1_000, Duration.ZERO);
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

    /** POST /imports, the PUT to the presigned URL, then the S3 event: the finished job as the agent sees it. */
    private ImportViews.ImportView imported(Fixtures.Agent agent, Path file) throws Exception {
        ImportViews.UploadTicket ticket = service.start(agent.caller(),
                new NewImport(file.getFileName().toString(), null, false, Files.size(file)));
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ticket.uploadUrl())).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        new ImportRunner(db.database(), db.tenants(), jobs, store, config, clock, ImportRunner.Checkpoint.NONE)
                .run(BUCKET, ticket.key(), Files.size(file), "etag");
        return service.status(agent.caller(), ticket.importId());
    }

    private static long secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    @Nested
    class HostileWorkbooksEndAsARefusalWithinSeconds {

        @Test
        void anExponentBombInAPhoneCellStaysTextAndOnlyItsRowIsRejected() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path bomb = HostileWorkbooks.exponentBomb(dir);
            long started = System.nanoTime();

            ImportViews.ImportView job = imported(agent, bomb);

            assertThat(Files.size(bomb)).isLessThan(4_096); // a couple of KB, as the issue saw it
            assertThat(secondsSince(started)).isLessThan(WITHIN_SECONDS);
            assertThat(job.status()).isEqualTo("completed");
            assertThat(job.counts().rejected()).isEqualTo(1);
            assertThat(job.firstErrors()).singleElement().satisfies(row -> assertThat(row.problems())
                    .contains(new RowProblem("Mobile No.", "is not a phone number: it holds letters")));
        }

        @Test
        void theExponentBombIsReadAsTheTextItIs() {
            List<SheetRow> rows = new ArrayList<>();
            new SpreadsheetReader(ReadLimits.DEFAULT).read(HostileWorkbooks.exponentBomb(dir), "book.xlsx",
                    collect(rows));

            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).cell(1)).isEqualTo(new Cell("1E40000000", false));
        }

        @Test
        void aCellFarPastColumnXfdFailsTheImportNamingExcelsLastColumn() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            long started = System.nanoTime();

            ImportViews.ImportView job = imported(agent, HostileWorkbooks.farColumn(dir));

            assertThat(secondsSince(started)).isLessThan(WITHIN_SECONDS);
            assertThat(job.status()).isEqualTo("failed");
            assertThat(job.failureReason().orElseThrow()).contains("beyond column XFD");
        }

        @Test
        void aRowPastExcelsLastRowFailsTheImport() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();

            ImportViews.ImportView job = imported(agent, HostileWorkbooks.farRow(dir));

            assertThat(job.status()).isEqualTo("failed");
            assertThat(job.failureReason().orElseThrow()).contains("beyond row 1,048,576");
        }

        @Test
        void aCellLongerThanExcelAllowsFailsTheImport() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();

            ImportViews.ImportView job = imported(agent, HostileWorkbooks.hugeCell(dir, Cell.MAX_TEXT + 1));

            assertThat(job.status()).isEqualTo("failed");
            assertThat(job.failureReason().orElseThrow()).contains("more than 32767 characters");
        }

        @Test
        void aCellOfExactlyExcelsLimitIsRead() {
            List<SheetRow> rows = new ArrayList<>();
            new SpreadsheetReader(ReadLimits.DEFAULT).read(HostileWorkbooks.hugeCell(dir, Cell.MAX_TEXT),
                    "book.xlsx", collect(rows));

            assertThat(rows.get(1).cell(0).text()).hasSize(Cell.MAX_TEXT);
        }

        @Test
        void aFloodOfSharedStringsFailsTheImportBeforeItFillsTheHeap() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path flood = HostileWorkbooks.sharedStringsFlood(dir, ReadLimits.DEFAULT.maxSharedStrings() + 1);
            long started = System.nanoTime();

            ImportViews.ImportView job = imported(agent, flood);

            assertThat(secondsSince(started)).isLessThan(WITHIN_SECONDS);
            assertThat(job.status()).isEqualTo("failed");
            assertThat(job.failureReason().orElseThrow()).contains("more than 1000000 different texts");
        }

        @Test
        void aSettingsPartThatUnpacksPastItsLimitFailsTheImportBeforePoiReadsIt() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();
            Path bomb = HostileWorkbooks.settingsPartBomb(dir, 17);
            long started = System.nanoTime();

            ImportViews.ImportView job = imported(agent, bomb);

            assertThat(secondsSince(started)).isLessThan(WITHIN_SECONDS);
            assertThat(job.status()).isEqualTo("failed");
            assertThat(job.failureReason().orElseThrow()).contains("settings parts unpack to more than 16 MB");
        }

        @Test
        void aSheetThatUnpacksPastTheEntryLimitIsRefusedAsAZipBomb() {
            Path bomb = HostileWorkbooks.sheetEntryBomb(dir, 3);
            SpreadsheetReader small = new SpreadsheetReader(new ReadLimits(200_000, 2L * 1024 * 1024));

            assertThatThrownBy(() -> small.read(bomb, "book.xlsx", collect(new ArrayList<>())))
                    .isInstanceOf(UnreadableFileException.class).hasMessageContaining("zip bomb");
        }

        @Test
        void anErrorDuringTheReadIsARefusalOfTheFileNotAFailedInvocation() {
            RowVisitor exhausting = new RowVisitor() {
                @Override
                public void sheet(String name, OptionalInt lastRow) {}

                @Override
                public Next row(SheetRow row) {
                    throw new OutOfMemoryError("Java heap space");
                }
            };

            assertThatThrownBy(() -> new SpreadsheetReader(ReadLimits.DEFAULT).read(Workbooks.book().validRow(1)
                    .xlsx(dir), "book.xlsx", exhausting)).isInstanceOf(UnreadableFileException.class)
                    .hasMessageContaining("more memory");
        }

        private RowVisitor collect(List<SheetRow> rows) {
            return new RowVisitor() {
                @Override
                public void sheet(String name, OptionalInt lastRow) {}

                @Override
                public Next row(SheetRow row) {
                    rows.add(row);
                    return Next.CONTINUE;
                }
            };
        }
    }

    @Nested
    class LettersInAPhoneCell {

        @Test
        void areRefusedNotTurnedIntoKeypadDigits() {
            RowParser parser = new RowParser(HeaderMatcher.synonymsOnly().map("Book", 1, Workbooks.HEADERS),
                    UUID.randomUUID(), LocalDate.of(2026, 12, 7));
            for (String phone : List.of("98765ABCDE", "1-800-FLOWERS")) {
                ParsedRow parsed = parser.parse(new SheetRow(2, List.of(Cell.text("Ramesh Kumar"), Cell.text(phone),
                        Cell.text("LIC0000001"), Cell.text("Jeevan Anand"), Cell.number("500000"),
                        Cell.number("2500"), Cell.text("Yly"), Cell.text("15/01/2020"))));

                assertThat(parsed).as(phone).isInstanceOfSatisfying(ParsedRow.Rejected.class, rejected ->
                        assertThat(rejected.problems()).contains(new RowProblem("Mobile No.",
                                "is not a phone number: it holds letters")));
            }
        }
    }

    @Nested
    class ACustomerSavingAnImportTemplate {

        private final NewTemplate template = new NewTemplate("Mine " + UUID.randomUUID(), null,
                java.util.Map.of("Mob", "policyholder.phone_number"));

        @Test
        void isForbiddenByTheService() {
            Fixtures.Agent agent = fixtures.agent().create();
            Caller customer = Caller.user(agent.tenant(), UUID.randomUUID(), Role.POLICYHOLDER);
            Caller supportDesk = Caller.user(agent.tenant(), UUID.randomUUID(), Role.SUPPORT_STAFF);

            assertThatThrownBy(() -> service.saveTemplate(customer, template))
                    .isInstanceOf(ApiProblem.Forbidden.class)
                    .hasMessageContaining("only agents and administrators create import templates");
            assertThatThrownBy(() -> service.saveTemplate(supportDesk, template))
                    .isInstanceOf(ApiProblem.Forbidden.class);
            assertThat(service.saveTemplate(agent.caller(), template).name()).isEqualTo(template.name());
        }

        @Test
        void isRefusedByTheDatabaseWhenCodeForgetsToCheck() {
            Fixtures.Agent agent = fixtures.agent().create();
            Caller customer = Caller.user(agent.tenant(), UUID.randomUUID(), Role.POLICYHOLDER);

            assertThatThrownBy(() -> db.database().inTransaction(customer, tx -> insertTemplate(tx)))
                    .isInstanceOf(DataAccessException.class).hasMessageContaining("row-level security");
            int inserted = db.database().inTransaction(agent.caller(), tx -> insertTemplate(tx));
            assertThat(inserted).isEqualTo(1);
        }

        @Test
        void cannotChangeOrRemoveOneEither() {
            Fixtures.Agent agent = fixtures.agent().create();
            Caller customer = Caller.user(agent.tenant(), UUID.randomUUID(), Role.POLICYHOLDER);
            String name = "Kept " + UUID.randomUUID();
            db.database().inTransaction(agent.caller(), tx -> tx.insertInto(EXCEL_TEMPLATES)
                    .set(EXCEL_TEMPLATES.TEMPLATE_NAME, name)
                    .set(EXCEL_TEMPLATES.COLUMN_MAPPING, JSONB.valueOf("{}")).execute());

            Integer changed = db.database().inTransaction(customer, tx -> tx.update(EXCEL_TEMPLATES)
                    .set(EXCEL_TEMPLATES.DESCRIPTION, "mine now").where(EXCEL_TEMPLATES.TEMPLATE_NAME.eq(name))
                    .execute());
            Integer removed = db.database().inTransaction(customer, tx -> tx.deleteFrom(EXCEL_TEMPLATES)
                    .where(EXCEL_TEMPLATES.TEMPLATE_NAME.eq(name)).execute());

            assertThat(changed).isEqualTo(0);
            assertThat(removed).isEqualTo(0);
            assertThat(db.ownerDsl(agent.tenant()).fetchExists(EXCEL_TEMPLATES,
                    EXCEL_TEMPLATES.TEMPLATE_NAME.eq(name).and(EXCEL_TEMPLATES.DESCRIPTION.isNull()))).isTrue();
        }

        private int insertTemplate(org.jooq.DSLContext tx) {
            return tx.insertInto(EXCEL_TEMPLATES).set(EXCEL_TEMPLATES.TEMPLATE_NAME, "Forged " + UUID.randomUUID())
                    .set(EXCEL_TEMPLATES.COLUMN_MAPPING, JSONB.valueOf("{\"Mob\": \"policyholder.phone_number\"}"))
                    .execute();
        }
    }

    @Nested
    class ThePresignedUpload {

        @Test
        void isSignedForTheDeclaredSizeSoS3RefusesAPutOfAnotherSize() throws Exception {
            Fixtures.Agent agent = fixtures.agent().create();

            ImportViews.UploadTicket ticket = service.start(agent.caller(),
                    new NewImport("book.xlsx", null, false, 12_345L));

            String query = URI.create(ticket.uploadUrl()).getRawQuery();
            String signed = List.of(query.split("&")).stream().filter(p -> p.startsWith("X-Amz-SignedHeaders="))
                    .map(p -> URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8))
                    .findFirst().orElseThrow();
            assertThat(List.of(signed.split(";"))).contains("content-length", "host");
            assertThat(ticket.sizeBytes()).isEqualTo(12_345L);
        }

        @Test
        void cannotBeAskedForMoreThanTheLargestUpload() {
            Fixtures.Agent agent = fixtures.agent().create();

            assertThatThrownBy(() -> service.start(agent.caller(),
                    new NewImport("book.xlsx", null, false, 5L * 1024 * 1024 * 1024)))
                    .isInstanceOf(ApiProblem.InvalidInput.class);
            assertThatThrownBy(() -> new NewImport("book.xlsx", null, false, null))
                    .isInstanceOf(ApiProblem.InvalidInput.class);
        }
    }

    @Nested
    class PendingImportsOfOneAgent {

        @Test
        void stopAtFiveWithATooManyRequestsProblem() {
            Fixtures.Agent agent = fixtures.agent().create();
            for (int i = 0; i < ImportService.MAX_IN_FLIGHT; i++) {
                service.start(agent.caller(), new NewImport("book-" + i + ".xlsx", null, false, 1_000L));
            }

            assertThatThrownBy(() -> service.start(agent.caller(), new NewImport("book-6.xlsx", null, false, 1_000L)))
                    .isInstanceOfSatisfying(ApiProblem.TooManyRequests.class, problem -> assertThat(problem)
                            .hasMessageContaining("already have 5 imports waiting for their file or running"));
            Fixtures.Agent other = fixtures.agent().create();
            assertThat(service.start(other.caller(), new NewImport("book.xlsx", null, false, 1_000L)).importId())
                    .isNotNull();
        }

        @Test
        void countOnlyWhileTheirUploadUrlIsValid() {
            Fixtures.Agent agent = fixtures.agent().create();
            for (int i = 0; i < ImportService.MAX_IN_FLIGHT; i++) {
                service.start(agent.caller(), new NewImport("book-" + i + ".xlsx", null, false, 1_000L));
            }
            assertThatThrownBy(() -> service.start(agent.caller(), new NewImport("book-6.xlsx", null, false, 1_000L)))
                    .isInstanceOf(ApiProblem.TooManyRequests.class);
            db.ownerDsl(agent.tenant()).update(IMPORT_JOBS) // as if started 16 minutes ago: their URLs expired
                    .set(IMPORT_JOBS.CREATED_AT, Instant.now().minus(ImportsConfig.UPLOAD_URL_VALIDITY).minusSeconds(60))
                    .where(IMPORT_JOBS.AGENT_ID.eq(agent.agentId())).execute();

            assertThat(service.start(agent.caller(), new NewImport("book-6.xlsx", null, false, 1_000L)).importId())
                    .isNotNull();
        }
    }
}
