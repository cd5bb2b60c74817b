package com.agentmitra.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The private content bucket: presigned uploads with the type and length signed, short-lived playback links, and the
 * checker's reads (the first bytes of an object, never the whole file) and removals.
 */
class ContentStore {

    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;
    private final String bucket;

    /** The clients are asked for on first use (built lazily: most requests need neither). */
    ContentStore(Supplier<S3Client> s3, Supplier<S3Presigner> presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    /**
     * A PUT URL for exactly {@code sizeBytes} bytes of {@code contentType}: both are signed headers
     * ({@code X-Amz-SignedHeaders=content-length;content-type;host}), so S3 refuses a PUT of another size or type.
     */
    String uploadUrl(String key, String contentType, long sizeBytes, Duration validFor) {
        return presigner.get().presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(contentType).contentLength(sizeBytes)))
                .url().toString();
    }

    /** A GET link that plays (inline) as {@code mimeType}. */
    String playbackUrl(String key, String mimeType, Duration validFor) {
        return presigner.get().presignGetObject(p -> p.signatureDuration(validFor)
                .getObjectRequest(o -> o.bucket(bucket).key(key).responseContentType(mimeType)
                        .responseContentDisposition("inline"))).url().toString();
    }

    /** The object's size and first {@code bytes} bytes (a ranged read); empty when it is not there. */
    Optional<Head> head(String bucketName, String key, int bytes) {
        try {
            long size = s3.get().headObject(h -> h.bucket(bucketName).key(key)).contentLength();
            if (size == 0) {
                return Optional.of(new Head(0, new byte[0]));
            }
            try (InputStream in = s3.get().getObject(g -> g.bucket(bucketName).key(key)
                    .range("bytes=0-" + (Math.min(bytes, size) - 1)))) {
                return Optional.of(new Head(size, in.readNBytes(bytes)));
            }
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String bucketName, String key) {
        s3.get().deleteObject(d -> d.bucket(bucketName).key(key));
    }

    record Head(long size, byte[] bytes) {}
}
