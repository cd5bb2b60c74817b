package com.agentmitra.lambda;

import java.util.Objects;
import java.util.Optional;

/**
 * An object S3 says was created, from either of the two ways S3 tells Lambda: a notification record
 * ({@code Records[].s3}) or an EventBridge {@code Object Created} event ({@code detail}).
 *
 * @param key the key as the event carries it: a notification URL-encodes it (spaces as {@code +})
 */
public record CreatedObject(String bucket, String key, long sizeBytes, Optional<String> eTag) {

    public CreatedObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
    }
}
