package com.agentmitra.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The media of a webhook notification's inbound messages (issue 16): for each {@code messages[]} item of type image,
 * document, audio, video or sticker, its wamid, Meta's media id and the MIME type Meta declares; and what we accept:
 * the MIME types WhatsApp itself allows for the type, at most {@link #maxBytes} (WhatsApp's own limit, documents
 * bounded lower, at 16 MB: a Lambda keeps the file in memory). Anything else is refused before any download.
 */
record InboundMedia(String wamid, String type, String mediaId, Optional<String> declaredMimeType) {

    /** Meta's media ids are digits; anything longer or odder is not one. */
    private static final Pattern MEDIA_ID = Pattern.compile("[0-9A-Za-z_-]{1,100}");
    private static final long MB = 1024L * 1024L;
    private static final Map<String, Long> MAX_BYTES = Map.of(
            "image", 5 * MB, "audio", 16 * MB, "video", 16 * MB, "document", 16 * MB, "sticker", MB / 2);
    private static final Map<String, Set<String>> MIME_TYPES = Map.of(
            "image", Set.of("image/jpeg", "image/png"),
            "sticker", Set.of("image/webp"),
            "audio", Set.of("audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"),
            "video", Set.of("video/mp4", "video/3gpp"),
            "document", Set.of("application/pdf", "text/plain", "application/msword",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.ms-powerpoint",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

    /** Every media item of a notification's {@code messages} changes (a JSON object, {@link WebhookPayload#tree}). */
    static List<InboundMedia> of(JsonNode root) {
        List<InboundMedia> media = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                if (!"messages".equals(change.path("field").asText())) {
                    continue;
                }
                for (JsonNode message : change.path("value").path("messages")) {
                    String type = message.path("type").asText("");
                    String wamid = message.path("id").asText("");
                    JsonNode body = message.path(type);
                    String id = body.path("id").asText("");
                    if (!MAX_BYTES.containsKey(type) || wamid.isEmpty() || wamid.length() > 255
                            || !MEDIA_ID.matcher(id).matches()) {
                        continue;
                    }
                    Optional<String> mime = body.path("mime_type").isTextual()
                            ? Optional.of(body.path("mime_type").asText()) : Optional.empty();
                    media.add(new InboundMedia(wamid, type, id, mime));
                }
            }
        }
        return media;
    }

    long maxBytes() {
        return MAX_BYTES.get(type);
    }

    /** Whether {@code mimeType} (parameters such as {@code ; codecs=opus} ignored) is one WhatsApp allows here. */
    boolean accepts(String mimeType) {
        return mimeType != null && MIME_TYPES.get(type).contains(essence(mimeType));
    }

    static String essence(String mimeType) {
        return mimeType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }
}
