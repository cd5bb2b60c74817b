package com.agentmitra.imports;

import com.agentmitra.imports.mapping.ColumnMapping;
import com.agentmitra.imports.mapping.HeaderMatcher;
import com.agentmitra.imports.mapping.HeaderSearch;
import com.agentmitra.imports.read.ReadLimits;
import com.agentmitra.imports.read.RowVisitor;
import com.agentmitra.imports.read.SheetRow;
import com.agentmitra.imports.read.SpreadsheetReader;
import com.agentmitra.imports.read.UnreadableFileException;
import com.agentmitra.imports.rows.RowParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The hostile-workbook benchmark (module README, "Bounds"): in one JVM capped at {@code -Xmx512m}, reads every file
 * of the fuzz set ({@link HostileWorkbooks#fuzzed}, the seed and count of {@code WorkbookFuzzTest}) and the named
 * attacks of issue 15 at full size, as an import reads them (reader, header search, row parser), and prints how long
 * each took, the slowest, and the peak heap. Every file must be read or refused; anything else stops the run.
 */
public final class HostileBenchmark {

    static final long SEED = 20_261_207L;

    private HostileBenchmark() {}

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : SEED;
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        Path dir = Files.createTempDirectory("hostile-bench");
        System.out.printf("hostile workbooks: max heap %d MB, fuzz seed %d, %d files%n",
                Runtime.getRuntime().maxMemory() / (1024 * 1024), seed, files);

        byte[] xlsBase = HostileWorkbooks.xlsBase(dir);
        long slowest = 0;
        int slowestIndex = -1;
        long slowestWarm = 0;
        int slowestWarmIndex = -1;
        int refused = 0;
        long started = System.nanoTime();
        for (int i = 0; i < files; i++) {
            Path file = HostileWorkbooks.fuzzed(seed, i, dir, xlsBase);
            long t0 = System.nanoTime();
            boolean read = read(file);
            long nanos = System.nanoTime() - t0;
            Files.delete(file);
            refused += read ? 0 : 1;
            if (nanos > slowest) {
                slowest = nanos;
                slowestIndex = i;
            }
            if (i >= 100 && nanos > slowestWarm) {
                slowestWarm = nanos;
                slowestWarmIndex = i;
            }
        }
        System.out.printf("fuzz set: %d files in %.1f s, %d refused, %d read; slowest file %d: %.0f ms (cold JVM);"
                        + " slowest after the first 100: file %d, %.0f ms%n", files, seconds(started), refused,
                files - refused, slowestIndex, slowest / 1e6, slowestWarmIndex, slowestWarm / 1e6);

        Map<String, Supplier<Path>> attacks = new LinkedHashMap<>();
        attacks.put("exponent bomb (1E40000000 in a phone cell)", () -> HostileWorkbooks.exponentBomb(dir));
        attacks.put("cell far past column XFD", () -> HostileWorkbooks.farColumn(dir));
        attacks.put("row past 1,048,576", () -> HostileWorkbooks.farRow(dir));
        attacks.put("cell of 32,768 characters", () -> HostileWorkbooks.hugeCell(dir, 32_768));
        attacks.put("1,000,001 shared strings", () -> HostileWorkbooks.sharedStringsFlood(dir, 1_000_001));
        attacks.put("settings part of 17 MB", () -> HostileWorkbooks.settingsPartBomb(dir, 17));
        attacks.put("sheet part of 129 MB of junk elements", () -> HostileWorkbooks.junkSheet(dir, 129L * 1024 * 1024));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Supplier<Path>> attack : attacks.entrySet()) {
            Path file = attack.getValue().get();
            long size = Files.size(file);
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            String outcome;
            try {
                read(file, true);
                outcome = "read";
            } catch (UnreadableFileException e) {
                outcome = "refused: " + e.getMessage();
            }
            lines.add(String.format("%-45s %9.1f KB %8.0f ms  peak heap %4d MB  %s", attack.getKey(), size / 1024.0,
                    (System.nanoTime() - t0) / 1e6, peakHeapMb(), outcome));
            Files.delete(file);
        }
        lines.forEach(System.out::println);
    }

    private static boolean read(Path file) {
        try {
            read(file, true);
            return true;
        } catch (UnreadableFileException e) {
            return false;
        }
    }

    /** Reader, header search and row parser, as {@code ImportRunner} runs them; anything but a refusal stops us. */
    private static void read(Path file, boolean parseRows) {
        HeaderSearch.Data parse = new HeaderSearch.Data() {
            private RowParser parser;

            @Override
            public void mapped(ColumnMapping mapping, OptionalInt lastRow) {
                parser = new RowParser(mapping, UUID.randomUUID(), LocalDate.of(2026, 12, 7));
            }

            @Override
            public RowVisitor.Next row(SheetRow row) {
                if (parseRows) {
                    parser.parse(row);
                }
                return RowVisitor.Next.CONTINUE;
            }
        };
        new SpreadsheetReader(ReadLimits.DEFAULT).read(file, file.getFileName().toString(),
                new HeaderSearch(HeaderMatcher.synonymsOnly(), parse));
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
