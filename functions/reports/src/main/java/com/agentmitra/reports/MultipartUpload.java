package com.agentmitra.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 object written as a stream: bytes gather in one part buffer ({@link #PART_BYTES}) and each full part is
 * uploaded as it fills (S3 multipart upload), so a file of any size costs one buffer of memory. {@link #close}
 * uploads the last part and completes the object; {@link #abort} (on any failure) discards the parts, leaving no
 * object. The number of bytes written is the file's size.
 */
final class MultipartUpload extends OutputStream {

    /** S3 wants at least 5 MiB for every part but the last. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private boolean closed;

    MultipartUpload(S3Client s3, String bucket, String key, String contentType) {
        this(s3, bucket, key, contentType, PART_BYTES);
    }

    MultipartUpload(S3Client s3, String bucket, String key, String contentType, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.buffer = new byte[partBytes];
        this.uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == buffer.length) {
            flushPart();
        }
        buffer[filled++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == buffer.length) {
                flushPart();
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            size += n;
        }
    }

    long size() {
        return size;
    }

    private void flushPart() {
        int number = parts.size() + 1;
        String etag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) filled), RequestBody.fromBytes(
                java.util.Arrays.copyOf(buffer, filled))).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** Uploads the last part and completes the object. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (filled > 0 || parts.isEmpty()) {
            flushPart();
        }
        s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));
    }

    /** Discards whatever was uploaded; never throws. */
    void abort() {
        closed = true;
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the bucket's lifecycle rule removes incomplete uploads after a day
        }
    }
}
