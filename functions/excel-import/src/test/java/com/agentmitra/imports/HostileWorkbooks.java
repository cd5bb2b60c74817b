package com.agentmitra.imports;

import com.agentmitra.imports.read.ReadLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Workbooks an attacker would upload (issue 15), written part by part as a zip so every byte is ours: numbers with
 * huge exponents, references past XFD or row 1,048,576, cells longer than Excel allows, floods of shared strings,
 * parts that unpack to far more than any workbook needs, and {@link #fuzzed} ones: random cells, exponents,
 * references, sizes and broken XML, zip or CSV structure. Used by the security tests, the fuzz test and the
 * hostile-workbook benchmark.
 */
public final class HostileWorkbooks {

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
    static final String OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private HostileWorkbooks() {}

    /** The parts of a minimal .xlsx (one sheet "Book", shared strings); replace or add parts, then write it. */
    public static final class Package {
        private final Map<String, byte[]> parts = new LinkedHashMap<>();

        Package() {
            put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas"
                    + ".openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\""
                    + "application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                    + "ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override "
                    + "PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                    + "officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" "
                    + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
                    + "\"/></Types>");
            put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + RELS + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + OFFICE_RELS + "/officeDocument\" Target=\"xl/workbook"
                    + ".xml\"/></Relationships>");
            put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + MAIN
                    + "\" xmlns:r=\"" + OFFICE_RELS + "\"><sheets><sheet name=\"Book\" sheetId=\"1\" r:id=\"rId1\"/>"
                    + "</sheets></workbook>");
            put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                    + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OFFICE_RELS + "/worksheet\" Target=\""
                    + "worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + OFFICE_RELS + "/sharedStrings\""
                    + " Target=\"sharedStrings.xml\"/></Relationships>");
            put("xl/sharedStrings.xml", sharedStrings(List.of()));
            put("xl/worksheets/sheet1.xml", HostileWorkbooks.sheet(header()));
        }

        public Package put(String name, String xml) {
            return put(name, xml.getBytes(StandardCharsets.UTF_8));
        }

        public Package put(String name, byte[] bytes) {
            parts.put(name, bytes);
            return this;
        }

        public Package sheet(String xml) {
            return put("xl/worksheets/sheet1.xml", xml);
        }

        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                    zip.putNextEntry(new ZipEntry(part.getKey()));
                    zip.write(part.getValue());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        public Path write(Path file) {
            try {
                Files.write(file, bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }
    }

    public static Package xlsx() {
        return new Package();
    }

    /** A worksheet part holding {@code rows} ({@code <row>} elements). */
    public static String sheet(String... rows) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + MAIN + "\"><dimension ref=\"A1:L"
                + rows.length + "\"/><sheetData>" + String.join("", rows) + "</sheetData></worksheet>";
    }

    public static String sharedStrings(List<String> strings) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + MAIN
                + "\" count=\"" + strings.size() + "\" uniqueCount=\"" + strings.size() + "\">");
        strings.forEach(s -> xml.append("<si><t>").append(escape(s)).append("</t></si>"));
        return xml.append("</sst>").toString();
    }

    /** Row 1: the register's headers ({@link Workbooks#HEADERS}) as inline strings. */
    public static String header() {
        StringBuilder row = new StringBuilder("<row r=\"1\">");
        for (int c = 0; c < Workbooks.HEADERS.size(); c++) {
            row.append(inline(column(c) + "1", Workbooks.HEADERS.get(c)));
        }
        return row.append("</row>").toString();
    }

    /** Row {@code r}: a valid register row whose mobile number cell (column B) holds {@code phoneCell}. */
    public static String rowWithPhone(int r, String phoneCell) {
        return "<row r=\"" + r + "\">" + inline("A" + r, "Ramesh Kumar") + phoneCell + inline("C" + r, "LIC0000001")
                + inline("D" + r, "Jeevan Anand") + number("E" + r, "500000") + number("F" + r, "2500")
                + inline("G" + r, "Yly") + inline("H" + r, "15/01/2020") + "</row>";
    }

    public static String inline(String ref, String text) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + escape(text) + "</t></is></c>";
    }

    public static String number(String ref, String raw) {
        return "<c r=\"" + ref + "\"><v>" + raw + "</v></c>";
    }

    public static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            name.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return name.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // --- the attacks of issue 15 -----------------------------------------------------------------------------------

    /** About 1 KB: a proper register whose mobile number cell is the number 1E40000000 (forty million digits). */
    public static Path exponentBomb(Path dir) {
        return xlsx().sheet(sheet(header(), rowWithPhone(2, number("B2", "1E40000000")))).write(dir.resolve(
                "exponent-bomb.xlsx"));
    }

    /** A cell at column ZZZZ (far past XFD): a reader that pads up to it makes hundreds of millions of cells. */
    public static Path farColumn(Path dir) {
        return xlsx().sheet(sheet(header(), "<row r=\"2\">" + inline("ZZZZZZ2", "x") + "</row>"))
                .write(dir.resolve("far-column.xlsx"));
    }

    /** A row numbered past 1,048,576. */
    public static Path farRow(Path dir) {
        return xlsx().sheet(sheet(header(), rowWithPhone(2_000_000_000, number("B2000000000", "9000000001"))))
                .write(dir.resolve("far-row.xlsx"));
    }

    /** A cell of {@code chars} characters (Excel holds at most 32,767). */
    public static Path hugeCell(Path dir, int chars) {
        return xlsx().sheet(sheet(header(), "<row r=\"2\">" + inline("A2", "a".repeat(chars)) + "</row>"))
                .write(dir.resolve("huge-cell.xlsx"));
    }

    /** {@code count} different shared strings, each a short number, none used. */
    public static Path sharedStringsFlood(Path dir, int count) {
        StringBuilder xml = new StringBuilder(count * 24).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst "
                + "xmlns=\"" + MAIN + "\">");
        Random random = new Random(count);
        for (int i = 0; i < count; i++) {
            xml.append("<si><t>").append(Integer.toString(random.nextInt() & 0x7fffffff, 36)).append("</t></si>");
        }
        xml.append("</sst>");
        return xlsx().put("xl/sharedStrings.xml", xml.toString()).write(dir.resolve("shared-strings-flood.xlsx"));
    }

    /**
     * A part POI reads whole ({@code docProps/app.xml}) that unpacks to {@code megabytes} of text random enough to
     * pass the zip inflate-ratio check: an entry bomb below the old 1 GB limit.
     */
    public static Path settingsPartBomb(Path dir, int megabytes) {
        return xlsx().put("docProps/app.xml", randomXml(megabytes * 1024 * 1024, new Random(megabytes)))
                .write(dir.resolve("settings-part-bomb.xlsx"));
    }

    /** A worksheet part of {@code megabytes} of random-enough rows, to meet the unpacked-entry limit. */
    public static Path sheetEntryBomb(Path dir, int megabytes) {
        Random random = new Random(megabytes);
        StringBuilder rows = new StringBuilder(megabytes * 1024 * 1024 + 1024);
        rows.append(header());
        for (int r = 2; rows.length() < megabytes * 1024 * 1024; r++) {
            rows.append("<row r=\"").append(r % ReadLimits.MAX_SHEET_ROWS + 1).append("\">")
                    .append(inline("A" + (r % ReadLimits.MAX_SHEET_ROWS + 1), Long.toString(random.nextLong(), 36)))
                    .append("</row>");
        }
        return xlsx().sheet(sheet(rows.toString())).write(dir.resolve("sheet-entry-bomb.xlsx"));
    }

    /**
     * A worksheet part that unpacks to {@code bytes} of elements the reader has no use for, random enough (about 6
     * to 1) to pass the inflate-ratio check, so an upload under the 50 MB limit unpacks to past the entry limit.
     * Streamed, so hundreds of megabytes need no memory.
     */
    public static Path junkSheet(Path dir, long bytes) {
        Path file = dir.resolve("junk-sheet.xlsx");
        Package parts = xlsx();
        Random random = new Random(bytes);
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> part : parts.parts.entrySet()) {
                if (!part.getKey().equals("xl/worksheets/sheet1.xml")) {
                    zip.putNextEntry(new ZipEntry(part.getKey()));
                    zip.write(part.getValue());
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + MAIN + "\"><sheetData>"
                    + header()).getBytes(StandardCharsets.UTF_8));
            byte[] element = "<x a=\"..\"/>".getBytes(StandardCharsets.UTF_8);
            byte[] block = new byte[element.length * 4096];
            for (long written = 0; written < bytes; written += block.length) {
                for (int e = 0; e < 4096; e++) {
                    System.arraycopy(element, 0, block, e * element.length, element.length);
                    for (int k = 0; k < 2; k++) {
                        block[e * element.length + 6 + k] = alphabet[random.nextInt(alphabet.length)];
                    }
                }
                zip.write(block);
            }
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static byte[] randomXml(int bytes, Random random) {
        ByteArrayOutputStream xml = new ByteArrayOutputStream(bytes + 64);
        xml.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties>".getBytes(StandardCharsets.UTF_8));
        byte[] letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[64];
        while (xml.size() < bytes) {
            xml.writeBytes("<p>".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < line.length; i++) {
                line[i] = letters[random.nextInt(letters.length)];
            }
            xml.writeBytes(line);
            xml.writeBytes("</p>".getBytes(StandardCharsets.UTF_8));
        }
        xml.writeBytes("</Properties>".getBytes(StandardCharsets.UTF_8));
        return xml.toByteArray();
    }

    // --- fuzzing ---------------------------------------------------------------------------------------------------

    /** The kinds of file {@link #fuzzed} makes, in turn. */
    public enum Kind { CELLS, SHARED_STRINGS, BROKEN_XML, BROKEN_ZIP, CSV, XLS }

    /**
     * The {@code index}-th file of the fuzz set of {@code seed}: the same seed and index always give the same bytes.
     * Small (at most a few hundred KB), so thousands run in a minute; every one must be read or refused within a
     * bound, never hang or throw anything but the reader's refusal.
     */
    public static Path fuzzed(long seed, int index, Path dir, byte[] xlsBase) {
        Random random = new Random(seed * 1_000_003L + index);
        Kind kind = Kind.values()[index % Kind.values().length];
        Path file = dir.resolve("fuzz-" + index + switch (kind) {
            case CSV -> ".csv";
            case XLS -> ".xls";
            default -> ".xlsx";
        });
        byte[] bytes = switch (kind) {
            case CELLS -> xlsx().sheet(randomSheet(random)).bytes();
            case SHARED_STRINGS -> xlsx().put("xl/sharedStrings.xml", randomSharedStrings(random))
                    .sheet(randomSheet(random)).bytes();
            case BROKEN_XML -> xlsx().sheet(breakText(randomSheet(random), random)).bytes();
            case BROKEN_ZIP -> breakBytes(xlsx().sheet(randomSheet(random)).bytes(), random);
            case CSV -> randomCsv(random).getBytes(StandardCharsets.UTF_8);
            case XLS -> breakBytes(xlsBase, random);
        };
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String randomSheet(Random random) {
        int rows = 1 + random.nextInt(24);
        int hostility = 1 + random.nextInt(4) * random.nextInt(40); // 1 in ... rows and cells is out of bounds
        StringBuilder xml = new StringBuilder(header());
        for (int r = 0; r < rows; r++) {
            String rowRef = random.nextInt(hostility * 8) == 0 ? randomRowRef(random) : Integer.toString(r + 2);
            xml.append(rowRef == null ? "<row>" : "<row r=\"" + rowRef + "\">");
            int cells = random.nextInt(random.nextInt(20) == 0 ? 400 : 14);
            for (int c = 0; c < cells; c++) {
                xml.append(randomCell(random, c, rowRef == null ? "1" : rowRef, hostility));
            }
            xml.append("</row>");
        }
        return sheet(xml.toString());
    }

    private static String randomRowRef(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Integer.toString(1_048_576 + random.nextInt(3));
            case 2 -> Long.toString(random.nextLong() & Long.MAX_VALUE);
            case 3 -> "0";
            case 4 -> "-" + random.nextInt(10);
            default -> "x" + random.nextInt(10);
        };
    }

    private static String randomCell(Random random, int column, String row, int hostility) {
        String ref = random.nextInt(hostility * 16) != 0 ? column(column) + row : switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> "XFD" + row;
            case 2 -> "XFE" + row;
            case 3 -> "ZZZZZZZZ" + row;
            case 4 -> column(random.nextInt(16_384)) + row;
            case 5 -> "a" + row;
            case 6 -> "1";
            default -> "A" + row; // the same cell again
        };
        String r = ref == null ? "" : " r=\"" + ref + "\"";
        return switch (random.nextInt(9)) {
            case 0, 1 -> "<c" + r + "><v>" + randomNumber(random) + "</v></c>";
            case 2 -> "<c" + r + " t=\"s\"><v>" + (random.nextInt(20) - 2) + "</v></c>";
            case 3 -> "<c" + r + " t=\"inlineStr\"><is><t>" + escape(randomText(random)) + "</t></is></c>";
            case 4 -> "<c" + r + " t=\"b\"><v>" + random.nextInt(3) + "</v></c>";
            case 5 -> "<c" + r + " t=\"e\"><v>#N/A</v></c>";
            case 6 -> "<c" + r + " t=\"str\"><f>A1&amp;B1</f><v>" + escape(randomText(random)) + "</v></c>";
            case 7 -> "<c" + r + " t=\"" + randomText(random).replace("\"", "") + "\"><v>1</v></c>";
            default -> "<c" + r + "><v>" + escape(randomText(random)) + "</v></c>";
        };
    }

    private static String randomNumber(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "1E" + (random.nextInt(2_000_000_000));
            case 1 -> "9.99E-" + random.nextInt(2_000_000_000);
            case 2 -> "1" + "0".repeat(random.nextInt(200));
            case 3 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> "NaN";
            case 5 -> "1e99999999999";
            case 6 -> "-" + random.nextInt();
            default -> Long.toString(6_000_000_000L + (random.nextLong() & 0xFFFFFFFFL));
        };
    }

    private static String randomText(Random random) {
        int length = switch (random.nextInt(1_000)) {
            case 0 -> 32_767;
            case 1 -> 32_768 + random.nextInt(100);
            case 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 -> random.nextInt(5_000);
            default -> random.nextInt(24);
        };
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(8)) {
                case 0 -> (char) ('0' + random.nextInt(10));
                case 1 -> 'E';
                case 2 -> (char) (0x0900 + random.nextInt(0x80)); // Devanagari
                case 3 -> ' ';
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return text.toString();
    }

    private static String randomSharedStrings(Random random) {
        boolean flood = random.nextInt(10) == 0;
        int count = random.nextInt(flood ? 50_000 : 50);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + MAIN + "\">");
        for (int i = 0; i < count; i++) {
            if (flood) {
                xml.append("<si><t>").append(i).append("</t></si>");
                continue;
            }
            switch (random.nextInt(6)) {
                case 0 -> xml.append("<si/>");
                case 1 -> xml.append("<si><r><t>").append(escape(randomText(random))).append("</t></r><rPh><t>x</t>"
                        + "</rPh></si>");
                default -> xml.append("<si><t>").append(escape(randomText(random))).append("</t></si>");
            }
        }
        return random.nextInt(5) == 0 ? xml.toString() : xml.append("</sst>").toString();
    }

    private static String breakText(String xml, Random random) {
        int at = random.nextInt(xml.length());
        return switch (random.nextInt(5)) {
            case 0 -> xml.substring(0, at);
            case 1 -> xml.substring(0, at) + "<" + xml.substring(at);
            case 2 -> xml.substring(0, at) + "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" + xml.substring(at);
            case 3 -> xml.substring(0, at) + "\u0000\uFFFF" + xml.substring(at);
            default -> xml.substring(0, at) + "</sheetData>" + xml.substring(at);
        };
    }

    private static byte[] breakBytes(byte[] bytes, Random random) {
        byte[] broken = bytes.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(broken, random.nextInt(broken.length));
            }
            case 1 -> {
                for (int i = 1 + random.nextInt(20); i > 0; i--) {
                    broken[random.nextInt(broken.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(broken.length);
                for (int i = at; i < Math.min(broken.length, at + 1 + random.nextInt(200)); i++) {
                    broken[i] = (byte) random.nextInt(256);
                }
            }
            default -> {
                for (int i = 0; i < 4 && broken.length > 40; i++) { // sizes and offsets in the zip or OLE2 headers
                    int at = broken.length - 1 - random.nextInt(Math.min(broken.length, 200));
                    broken[at] = (byte) 0xFF;
                }
            }
        }
        return broken;
    }

    private static String randomCsv(Random random) {
        StringBuilder csv = new StringBuilder(String.join(",", Workbooks.HEADERS)).append("\r\n");
        int rows = random.nextInt(60);
        for (int r = 0; r < rows; r++) {
            int fields = random.nextInt(random.nextInt(20) == 0 ? 20_000 : 14);
            for (int f = 0; f < fields; f++) {
                switch (random.nextInt(6)) {
                    case 0 -> csv.append('"').append(randomText(random).replace("\"", "\"\"")).append('"');
                    case 1 -> csv.append(randomNumber(random));
                    case 2 -> csv.append('"');
                    default -> csv.append(randomText(random).replace(',', ';'));
                }
                csv.append(',');
            }
            csv.append(random.nextBoolean() ? "\r\n" : "\n");
        }
        return csv.toString();
    }

    /** An .xls of a valid register, the base the fuzz set breaks. */
    public static byte[] xlsBase(Path dir) {
        try {
            return Files.readAllBytes(Workbooks.book().validRow(1).validRow(2).xls(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
