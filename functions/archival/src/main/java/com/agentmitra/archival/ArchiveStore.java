package com.agentmitra.archival;

import com.agentmitra.lambda.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive in S3: {@code archive/{tenant}/{table}/{yyyy}/{mm}/part-N.jsonl.gz} (gzip-compressed JSON Lines)
 * with {@code part-N.manifest.json} beside it. Writing a part means putting the object, reading it back, checking
 * its SHA-256 and row count, and only then putting the manifest.
 */
final class ArchiveStore {

    private final S3Client s3;
    private final String bucket;

    ArchiveStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String prefix(String tenant, String table, YearMonth month) {
        return "archive/%s/%s/%04d/%02d/".formatted(tenant, table, month.getYear(), month.getMonthValue());
    }

    /** The manifests already written for a table-month, in part order. */
    List<Manifest> manifests(String tenant, String table, YearMonth month) {
        List<Manifest> manifests = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket)
                .prefix(prefix(tenant, table, month))).contents()) {
            if (object.key().endsWith(".manifest.json")) {
                byte[] json = s3.getObjectAsBytes(request -> request.bucket(bucket).key(object.key())).asByteArray();
                try {
                    manifests.add(Json.mapper().readValue(json, Manifest.class));
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable archive manifest " + object.key(), e);
                }
            }
        }
        manifests.sort(Comparator.comparingInt(Manifest::part));
        return manifests;
    }

    /** Writes, reads back and verifies one part, then writes its manifest. */
    Manifest write(String tenant, String table, YearMonth month, int part, List<ArchiveRow> rows, java.time.Instant now) {
        String key = prefix(tenant, table, month) + "part-" + part + ".jsonl.gz";
        byte[] object = gzip(rows);
        String sha256 = sha256(object);
        s3.putObject(request -> request.bucket(bucket).key(key).contentType("application/gzip")
                .contentEncoding("identity"), RequestBody.fromBytes(object));
        Manifest manifest = new Manifest(1, tenant, table, month.toString(), part, key, rows.size(),
                rows.getFirst().key().at(), rows.getFirst().key().id(),
                rows.getLast().key().at(), rows.getLast().key().id(), sha256, now);
        verify(manifest);
        s3.putObject(request -> request.bucket(bucket).key(manifestKey(key)).contentType("application/json"),
                RequestBody.fromString(Json.write(manifest)));
        return manifest;
    }

    /** Reads the part back from S3 and checks checksum and row count; answers its rows. */
    List<String> verify(Manifest manifest) {
        byte[] object = s3.getObjectAsBytes(request -> request.bucket(bucket).key(manifest.objectKey())).asByteArray();
        if (!sha256(object).equals(manifest.sha256())) {
            throw new IllegalStateException("archive object " + manifest.objectKey() + " does not match its checksum");
        }
        List<String> rows = gunzip(object);
        if (rows.size() != manifest.rowCount()) {
            throw new IllegalStateException("archive object " + manifest.objectKey() + " holds " + rows.size()
                    + " rows, its manifest says " + manifest.rowCount());
        }
        return rows;
    }

    private static String manifestKey(String objectKey) {
        return objectKey.replace(".jsonl.gz", ".manifest.json");
    }

    private static byte[] gzip(List<ArchiveRow> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            for (ArchiveRow row : rows) {
                out.write(row.json());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<String> gunzip(byte[] object) {
        try (var reader = new java.io.BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(object)), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("archive object is not valid gzip", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
