package com.agentmitra.imports;

import com.agentmitra.imports.read.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The imports bucket: presigned upload and download URLs, the upload copied to a local file in bounded chunks (an
 * .xlsx is a zip whose directory sits at its end, so it is read from a file, never held in memory), reports back.
 */
final class UploadStore {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    UploadStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    /** The same clients on another bucket: the upload trigger works in the bucket its event names. */
    UploadStore forBucket(String other) {
        return other.equals(bucket) ? this : new UploadStore(s3, presigner, other);
    }

    /**
     * A PUT URL for exactly {@code sizeBytes} bytes: {@code Content-Length} is one of its signed headers
     * ({@code X-Amz-SignedHeaders=content-length;host}), so S3 refuses a PUT of any other size. A browser sets that
     * header itself from the body it sends.
     */
    URL uploadUrl(String key, long sizeBytes, Duration validFor) {
        return presigner.presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentLength(sizeBytes))).url();
    }

    URL downloadUrl(String key, String fileName, Duration validFor) {
        return presigner.presignGetObject(p -> p.signatureDuration(validFor)
                .getObjectRequest(o -> o.bucket(bucket).key(key)
                        .responseContentDisposition("attachment; filename=\"" + fileName + "\""))).url();
    }

    /** Copies the object to {@code target}; more than {@code maxBytes} stops the copy and fails the import. */
    void download(String key, Path target, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(o -> o.bucket(bucket).key(key));
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[256 * 1024];
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > maxBytes) {
                    in.abort();
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (NoSuchKeyException e) {
            throw new UnreadableFileException("the uploaded file is no longer in storage; upload it again", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UnreadableFileException tooLarge(long maxBytes) {
        return new UnreadableFileException("the file is larger than " + (maxBytes / (1024 * 1024))
                + " MB; split it into smaller files");
    }

    void put(String key, Path file, String contentType) {
        s3.putObject(o -> o.bucket(bucket).key(key).contentType(contentType).serverSideEncryption("AES256"),
                RequestBody.fromFile(file));
    }

    InputStream open(String key) {
        return s3.getObject(o -> o.bucket(bucket).key(key));
    }
}
