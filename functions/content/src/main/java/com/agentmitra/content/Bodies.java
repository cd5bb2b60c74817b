package com.agentmitra.content;

import java.util.List;
import java.util.UUID;

/** The JSON bodies of the content routes (unknown fields are refused by the shared reader). */
final class Bodies {

    private Bodies() {}

    /** {@code POST /content}: a YouTube explainer. */
    record NewContent(String title, String description, String category, List<String> tags, String language,
            List<String> targetAudience, String difficulty, String youtubeUrl, Integer durationSeconds) {}

    /**
     * {@code POST /content/uploads}: the same description plus the file to come ({@code fileName},
     * {@code contentType} video/mp4, video/webm or application/pdf, {@code sizeBytes}).
     */
    record NewUpload(String title, String description, String category, List<String> tags, String language,
            List<String> targetAudience, String difficulty, String fileName, String contentType, Long sizeBytes,
            Integer durationSeconds) {}

    /** {@code PATCH /content/{id}}: only what is given changes; {@code featured} is for moderators. */
    record Change(String title, String description, String category, List<String> tags, String language,
            List<String> targetAudience, String difficulty, String youtubeUrl, Integer durationSeconds,
            Boolean featured) {}

    /** {@code decision}: approve or reject; {@code reason} required when rejecting. */
    record Moderation(String decision, String reason) {}

    record View(UUID sessionId, Integer watchedSeconds, Boolean completed, String device, String source) {}

    record Rating(Integer rating) {}

    record Share(List<UUID> policyholderIds) {}
}
