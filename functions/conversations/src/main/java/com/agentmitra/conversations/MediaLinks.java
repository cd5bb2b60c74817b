package com.agentmitra.conversations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Short-lived download links to media customers sent (issue 16), kept in the private media bucket by the WhatsApp
 * inbound consumer. Made only after the caller's thread read found the message (row level security: the customer
 * record's visibility), so a link is never handed to someone who cannot see the customer.
 */
interface MediaLinks {

    Duration VALID_FOR = Duration.ofMinutes(5);

    Views.Media link(String key, Views.Media media);

    /** No media bucket configured: the thread says what the media is, without a link. */
    static MediaLinks none() {
        return (key, media) -> media;
    }

    static MediaLinks presigned(S3Presigner presigner, String bucket, Clock clock) {
        return (key, media) -> {
            Instant expires = clock.instant().plus(VALID_FOR);
            String url = presigner.presignGetObject(request -> request.signatureDuration(VALID_FOR)
                    .getObjectRequest(get -> get.bucket(bucket).key(key)
                            .responseContentDisposition("attachment"))).url().toString();
            return new Views.Media(media.status(), media.mimeType(), url, expires);
        };
    }
}
