package com.agentmitra.imports.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentmitra.imports.HostileWorkbooks;
import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.mapping.HeaderMatcher;
import com.agentmitra.imports.mapping.HeaderSearch;
import com.agentmitra.imports.rows.RowParser;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated malformed files ({@link HostileWorkbooks#fuzzed}: random cells, exponents, references,
 * sizes, broken XML, zip, CSV and .xls structure) through the reader, header search and row parser as an import
 * runs them. Each must be read or refused ({@link UnreadableFileException}) within {@link #PER_FILE_MILLIS} and
 * {@link #PER_FILE_ALLOCATION} bytes allocated: never another exception, an {@code Error} or a hang. The seed is
 * fixed and printed; {@code -Dfuzz.seed=...} and {@code -Dfuzz.files=...} run another set.
 */
class WorkbookFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_207L);
    static final int FILES = Integer.getInteger("fuzz.files", 3_000);
    static final long PER_FILE_MILLIS = 5_000;
    static final long PER_FILE_ALLOCATION = 256L * 1024 * 1024;

    private static final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fuzz-reader");
        thread.setDaemon(true);
        return thread;
    });

    @TempDir
    Path dir;

    /** How one file went. */
    record Outcome(int index, String result, long millis, long allocated) {}

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    @Test
    void everyMalformedWorkbookIsReadOrRefusedWithinItsBoundsNeverAnErrorOrAHang() throws Exception {
        System.out.println("WorkbookFuzzTest seed " + SEED + ", " + FILES + " files (-Dfuzz.seed, -Dfuzz.files)");
        byte[] xlsBase = HostileWorkbooks.xlsBase(dir);
        List<String> failures = new ArrayList<>();
        Map<HostileWorkbooks.Kind, int[]> refusedOfKind = new EnumMap<>(HostileWorkbooks.Kind.class);
        Outcome slowest = null;
        Outcome hungriest = null;

        for (int i = 0; i < FILES; i++) {
            Path file = HostileWorkbooks.fuzzed(SEED, i, dir, xlsBase);
            Outcome outcome = readBounded(i, file);
            Files.delete(file);
            HostileWorkbooks.Kind kind = HostileWorkbooks.Kind.values()[i % HostileWorkbooks.Kind.values().length];
            int[] counts = refusedOfKind.computeIfAbsent(kind, k -> new int[2]);
            counts[outcome.result().equals("read") ? 0 : 1]++;
            if (!outcome.result().equals("read") && !outcome.result().equals("refused")) {
                failures.add("file " + i + " (seed " + SEED + "): " + outcome.result());
            } else if (outcome.millis() > PER_FILE_MILLIS) {
                failures.add("file " + i + " (seed " + SEED + "): took " + outcome.millis() + " ms");
            } else if (outcome.allocated() > PER_FILE_ALLOCATION) {
                failures.add("file " + i + " (seed " + SEED + "): allocated " + outcome.allocated() + " bytes");
            }
            slowest = slowest == null || outcome.millis() > slowest.millis() ? outcome : slowest;
            hungriest = hungriest == null || outcome.allocated() > hungriest.allocated() ? outcome : hungriest;
            if (outcome.result().startsWith("hang")) {
                break; // the worker is stuck on it: nothing after it would be bounded
            }
        }

        System.out.println("WorkbookFuzzTest read/refused by kind " + describe(refusedOfKind) + "; slowest file "
                + slowest + ", most allocating file " + hungriest);
        assertThat(failures).as("files not read or refused within bounds").isEmpty();
        assertThat(refusedOfKind.values().stream().mapToInt(c -> c[0]).sum()).as("files read").isPositive();
        assertThat(refusedOfKind.values().stream().mapToInt(c -> c[1]).sum()).as("files refused").isPositive();
    }

    private static String describe(Map<HostileWorkbooks.Kind, int[]> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((kind, c) -> text.append(kind).append(' ').append(c[0]).append('/').append(c[1]).append(' '));
        return text.toString().strip();
    }

    /** Reads {@code file} on the worker thread, as an import would, within the time bound. */
    static Outcome readBounded(int index, Path file) throws Exception {
        Future<Outcome> read = worker.submit(() -> readOnThisThread(index, file));
        try {
            return read.get(PER_FILE_MILLIS * 4, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            read.cancel(true);
            return new Outcome(index, "hang: no answer within " + PER_FILE_MILLIS * 4 + " ms", PER_FILE_MILLIS * 4, 0);
        }
    }

    private static Outcome readOnThisThread(int index, Path file) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        String result;
        try {
            new SpreadsheetReader(ReadLimits.DEFAULT).read(file, file.getFileName().toString(), pipeline());
            result = "read";
        } catch (UnreadableFileException refused) {
            result = refused.getMessage() == null || refused.getMessage().isBlank() ? "refused without a reason"
                    : "refused";
        } catch (Throwable other) {
            result = "threw " + other;
        }
        return new Outcome(index, result, (System.nanoTime() - started) / 1_000_000,
                threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }

    /** Header search, then every row through the row parser, as {@code ImportRunner} does. */
    private static HeaderSearch pipeline() {
        HeaderSearch.Data parse = new HeaderSearch.Data() {
            private RowParser parser;

            @Override
            public void mapped(ColumnMapping mapping, OptionalInt lastRow) {
                parser = new RowParser(mapping, UUID.randomUUID(), LocalDate.of(2026, 12, 7));
            }

            @Override
            public RowVisitor.Next row(SheetRow row) {
                parser.parse(row);
                return RowVisitor.Next.CONTINUE;
            }
        };
        return new HeaderSearch(HeaderMatcher.synonymsOnly(), parse);
    }
}
