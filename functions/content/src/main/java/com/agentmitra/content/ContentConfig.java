package com.agentmitra.content;

import com.agentmitra.config.Env;
import com.agentmitra.messaging.SqsWhatsappOutbox;
import java.time.Duration;

/**
 * The content functions' settings, read once at cold start: the private bucket uploads go to ({@code CONTENT_BUCKET}),
 * the size bounds of an upload ({@code CONTENT_MAX_VIDEO_MB}, default 200; {@code CONTENT_MAX_DOCUMENT_MB}, default
 * 20), how long an upload or playback link is valid ({@code CONTENT_LINK_MINUTES}, default 10), where shares are
 * queued ({@code WHATSAPP_OUTBOUND_QUEUE_URL}, the API only) and the app's base address a shared link opens
 * ({@code CONTENT_APP_BASE_URL}). Fails naming every missing one.
 */
record ContentConfig(String bucket, long maxVideoBytes, long maxDocumentBytes, Duration linkValidity,
        String whatsappOutboundQueueUrl, String appBaseUrl) {

    static final long MB = 1024L * 1024L;

    static ContentConfig fromEnvironment(boolean api) {
        Env.Reader env = Env.reader();
        String bucket = env.required("CONTENT_BUCKET");
        int videoMb = env.optionalInt("CONTENT_MAX_VIDEO_MB", 200);
        int documentMb = env.optionalInt("CONTENT_MAX_DOCUMENT_MB", 20);
        int minutes = env.optionalInt("CONTENT_LINK_MINUTES", 10);
        if (videoMb < 1 || videoMb > 5_000) {
            env.problem("CONTENT_MAX_VIDEO_MB must be between 1 and 5000");
        }
        if (documentMb < 1 || documentMb > 500) {
            env.problem("CONTENT_MAX_DOCUMENT_MB must be between 1 and 500");
        }
        if (minutes < 1 || minutes > 60) {
            env.problem("CONTENT_LINK_MINUTES must be between 1 and 60");
        }
        String queue = api ? env.required(SqsWhatsappOutbox.QUEUE_URL_VARIABLE) : null;
        String app = env.optional("CONTENT_APP_BASE_URL", "https://app.agentmitra.in");
        env.validate();
        return new ContentConfig(bucket, videoMb * MB, documentMb * MB, Duration.ofMinutes(minutes), queue,
                app.endsWith("/") ? app.substring(0, app.length() - 1) : app);
    }
}
